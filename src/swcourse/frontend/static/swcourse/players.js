// The course's players: one ES module for every interactive thing and both hosts.
// In Jupyter/Voilà anywidget calls render({model, el}) with a synced widget model; in the static
// book, mount.js calls it with a small in-page model of the same shape (get / set / on / send /
// save_changes). `model.get("kind")` picks the player: scenario or flashcards (the book's
// self-checks are selfcheck.js). Players decide nothing the Python core decides: scenario scores,
// best paths, ending labels and each learner's choice order arrive precomputed, and flashcard
// scheduling happens in the host (Python fsrs, or ts-fsrs in the book). Its imports (dom.js,
// revision-core.js) load from _static in the book and arrive inlined under anywidget
// (swcourse.frontend.esm).

import { h, headingLevel, pointsText } from "./dom.js";
import { countsText } from "./revision-core.js";

/** Walk a path of choice indices: the steps taken, the total score, and where it stands. */
export function walk(scenario, path) {
  const taken = [];
  let step = scenario.start;
  let score = 0;
  for (const index of path) {
    const node = scenario.nodes[step];
    const choice = node && node.choices[index];
    if (!choice) break;
    taken.push({ nodeId: step, node, index, choice });
    score += choice.score;
    step = choice.next;
  }
  const ending = scenario.endings[step] || null;
  return { taken, score, step, node: scenario.nodes[step] || null, ending, finished: !!ending };
}

function topScore(node) {
  return Math.max(...node.choices.map((choice) => choice.score));
}

function renderScenario({ model, el }) {
  const level = Number(el.dataset.headingLevel) || headingLevel(el);
  const heading = (text, extra = {}) => h(`h${level}`, extra, text);
  let showFeedback = false;
  let lastSetLength = null;

  const live = h("div", { class: "swc-live", "aria-live": "polite", role: "status" });
  const body = h("div", { class: "swc-body" });
  const root = h("section", { class: "swc-player" }, body, live);
  el.replaceChildren(root);

  const scenario = () => model.get("scenario");
  const path = () => model.get("path") || [];

  function setPath(next) {
    lastSetLength = next.length;
    model.set("path", next);
    model.save_changes();
  }

  function focus(node) {
    node.setAttribute("tabindex", "-1");
    node.focus({ preventScroll: false });
  }

  function choose(index) {
    showFeedback = true;
    setPath([...path(), index]);
    const state = walk(scenario(), path());
    const last = state.taken[state.taken.length - 1];
    live.textContent = `${last.choice.feedback} Principles: ${last.choice.principles.join("; ")}. ` +
      `${pointsText(last.choice.score)} of a possible ${topScore(last.node)} at this step.`;
    draw("feedback");
  }

  function proceed() {
    showFeedback = false;
    live.textContent = "";
    draw("step");
  }

  function back() {
    showFeedback = false;
    live.textContent = "Last choice undone.";
    setPath(path().slice(0, -1));
    draw("step");
  }

  function restart() {
    showFeedback = false;
    live.textContent = "Scenario restarted.";
    setPath([]);
    draw("step");
  }

  function progress(state) {
    const made = state.taken.length;
    const done = state.finished && !showFeedback;
    const current = done ? made : made + (showFeedback ? 0 : 1);
    const total = state.node ? made + state.node.remaining : made;
    const label = done ? `Finished after ${made} decisions` : `Decision ${current} of up to ${total}`;
    return h("div", { class: "swc-progress" },
      h("span", { id: `${el.id || "swc"}-progress-label` }, label),
      h("progress", { max: total, value: done ? total : Math.max(current - 1, 0),
        "aria-labelledby": `${el.id || "swc"}-progress-label` }));
  }

  function header(state) {
    const s = scenario();
    return h("header", { class: "swc-header" },
      heading(s.title, { class: "swc-title" }),
      h("p", { class: "swc-setting" }, `Setting: ${s.setting}`),
      progress(state));
  }

  function feedbackView(state) {
    const last = state.taken[state.taken.length - 1];
    const box = h("div", { class: "swc-feedback" },
      h("p", { class: "swc-you-chose" }, h("strong", {}, "You chose: "), last.choice.label),
      h("p", { class: "swc-consequence" }, last.choice.feedback),
      h("p", { class: "swc-principles" }, h("strong", {}, "Principles: "),
        last.choice.principles.join("; ")),
      h("p", { class: "swc-points" }, h("strong", {}, "Points: "),
        `${last.choice.score} of a possible ${topScore(last.node)} at this step`));
    const actions = h("div", { class: "swc-actions" },
      h("button", { type: "button", class: "swc-continue", onclick: proceed },
        state.finished ? "See how it ended" : "Continue"),
      h("button", { type: "button", class: "swc-secondary swc-back", onclick: back },
        "Undo this choice"));
    return [box, actions];
  }

  function nodeView(state) {
    const node = state.node;
    const parts = [];
    if (node.context) parts.push(h("p", { class: "swc-context" }, node.context));
    if (node.speaker) parts.push(h("p", { class: "swc-speaker" }, node.speaker));
    parts.push(h("p", { class: "swc-text" }, node.text));
    const order = node.order || node.choices.map((_, index) => index);  // the learner's order
    const list = h("ul", { class: "swc-choices", "aria-label": "Your choices" },
      order.map((index) => h("li", {},
        h("button", { type: "button", class: "swc-choice", "data-choice": index,
          onclick: () => choose(index) }, node.choices[index].label))));
    const step = h("div", { class: "swc-step" }, parts, list);
    const extra = state.taken.length
      ? [h("div", { class: "swc-actions" },
          h("button", { type: "button", class: "swc-secondary swc-back", onclick: back },
            "Go back one step"))]
      : [h("p", { class: "swc-summary" }, scenario().summary)];
    return state.taken.length ? [step, ...extra] : [...extra, step];
  }

  function endingView(state) {
    const s = scenario();
    const ending = state.ending;
    const review = h("ol", { class: "swc-review" }, state.taken.map(({ choice }) =>
      h("li", {}, h("span", { class: "swc-review-choice" }, choice.label),
        h("span", { class: "swc-review-meta" },
          ` — ${pointsText(choice.score)}; ${choice.principles.join("; ")}`))));
    return [
      h("div", { class: `swc-ending swc-ending-${ending.rating}` },
        h("p", { class: "swc-rating" }, ending.label),
        h("p", { class: "swc-ending-title" }, h("strong", {}, ending.title)),
        h("p", {}, ending.text),
        h("p", { class: "swc-score" },
          `Your score: ${state.score} of a possible ${s.best_score}.`)),
      h("details", { class: "swc-review-box", open: true },
        h("summary", {}, "Review your path"), review),
      h("div", { class: "swc-actions" },
        h("button", { type: "button", class: "swc-restart", onclick: restart }, "Play again"),
        h("button", { type: "button", class: "swc-secondary swc-back", onclick: back },
          "Undo the last choice")),
    ];
  }

  function draw(reason) {
    const state = walk(scenario(), path());
    let content;
    if (showFeedback && state.taken.length) content = feedbackView(state);
    else if (state.finished) content = endingView(state);
    else content = nodeView(state);
    body.replaceChildren(header(state), ...content);
    if (reason === "feedback") focus(body.querySelector(".swc-feedback"));
    else if (reason === "step") {
      focus(body.querySelector(state.finished ? ".swc-ending" : ".swc-text") || body);
    }
    root.dataset.score = String(state.score);
    root.dataset.finished = String(state.finished);
  }

  model.on("change:path", () => {
    if (lastSetLength !== null && path().length === lastSetLength) return;
    showFeedback = false;
    lastSetLength = null;
    draw(null);
  });
  model.on("change:scenario", () => { showFeedback = false; draw(null); });
  draw(null);
}


// ---------------------------------------------------------------------------------------------
// Flashcards: the host schedules. The player shows model "queue"[0], reveals its back, and sends
// {type: "rate", id, rating}; the host answers by updating "queue", "last" and "stats".

const RATINGS = [["again", "Again"], ["hard", "Hard"], ["good", "Good"], ["easy", "Easy"]];

/** core.scheduling.when_text, held equal by tests/revision/test_when_parity.py. */
export function whenText(iso, now = Date.now()) {
  const minutes = Math.round((new Date(iso) - now) / 60000);
  if (minutes < 1) return "now";
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `in ${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.round(hours / 24);
  return `in ${days} day${days === 1 ? "" : "s"}`;
}

function renderFlashcards({ model, el }) {
  const level = Number(el.dataset.headingLevel) || headingLevel(el);
  const prefix = el.id || "swc";
  const live = h("p", { class: "swc-sr-only", role: "status", "aria-live": "polite" });
  const body = h("div", { class: "swc-body" });
  const deckSelect = h("select", { id: `${prefix}-deck`, class: "swc-deck",
    onchange: () => { revealed = false; model.send({ type: "deck", id: deckSelect.value }); } },
    (model.get("decks") || []).map((d) => h("option", { value: d.id }, d.title)));
  const perDay = h("input", { type: "number", id: `${prefix}-per-day`, class: "swc-per-day", min: "0", max: "9999", step: "1" });
  const saveLimit = h("button", { type: "button", class: "swc-secondary swc-save-limit", onclick: () => {
    const value = Number(perDay.value);
    if (!Number.isInteger(value) || value < 0 || value > 9999) {
      live.textContent = "Type a whole number from 0 to 9999.";
      return;
    }
    model.send({ type: "settings", new_per_day: value });
    live.textContent = `Saved: up to ${value} new cards a day.`;
  } }, "Save");
  const settings = h("details", { class: "swc-card-settings" }, h("summary", {}, "Settings"),
    h("div", { class: "swc-actions" }, h("label", { for: perDay.id }, "New cards per day"), perDay, saveLimit));
  el.replaceChildren(h("section", { class: "swc-player swc-flashcards" },
    h(`h${level}`, { class: "swc-title" }, "Flashcards"),
    h("div", { class: "swc-deck-row" }, h("label", { for: deckSelect.id }, "Deck"), deckSelect),
    body, settings, live));
  let revealed = false;
  let rated = false;

  function draw(focus) {
    const cards = Object.fromEntries(model.get("cards").map((c) => [c.id, c]));
    const queue = model.get("queue") || [];
    const stats = model.get("stats") || {};
    const counts = model.get("counts") || { new: 0, learning: 0, due: 0 };
    const limit = model.get("settings")?.new_per_day;
    const deck = (model.get("decks") || []).find((d) => d.id === model.get("deck"));
    deckSelect.value = model.get("deck") || "all";
    if (document.activeElement !== perDay && limit !== undefined) perDay.value = String(limit);
    const last = model.get("last");
    const status = h("p", { class: "swc-card-stats" },
      h("span", { class: "swc-counts" }, countsText(counts)), ` · ${stats.reviewed || 0} reviewed so far`);
    const lastLine = last ? h("p", { class: "swc-last" }, `Last card: next review ${whenText(last.due)}.`) : null;
    if (!queue.length) {
      const next = stats.next_due ? ` The next card is due ${whenText(stats.next_due)}.` : "";
      const more = deck?.limited && limit !== undefined
        ? ` New cards are limited to ${limit} a day; come back tomorrow for more, or change the limit in Settings.` : "";
      body.replaceChildren(status, lastLine, h("p", { class: "swc-done", tabindex: "-1" }, `No cards to study now in this deck.${next}${more}`));
      if (focus) body.querySelector(".swc-done").focus();
      return;
    }
    const card = cards[queue[0]];
    const front = h("div", { class: "swc-card-front", tabindex: "-1" },
      h("p", { class: "swc-card-label" }, card.ask || "Question"), h("p", { class: "swc-card-text" }, card.front),
      card.options?.length ? h("ul", { class: "swc-card-options" }, card.options.map((o) => h("li", {}, o))) : null);
    const parts = [status, lastLine, front];
    if (!revealed) {
      parts.push(h("div", { class: "swc-actions" }, h("button", { type: "button", class: "swc-reveal",
        onclick: () => { revealed = true; draw("back"); } }, "Show answer")));
    } else {
      parts.push(h("div", { class: "swc-card-back", tabindex: "-1" }, h("p", { class: "swc-card-label" }, "Answer"), h("p", {}, card.back)),
        h("p", { id: `${prefix}-rate-label`, class: "swc-rate-label" }, "How well did you remember it?"),
        h("div", { class: "swc-actions swc-ratings", role: "group", "aria-labelledby": `${prefix}-rate-label` },
          RATINGS.map(([value, label]) => h("button", { type: "button", class: `swc-rate swc-rate-${value}`,
            onclick: () => { revealed = false; rated = true; model.send({ type: "rate", id: card.id, rating: value }); } }, label))));
    }
    body.replaceChildren(...parts.filter(Boolean));
    if (focus === "back") body.querySelector(".swc-card-back").focus();
    if (focus === "front") front.focus();
  }

  model.on("change:queue", () => {
    const last = model.get("last");
    if (rated && last) live.textContent = `Saved. Next review of that card ${whenText(last.due)}.`;
    draw(rated ? "front" : null);
    rated = false;
  });
  for (const key of ["cards", "counts", "settings", "deck"]) model.on(`change:${key}`, () => draw());
  draw();
}

const PLAYERS = {
  scenario: renderScenario,
  flashcards: renderFlashcards,
};

function render({ model, el }) {
  const kind = model.get("kind") || "scenario";
  const player = PLAYERS[kind];
  if (!player) throw new Error(`unknown player kind: ${kind}`);
  return player({ model, el });
}

export default { render };
