// Self-checks in the book: practice items with immediate feedback that says, part by part,
// what the learner chose and whether it was right. Verdicts come from verdicts.js (the core's
// scoring and feedback facts, held equal to Python by a browser test); options arrive in the
// learner's display order (item.display, from shuffle.js). The model (mount.js) keeps
// "answers" ({item id: {answer, checked}}): a reload shows the last checked answers and
// verdicts, and the revision hub scores the same records.
import { choiceList, h, headingLevel, nextId, orderList, pointsText } from "./dom.js";
import { feedbackFacts } from "./verdicts.js";

const quote = (text) => `“${text}”`;

function inOrder(list, order, id = (x) => x.id) {
  if (!order) return list;
  const byId = Object.fromEntries(list.map((x) => [id(x), x]));
  return order.map((key) => byId[key]);
}

const checkValues = (node, values) => {
  for (const input of node.querySelectorAll("input")) input.checked = values.includes(input.value);
};

/** The inputs for one item: {node, read() -> answer, write(answer)}. */
function itemInputs(item) {
  const name = nextId("swc-q");
  const display = item.display || {};
  switch (item.type) {
    case "single": {
      const node = choiceList("radio", name, inOrder(item.options, display.options));
      return { node, read: () => node.querySelector("input:checked")?.value ?? null,
        write: (answer) => checkValues(node, [answer]) };
    }
    case "true_false": {
      const node = choiceList("radio", name, [{ id: "true", text: "True" }, { id: "false", text: "False" }]);
      return { node, read: () => { const v = node.querySelector("input:checked")?.value; return v ? v === "true" : null; },
        write: (answer) => checkValues(node, [String(answer)]) };
    }
    case "multiple": {
      const node = choiceList("checkbox", name, inOrder(item.options, display.options));
      return { node, read: () => [...node.querySelectorAll("input:checked")].map((i) => i.value),
        write: (answer) => checkValues(node, answer) };
    }
    case "short_text": {
      const id = nextId("swc-text");
      const input = h("input", { type: "text", id, autocomplete: "off" });
      const node = h("div", { class: "swc-short" }, h("label", { for: id }, "Your answer"), input);
      return { node, read: () => input.value, write: (answer) => { input.value = answer; } };
    }
    case "matching": {
      const right = inOrder(item.right, display.right);
      const node = h("div", { class: "swc-matching" }, item.left.map((left) => {
        const id = nextId("swc-match");
        return h("div", { class: "swc-match-row" }, h("label", { for: id }, left.text),
          h("select", { id, "data-left": left.id }, h("option", { value: "" }, "Choose…"),
            right.map((r) => h("option", { value: r.id }, r.text))));
      }));
      return { node, read: () => Object.fromEntries([...node.querySelectorAll("select")]
        .filter((sel) => sel.value).map((sel) => [sel.dataset.left, sel.value])),
        write: (answer) => { for (const sel of node.querySelectorAll("select")) sel.value = answer[sel.dataset.left] || ""; } };
    }
    case "classification": {
      const node = h("div", { class: "swc-classify" }, item.vignettes.map((v) => {
        const group = nextId("swc-class");
        return h("fieldset", { class: "swc-vignette", "data-vignette": v.id }, h("legend", {}, v.text),
          item.categories.map(([value, label]) => {
            const id = nextId("swc-cat");
            return h("span", { class: "swc-option" }, h("input", { type: "radio", id, name: group, value }),
              h("label", { for: id }, label));
          }));
      }));
      return { node, read: () => Object.fromEntries([...node.querySelectorAll("fieldset")]
        .map((f) => [f.dataset.vignette, f.querySelector("input:checked")?.value]).filter(([, v]) => v)),
        write: (answer) => { for (const f of node.querySelectorAll("fieldset")) checkValues(f, [answer[f.dataset.vignette]]); } };
    }
    case "ordering":
      return orderingInputs(item, display.start || item.items.map((i) => i.id));
    default:
      throw new Error(`unknown item type ${item.type}`);
  }
}

function orderingInputs(item, start) {
  const steps = orderList(item.items, start);
  return { node: h("div", {}, steps.list, steps.status), read: steps.read, write: steps.write };
}

/** Is the answer complete enough to check? Returns a message when it is not. */
function missing(item, answer) {
  if (answer === null || answer === "" || (Array.isArray(answer) && !answer.length)) {
    return "Choose or write an answer first.";
  }
  if (item.type === "matching" && Object.keys(answer).length < item.left.length) return "Match every item first.";
  if (item.type === "classification" && Object.keys(answer).length < item.vignettes.length) {
    return "Choose an answer for every situation first.";
  }
  return null;
}

/** Can a saved answer be put back into this item's inputs (the item may have changed since)? */
function restorable(item, answer) {
  const ids = (list) => new Set(list.map((x) => x.id));
  const isMap = answer !== null && typeof answer === "object" && !Array.isArray(answer);
  switch (item.type) {
    case "single": return ids(item.options).has(answer);
    case "true_false": return typeof answer === "boolean";
    case "multiple": return Array.isArray(answer) && answer.length > 0 && answer.every((a) => ids(item.options).has(a));
    case "short_text": return typeof answer === "string" && answer.trim() !== "";
    case "ordering": return Array.isArray(answer) && answer.length === item.items.length
      && new Set(answer).size === answer.length && answer.every((a) => ids(item.items).has(a));
    case "matching": return isMap && item.left.every((l) => ids(item.right).has(answer[l.id]));
    case "classification": return isMap && item.vignettes.every((v) => item.categories.some(([c]) => c === answer[v.id]));
    default: return false;
  }
}

const OPTION_WORDS = {
  single: { chosenKey: "You chose this: correct.", chosenWrong: "You chose this, but it is not the answer.",
    missedKey: "You did not choose this, but it is the answer.", leftWrong: "You did not choose this: right, it is not the answer." },
  multiple: { chosenKey: "You chose this: correct.", chosenWrong: "You chose this, but it does not apply.",
    missedKey: "You did not choose this, but it applies.", leftWrong: "You did not choose this: right, it does not apply." },
};

function optionLines(item, facts) {
  const words = OPTION_WORDS[item.type];
  const byId = Object.fromEntries(item.options.map((o) => [o.id, o]));
  const marks = Object.fromEntries(facts.options.map((m) => [m.id, m]));
  const shown = item.display?.options || item.options.map((o) => o.id);
  return h("ul", { class: "swc-marks" }, shown.map((id) => {
    const { chosen, key } = marks[id];
    const said = chosen ? (key ? words.chosenKey : words.chosenWrong) : (key ? words.missedKey : words.leftWrong);
    return h("li", { class: chosen === key ? "swc-mark-right" : "swc-mark-wrong" },
      h("strong", {}, byId[id].text), ` — ${said} `, byId[id].explanation);
  }));
}

/** The feedback a student reads: verdict, the grader's points if partly right, then why. */
function feedbackNodes(item, answer, facts) {
  const head = { right: "Correct.", partial: "Partly right.", wrong: "Not quite." }[facts.verdict];
  const nodes = [h("p", { class: "swc-verdict" }, h("strong", {}, head))];
  if (facts.verdict === "partial") {
    nodes.push(h("p", { class: "swc-points" }, `In a graded assignment this answer would earn ${facts.score} of ${pointsText(facts.points)}.`));
  }
  const line = (text, cls) => h("p", cls ? { class: cls } : {}, text);
  switch (item.type) {
    case "single":
    case "multiple":
      nodes.push(optionLines(item, facts));
      break;
    case "true_false": {
      const said = `You answered ${answer ? "True" : "False"}`;
      nodes.push(line(facts.verdict === "right" ? `${said}: correct.` : `${said}, but the statement is ${item.key ? "true" : "false"}.`),
        line(answer ? item.explanation_true : item.explanation_false));
      break;
    }
    case "short_text": {
      const [first, ...others] = item.answers;
      const also = others.length ? ` (also accepted: ${others.join("; ")})` : "";
      nodes.push(line(facts.verdict === "right" ? `You wrote ${quote(answer.trim())}: correct.`
        : `You wrote ${quote(answer.trim())}. The answer: ${first}${also}.`), line(item.explanation));
      break;
    }
    case "ordering": {
      const text = Object.fromEntries(item.items.map((i) => [i.id, i.text]));
      const right = facts.pairs.filter((p) => p.right).length;
      nodes.push(line(`${right} of the ${facts.pairs.length} pairs of neighbouring steps are in the right order.`));
      const wrong = facts.pairs.filter((p) => !p.right);
      if (wrong.length) {
        nodes.push(h("ul", { class: "swc-marks" }, wrong.map((p) => h("li", { class: "swc-mark-wrong" },
          `${quote(text[p.before])} should come before ${quote(text[p.after])}.`))));
      }
      nodes.push(line(`The right order: ${item.key.map((id) => text[id]).join(" → ")}.`), line(item.explanation));
      break;
    }
    case "matching": {
      const left = Object.fromEntries(item.left.map((p) => [p.id, p.text]));
      const rightText = Object.fromEntries(item.right.map((p) => [p.id, p.text]));
      const right = facts.matches.filter((m) => m.right).length;
      nodes.push(line(`${right} of ${facts.matches.length} matched correctly.`),
        h("ul", { class: "swc-marks" }, facts.matches.map((m) => h("li", { class: m.right ? "swc-mark-right" : "swc-mark-wrong" },
          m.right ? `${quote(left[m.left])} with ${quote(rightText[m.key])}: correct.`
            : m.given ? `You matched ${quote(left[m.left])} with ${quote(rightText[m.given])}; it goes with ${quote(rightText[m.key])}.`
              : `You did not match ${quote(left[m.left])}; it goes with ${quote(rightText[m.key])}.`))),
        line(item.explanation));
      break;
    }
    case "classification": {
      const label = Object.fromEntries(item.categories);
      const byId = Object.fromEntries(item.vignettes.map((v) => [v.id, v]));
      nodes.push(h("ul", { class: "swc-marks" }, facts.vignettes.map((v) => h("li", { class: v.right ? "swc-mark-right" : "swc-mark-wrong" },
        h("strong", {}, byId[v.id].text), " — ",
        v.right ? `You said ${label[v.key]}: correct.` : `You said ${v.given ? label[v.given] : "nothing"}; it is ${label[v.key]}.`,
        " ", byId[v.id].explanation))));
      break;
    }
    default:
      break;
  }
  return nodes;
}

function update(model, key, itemId, value) {
  const next = { ...(model.get(key) || {}) };
  if (value === undefined) delete next[itemId];
  else next[itemId] = value;
  model.set(key, next);
  model.save_changes();
}

/** One question: inputs, Check, feedback, and Try again (which swaps in a fresh copy). */
function questionBlock(model, item, index, count, saved = null) {
  const inputs = itemInputs(item);
  const feedback = h("div", { class: "swc-check-feedback", role: "status", "aria-live": "polite" });
  const check = h("button", { type: "button", class: "swc-check" }, "Check answer");
  const retry = h("button", { type: "button", class: "swc-secondary swc-retry", hidden: true }, "Try again");
  const form = h("fieldset", { class: "swc-question", "data-item": item.id },
    h("legend", {}, h("span", { class: "swc-qnum" }, `Question ${index + 1} of ${count}. `), item.prompt),
    inputs.node, h("div", { class: "swc-actions" }, check, retry), feedback);

  function show(answer) {
    const facts = feedbackFacts(item, answer);
    feedback.className = `swc-check-feedback swc-${facts.verdict}`;
    feedback.replaceChildren(...feedbackNodes(item, answer, facts));
    for (const control of form.querySelectorAll("input, select, .swc-order button")) control.disabled = true;
    check.hidden = true;
    retry.hidden = false;
    return facts;
  }

  check.addEventListener("click", () => {
    const answer = inputs.read();
    const problem = missing(item, answer);
    if (problem) {
      feedback.replaceChildren(h("p", {}, problem));
      return;
    }
    show(answer);
    retry.focus();
    update(model, "answers", item.id, { answer, checked: new Date().toISOString() });
  });
  retry.addEventListener("click", () => {
    const fresh = questionBlock(model, item, index, count);
    form.replaceWith(fresh);
    fresh.querySelector("input, select, .swc-order button:not([disabled])")?.focus();
  });
  if (saved && restorable(item, saved.answer)) {
    inputs.write(saved.answer);
    show(saved.answer);
  }
  return form;
}

function render({ model, el }) {
  const level = Number(el.dataset.headingLevel) || headingLevel(el);
  const items = model.get("items");
  const title = model.get("title");
  const live = h("p", { class: "swc-sr-only", role: "status", "aria-live": "polite" });
  const questions = h("div", { class: "swc-questions" });
  const tools = h("div", { class: "swc-actions swc-clear-tools" });
  el.replaceChildren(h("section", { class: "swc-player swc-selfcheck" },
    title ? h(`h${level}`, { class: "swc-title" }, title) : null, questions, tools, live));

  const savedIds = () => items.map((i) => i.id).filter((id) => (model.get("answers") || {})[id]);

  function drawQuestions() {
    const answers = model.get("answers") || {};
    questions.replaceChildren(...items.map((item, index) => questionBlock(model, item, index, items.length, answers[item.id])));
  }

  function drawTools(confirming = false) {
    const count = savedIds().length;
    if (!count) {
      tools.replaceChildren();
      return;
    }
    if (!confirming) {
      tools.replaceChildren(h("button", { type: "button", class: "swc-secondary swc-clear",
        onclick: () => { drawTools(true); tools.querySelector(".swc-clear-no").focus(); } }, "Clear my answers…"));
      return;
    }
    const questionsWord = count === 1 ? "question" : "questions";
    tools.replaceChildren(h("p", {}, `Clear your saved answers to ${count} ${questionsWord} here? The revision hub then counts them as not yet answered.`),
      h("button", { type: "button", class: "swc-clear-yes", onclick: clear }, "Yes, clear my answers"),
      h("button", { type: "button", class: "swc-secondary swc-clear-no",
        onclick: () => { drawTools(false); tools.querySelector(".swc-clear").focus(); } }, "Keep my answers"));
  }

  function clear() {
    const answers = { ...(model.get("answers") || {}) };
    for (const item of items) delete answers[item.id];
    model.set("answers", answers);
    model.save_changes();
    drawQuestions();
    drawTools(false);
    live.textContent = "Your answers here were cleared.";
    questions.querySelector("input, select, .swc-order button:not([disabled])")?.focus();
  }

  drawQuestions();
  drawTools(false);
  model.on("change:answers", () => drawTools(false));
}

export default { render };
