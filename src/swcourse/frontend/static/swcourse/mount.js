// Mounts every player on a static book page: no widget manager, no requirejs, no CDN.
// Each player's data is embedded in the page; the models below have the shape anywidget gives
// (get / set / on / send / save_changes), and keep progress with progress.js.
import players from "./players.js";
import { loadProgress, onProgress, renderDashboard, saveProgress } from "./progress.js";
import selfcheck from "./selfcheck.js";
import { choiceOrder, itemOrders, learnerId } from "./shuffle.js";

const LEARNER = learnerId();
const ANSWERS_KEY = "swcourse.selfcheck.v1";  // {item id: {answer, checked}}: the last checked answers

function loadAnswers() {
  try {
    const data = JSON.parse(localStorage.getItem(ANSWERS_KEY) || "{}");
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  } catch {
    return {};
  }
}

function saveAnswers(answers) {
  try {
    localStorage.setItem(ANSWERS_KEY, JSON.stringify(answers));
  } catch {
    // storage full or blocked: the answer still shows on this page, only a reload forgets it
  }
}

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
  const items = data.items.map((item) => ({ ...item, display: itemOrders(item, LEARNER) }));
  const ids = new Set(items.map((item) => item.id));
  const saved = loadAnswers();
  const answers = Object.fromEntries(Object.entries(saved).filter(([id]) => ids.has(id)));
  return staticModel({ ...data, items, answers, results: loadProgress().selfcheck }, {
    onSet: (key, value) => {
      if (key === "answers") {
        const all = loadAnswers();  // other pages' answers stay as they are
        for (const id of ids) {
          if (value[id]) all[id] = value[id];
          else delete all[id];
        }
        saveAnswers(all);
      }
      if (key !== "results") return;
      const progress = loadProgress();
      for (const [id, result] of Object.entries(value)) progress.selfcheck[id] = result;
      saveProgress(progress);
    },
  });
}

async function flashcardModel(data) {
  const { fsrs, createEmptyCard, generatorParameters, Rating } = await import("../vendor/ts-fsrs.mjs");
  const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));
  const grade = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };
  const revive = (card) => ({ ...card, due: new Date(card.due), last_review: card.last_review ? new Date(card.last_review) : undefined });

  function snapshot(now = new Date()) {
    const saved = loadProgress().cards;
    const due = data.cards.filter((c) => saved[c.id] && new Date(saved[c.id].due) <= now)
      .sort((a, b) => new Date(saved[a.id].due) - new Date(saved[b.id].due)).map((c) => c.id);
    const fresh = data.cards.filter((c) => !saved[c.id]).map((c) => c.id);
    const upcoming = Object.values(saved).map((c) => c.due).sort()[0];
    return { queue: [...due, ...fresh], stats: { reviewed: loadProgress().reviews, next_due: upcoming } };
  }

  const model = staticModel({ ...data, ...snapshot() }, {
    onSend: (message) => {
      if (message.type !== "rate" || !(message.rating in grade)) return;
      const progress = loadProgress();
      const now = new Date();
      const current = progress.cards[message.id] ? revive(progress.cards[message.id]) : createEmptyCard(now);
      const { card } = scheduler.next(current, now, grade[message.rating]);
      progress.cards[message.id] = card;
      progress.reviews += 1;
      saveProgress(progress);
      const next = snapshot(now);
      model.set("last", { id: message.id, due: card.due.toISOString() });
      model.set("stats", next.stats);
      model.set("queue", next.queue);
    },
  });
  onProgress(() => {
    const next = snapshot();
    model.set("stats", next.stats);
    model.set("queue", next.queue);
  });
  return model;
}

const MODELS = {
  scenario: (data) => {
    const nodes = Object.fromEntries(Object.entries(data.scenario.nodes).map(([id, node]) =>
      [id, { ...node, order: choiceOrder(data.scenario, id, LEARNER) }]));
    return staticModel({ ...data, scenario: { ...data.scenario, nodes } });
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
