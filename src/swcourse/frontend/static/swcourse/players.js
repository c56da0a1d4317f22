// The course's players: one ES module for every interactive thing and both hosts.
// In Jupyter/Voilà anywidget calls render({model, el}) with a synced widget model; in the static
// book, mount.js calls it with a small in-page model of the same shape (get / set / on / send /
// save_changes). `model.get("kind")` picks the player: scenario, selfcheck or flashcards.
// Players decide nothing the Python core decides: scenario scores and best paths arrive
// precomputed, and flashcard scheduling happens in the host (Python fsrs, or ts-fsrs in the book).

const RATING_TEXT = { strong: "Strong ending", mixed: "Mixed ending", weak: "Weak ending" };

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

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

function points(score) {
  return `${score} ${score === 1 ? "point" : "points"}`;
}

/** One level below the nearest heading before `el` in the page, so the outline stays intact. */
function headingLevel(el) {
  let level = 1;
  for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    if (heading.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
      level = Number(heading.tagName[1]);
    }
  }
  return Math.min(level + 1, 6);
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
      `${points(last.choice.score)} of a possible ${topScore(last.node)} at this step.`;
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
    const list = h("ul", { class: "swc-choices", "aria-label": "Your choices" },
      node.choices.map((choice, index) => h("li", {},
        h("button", { type: "button", class: "swc-choice", onclick: () => choose(index) },
          choice.label))));
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
          ` — ${points(choice.score)}; ${choice.principles.join("; ")}`))));
    return [
      h("div", { class: `swc-ending swc-ending-${ending.rating}` },
        h("p", { class: "swc-rating" }, RATING_TEXT[ending.rating] || ending.rating),
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
// Self-checks: practice items with immediate feedback. Results go to model "results"
// ({item id: {attempts, correct}}), which the book keeps in localStorage.

/** Same rule as swcourse.core.scoring.normalise_text (a browser test compares the two). */
export function normaliseText(text) {
  return text.normalize("NFKD").replace(/[^\x00-\x7F]/g, "").toLowerCase()
    .replace(/-/g, " ").replace(/[^a-z0-9 ]+/g, " ").replace(/\b(the|a|an)\b/g, " ")
    .split(" ").filter(Boolean).join(" ");
}

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

function choiceList(type, name, options) {
  return h("div", { class: "swc-options" }, options.map((option) => {
    const id = nextId("swc-opt");
    return h("div", { class: "swc-option" },
      h("input", { type, id, name, value: option.id }),
      h("label", { for: id }, option.text));
  }));
}

const CATEGORY_LABELS = { casework: "Casework", "group work": "Group work", both: "Both" };

/** Build the inputs for one item; returns {node, read()} where read() gives the answer. */
function itemInputs(item) {
  const name = nextId("swc-q");
  switch (item.type) {
    case "single":
      return wrapRead(choiceList("radio", name, item.options),
        (node) => node.querySelector("input:checked")?.value ?? null);
    case "true_false":
      return wrapRead(choiceList("radio", name, [{ id: "true", text: "True" }, { id: "false", text: "False" }]),
        (node) => { const v = node.querySelector("input:checked")?.value; return v ? v === "true" : null; });
    case "multiple":
      return wrapRead(choiceList("checkbox", name, item.options),
        (node) => [...node.querySelectorAll("input:checked")].map((i) => i.value));
    case "short_text": {
      const id = nextId("swc-text");
      const node = h("div", { class: "swc-short" }, h("label", { for: id }, "Your answer"),
        h("input", { type: "text", id, autocomplete: "off" }));
      return wrapRead(node, (n) => n.querySelector("input").value);
    }
    case "matching": {
      const node = h("div", { class: "swc-matching" }, item.left.map((left) => {
        const id = nextId("swc-match");
        return h("div", { class: "swc-match-row" }, h("label", { for: id }, left.text),
          h("select", { id, "data-left": left.id }, h("option", { value: "" }, "Choose…"),
            item.right.map((right) => h("option", { value: right.id }, right.text))));
      }));
      return wrapRead(node, (n) => Object.fromEntries([...n.querySelectorAll("select")]
        .filter((sel) => sel.value).map((sel) => [sel.dataset.left, sel.value])));
    }
    case "classification": {
      const node = h("div", { class: "swc-classify" }, item.vignettes.map((v) => {
        const group = nextId("swc-class");
        return h("fieldset", { class: "swc-vignette", "data-vignette": v.id },
          h("legend", {}, v.text),
          Object.entries(CATEGORY_LABELS).map(([value, label]) => {
            const id = nextId("swc-cat");
            return h("span", { class: "swc-option" }, h("input", { type: "radio", id, name: group, value }),
              h("label", { for: id }, label));
          }));
      }));
      return wrapRead(node, (n) => Object.fromEntries([...n.querySelectorAll("fieldset")]
        .map((f) => [f.dataset.vignette, f.querySelector("input:checked")?.value]).filter(([, v]) => v)));
    }
    case "ordering":
      return orderingInputs(item);
    default:
      throw new Error(`unknown item type ${item.type}`);
  }
}

function wrapRead(node, read) {
  return { node, read: () => read(node) };
}

function orderingInputs(item) {
  let order = item.items.map((i) => i.id);
  const text = Object.fromEntries(item.items.map((i) => [i.id, i.text]));
  const status = h("p", { class: "swc-sr-only", "aria-live": "polite" });
  const list = h("ol", { class: "swc-order" });
  function move(index, delta, focusClass) {
    const target = index + delta;
    if (target < 0 || target >= order.length) return;
    [order[index], order[target]] = [order[target], order[index]];
    draw();
    status.textContent = `${text[order[target]]} moved to position ${target + 1}.`;
    const button = list.children[target].querySelector(focusClass);
    (button.disabled ? list.children[target].querySelector("button:not([disabled])") : button).focus();
  }
  function draw() {
    list.replaceChildren(...order.map((id, index) => h("li", { "data-id": id },
      h("span", { class: "swc-order-text" }, text[id]),
      h("button", { type: "button", class: "swc-secondary swc-up", disabled: index === 0,
        "aria-label": `Move up: ${text[id]}`, onclick: () => move(index, -1, ".swc-up") }, "↑"),
      h("button", { type: "button", class: "swc-secondary swc-down", disabled: index === order.length - 1,
        "aria-label": `Move down: ${text[id]}`, onclick: () => move(index, 1, ".swc-down") }, "↓"))));
  }
  draw();
  return { node: h("div", {}, list, status), read: () => [...order] };
}

/** Is the answer complete enough to check? Returns a message when it is not. */
function missing(item, answer) {
  if (answer === null || answer === "" || (Array.isArray(answer) && !answer.length && item.type !== "ordering")) {
    return "Choose or write an answer first.";
  }
  if (item.type === "matching" && Object.keys(answer).length < item.left.length) return "Match every item first.";
  if (item.type === "classification" && Object.keys(answer).length < item.vignettes.length) {
    return "Choose an answer for every situation first.";
  }
  return null;
}

/** Right or not, with the feedback lines the student should read. */
function judge(item, answer) {
  switch (item.type) {
    case "single": {
      const chosen = item.options.find((o) => o.id === answer);
      return { correct: answer === item.key, lines: [chosen.explanation] };
    }
    case "true_false":
      return { correct: answer === item.key, lines: [answer ? item.explanation_true : item.explanation_false] };
    case "multiple": {
      const picked = new Set(answer);
      const key = new Set(item.key);
      const wrong = item.options.filter((o) => picked.has(o.id) !== key.has(o.id));
      const lines = wrong.length ? wrong.map((o) => `${o.text}: ${o.explanation}`)
        : item.options.filter((o) => key.has(o.id)).map((o) => `${o.text}: ${o.explanation}`);
      return { correct: wrong.length === 0, lines };
    }
    case "short_text": {
      const given = normaliseText(answer);
      const correct = item.accepted.some((a) => normaliseText(a) === given);
      return { correct, lines: [correct ? item.explanation : `A good answer: ${item.accepted[0]}. ${item.explanation}`] };
    }
    case "ordering": {
      const right = answer.filter((id, i) => id === item.key[i]).length;
      const text = Object.fromEntries(item.items.map((i) => [i.id, i.text]));
      return { correct: right === item.key.length,
        lines: [`${right} of ${item.key.length} in the right place.`,
          `The order is: ${item.key.map((id) => text[id]).join(" → ")}.`, item.explanation] };
    }
    case "matching": {
      const right = Object.entries(item.key).filter(([l, r]) => answer[l] === r).length;
      return { correct: right === item.left.length,
        lines: [`${right} of ${item.left.length} matched correctly.`, item.explanation] };
    }
    case "classification": {
      const lines = item.vignettes.map((v) => `${answer[v.id] === v.answer ? "Right" : `Not quite (${CATEGORY_LABELS[v.answer]})`}: ${v.explanation}`);
      return { correct: item.vignettes.every((v) => answer[v.id] === v.answer), lines };
    }
  }
  throw new Error(`unknown item type ${item.type}`);
}

function recordResult(model, itemId, correct) {
  const results = { ...(model.get("results") || {}) };
  const before = results[itemId] || { attempts: 0, correct: 0 };
  results[itemId] = { attempts: before.attempts + 1, correct: before.correct + (correct ? 1 : 0), last: correct };
  model.set("results", results);
  model.save_changes();
}

/** One question: inputs, Check, feedback, and Try again (which swaps in a fresh copy). */
function questionBlock(model, item, index, count) {
  const inputs = itemInputs(item);
  const feedback = h("div", { class: "swc-check-feedback", role: "status", "aria-live": "polite" });
  const check = h("button", { type: "button", class: "swc-check" }, "Check answer");
  const retry = h("button", { type: "button", class: "swc-secondary swc-retry", hidden: true }, "Try again");
  const form = h("fieldset", { class: "swc-question", "data-item": item.id },
    h("legend", {}, h("span", { class: "swc-qnum" }, `Question ${index + 1} of ${count}. `), item.prompt),
    inputs.node, h("div", { class: "swc-actions" }, check, retry), feedback);
  check.addEventListener("click", () => {
    const answer = inputs.read();
    const problem = missing(item, answer);
    if (problem) {
      feedback.replaceChildren(h("p", {}, problem));
      return;
    }
    const verdict = judge(item, answer);
    feedback.className = `swc-check-feedback ${verdict.correct ? "swc-right" : "swc-wrong"}`;
    feedback.replaceChildren(h("p", { class: "swc-verdict" }, h("strong", {}, verdict.correct ? "Correct." : "Not quite.")),
      ...verdict.lines.map((line) => h("p", {}, line)));
    for (const control of form.querySelectorAll("input, select, .swc-order button")) control.disabled = true;
    check.hidden = true;
    retry.hidden = false;
    retry.focus();
    recordResult(model, item.id, verdict.correct);
  });
  retry.addEventListener("click", () => {
    const fresh = questionBlock(model, item, index, count);
    form.replaceWith(fresh);
    fresh.querySelector("input, select, .swc-order button:not([disabled])")?.focus();
  });
  return form;
}

function renderSelfCheck({ model, el }) {
  const level = Number(el.dataset.headingLevel) || headingLevel(el);
  const items = model.get("items");
  const title = model.get("title");
  const heading = title ? h(`h${level}`, { class: "swc-title" }, title) : null;
  el.replaceChildren(h("section", { class: "swc-player swc-selfcheck" }, heading,
    ...items.map((item, index) => questionBlock(model, item, index, items.length))));
}

// ---------------------------------------------------------------------------------------------
// Flashcards: the host schedules. The player shows model "queue"[0], reveals its back, and sends
// {type: "rate", id, rating}; the host answers by updating "queue", "last" and "stats".

const RATINGS = [["again", "Again"], ["hard", "Hard"], ["good", "Good"], ["easy", "Easy"]];

function whenText(iso) {
  const minutes = Math.round((new Date(iso) - Date.now()) / 60000);
  if (minutes < 1) return "now";
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `in ${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.round(hours / 24);
  return `in ${days} day${days === 1 ? "" : "s"}`;
}

function countsLine(counts) {
  return `New ${counts.new} · Learning ${counts.learning} · Due ${counts.due}`;
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
      h("span", { class: "swc-counts" }, countsLine(counts)), ` · ${stats.reviewed || 0} reviewed so far`);
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
  selfcheck: renderSelfCheck,
  flashcards: renderFlashcards,
};

function render({ model, el }) {
  const kind = model.get("kind") || "scenario";
  const player = PLAYERS[kind];
  if (!player) throw new Error(`unknown player kind: ${kind}`);
  return player({ model, el });
}

export default { render };
