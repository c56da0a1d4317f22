// Mounts every scenario on a static book page: no widget manager, no requirejs, no CDN.
// The scenario JSON is embedded in the page; the model below has the shape anywidget gives.
import player from "./scenario.js";

function staticModel(initial) {
  const state = { ...initial };
  const listeners = new Map();
  return {
    get: (key) => state[key],
    set: (key, value) => {
      state[key] = value;
      for (const callback of listeners.get(`change:${key}`) || []) callback();
    },
    on: (event, callback) => {
      listeners.set(event, [...(listeners.get(event) || []), callback]);
    },
    off: (event) => listeners.delete(event),
    save_changes: () => {},
  };
}

for (const container of document.querySelectorAll(".swc-scenario[data-scenario]")) {
  const data = container.querySelector("script.swc-data");
  const fallback = container.querySelector(".swc-static");
  const mount = container.querySelector(".swc-mount");
  if (!data || !mount) continue;
  const model = staticModel({ scenario: JSON.parse(data.textContent), path: [] });
  player.render({ model, el: mount });
  mount.hidden = false;
  if (fallback) fallback.hidden = true;
}
