// Mounts every player on a static book page: no widget manager, no requirejs, no CDN.
// Each player's data is embedded in the page; the models below have the shape anywidget gives
// (get / set / on / send / save_changes), and keep progress with progress.js.
import players, { walk } from "./players.js";
import { flashcardState, onProgress, readSection, renderDashboard, SCENARIOS, SELFCHECK, writeSection } from "./progress.js";
import { FLASHCARDS, RATINGS, replayCards } from "./revision-core.js";
import selfcheck from "./selfcheck.js";
import { choiceOrder, itemOrders, learnerId } from "./shuffle.js";

const LEARNER = learnerId();

function staticModel(initial, { onSet, onSend } = {}) {
  const state = { ...initial };
  const listeners = new Map();
  const model = {
    get: (key) => state[key],
    set: (key, value) => {
      state[key] = value;
      for (const callback of listeners.get(`change:${key}`) || []) callback();
      onSet?.(key, value);
    },
    on: (event, callback) => listeners.set(event, [...(listeners.get(event) || []), callback]),
    off: (event) => listeners.delete(event),
    send: (message) => onSend?.(message, model),
    save_changes: () => {},
  };
  return model;
}

function selfCheckModel(data) {
  // swcourse.selfcheck.v1 keeps one record per item, {answer, checked}: the last checked answer,
  // as core.scoring takes it. A reload shows it again with its verdict, the revision hub scores
  // it against the key, export carries it, and clearing an answer removes its record.
  const items = data.items.map((item) => ({ ...item, display: itemOrders(item, LEARNER) }));
  const ids = new Set(items.map((item) => item.id));
  const saved = readSection(SELFCHECK);
  const answers = Object.fromEntries(Object.entries(saved)
    .filter(([id, r]) => ids.has(id) && r && r.answer !== undefined)
    .map(([id, r]) => [id, { answer: r.answer, checked: r.checked }]));
  return staticModel({ ...data, items, answers }, {
    onSet: (key, value) => {
      if (key !== "answers") return;
      const all = readSection(SELFCHECK);  // other pages' items stay as they are
      for (const id of ids) {
        if (value[id]) all[id] = { answer: value[id].answer, checked: value[id].checked };
        else delete all[id];
      }
      writeSection(SELFCHECK, all);
    },
  });
}

/** A scenario remembers where the learner is, and the last ending reached, across reloads. */
function scenarioModel(data) {
  const id = data.scenario.id;
  const saved = readSection(SCENARIOS)[id];
  const valid = Array.isArray(saved?.path) && walk(data.scenario, saved.path).taken.length === saved.path.length;
  return staticModel({ ...data, path: valid ? saved.path : [] }, {
    onSet: (key, value) => {
      if (key !== "path") return;
      const all = readSection(SCENARIOS);
      const state = walk(data.scenario, value);
      const saved = new Date().toISOString();
      const entry = { ...all[id], path: value, saved };
      if (state.finished) entry.last_ending = { ending: state.step, score: state.score, ended: saved };
      writeSection(SCENARIOS, { ...all, [id]: entry });
    },
  });
}

async function flashcardModel(data) {
  const lib = await import("../vendor/ts-fsrs.mjs");
  const decks = Object.fromEntries(data.decks.map((d) => [d.id, d]));
  const asked = new URLSearchParams(window.location.search).get("deck");
  let deck = decks[asked] ? asked : "all";

  function snapshot(now = new Date()) {
    const { reviews, states, queue, perDay } = flashcardState(lib, decks[deck].cards, decks[deck].limited, now);
    const upcoming = Object.values(states).map((c) => c.due.toISOString()).sort()[0];
    return { deck, queue: [...queue.reviews, ...queue.new], counts: queue.counts,
      settings: { new_per_day: perDay }, stats: { reviewed: reviews.length, next_due: upcoming } };
  }

  function update(model, now) {
    const next = snapshot(now);
    for (const key of ["deck", "counts", "settings", "stats", "queue"]) model.set(key, next[key]);
  }

  const model = staticModel({ ...data, ...snapshot() }, {
    onSend: (message) => {
      const section = readSection(FLASHCARDS);
      if (message.type === "deck" && decks[message.id]) {
        deck = message.id;
        update(model);
      } else if (message.type === "settings" && Number.isInteger(message.new_per_day)) {
        writeSection(FLASHCARDS, { ...section, settings: { ...section.settings, new_per_day: message.new_per_day } });
      } else if (message.type === "rate" && RATINGS.includes(message.rating)) {
        const now = new Date();
        const reviews = [...(section.reviews || []), { card: message.id, rating: message.rating, at: now.toISOString() }];
        const state = replayCards(reviews.filter((r) => r.card === message.id), lib)[message.id];
        model.set("last", { id: message.id, due: state.due.toISOString() });
        writeSection(FLASHCARDS, { ...section, reviews });  // its event redraws every player
      }
    },
  });
  onProgress(() => update(model));
  return model;
}

const MODELS = {
  scenario: (data) => {
    const nodes = Object.fromEntries(Object.entries(data.scenario.nodes).map(([id, node]) =>
      [id, { ...node, order: choiceOrder(data.scenario, id, LEARNER) }]));
    return scenarioModel({ ...data, scenario: { ...data.scenario, nodes } });
  },
  selfcheck: (data) => selfCheckModel(data),
  flashcards: (data) => flashcardModel(data),
};

for (const container of document.querySelectorAll(".swc-widget[data-kind]")) {
  const data = JSON.parse(container.querySelector("script.swc-data").textContent);
  const mount = container.querySelector(".swc-mount");
  const fallback = container.querySelector(".swc-static");
  const show = () => {
    mount.hidden = false;
    if (fallback) fallback.hidden = true;
  };
  if (data.kind === "dashboard") {
    renderDashboard(mount, data);
    show();
    continue;
  }
  Promise.resolve(MODELS[data.kind](data)).then((model) => {
    (data.kind === "selfcheck" ? selfcheck : players).render({ model, el: mount });
    show();
  });
}
