// Answer boxes for graded assignments (anywidget, in JupyterLab and Voilà). Same family as
// players.js and styled by players.css (+ answers.css): students click, choose, order and type.
// The box only sends plain answers ("value"); the kernel checks each one against the question,
// saves it to the answers file and reports back in "status". Nothing here knows a key.
// Shared building blocks (h, the ordering list) come from dom.js, as in the book's players, and
// the word count from verdicts.js, the book's twin of the grader's rules.

import { choiceList, h, nextId, orderList } from "./dom.js";
import { wordCount } from "./verdicts.js";

/** The controls for one question: returns the node; `send(value)` saves an answer. */
function controls(q, value, send, number) {
  const name = nextId("swc-q");
  const checkedIn = (node) => [...node.querySelectorAll("input:checked")].map((i) => i.value);
  switch (q.type) {
    case "single": {
      const node = choiceList("radio", name, q.options, { isChosen: (id) => value === id,
        onchange: () => send(checkedIn(node)[0] ?? null) });
      return node;
    }
    case "true_false": {
      const node = choiceList("radio", name, [{ id: "true", text: "True" }, { id: "false", text: "False" }],
        { isChosen: (id) => value === (id === "true"), onchange: () => send(checkedIn(node)[0] === "true") });
      return node;
    }
    case "multiple": {
      const node = choiceList("checkbox", name, q.options, { isChosen: (id) => (value || []).includes(id),
        onchange: () => send(checkedIn(node)) });
      return node;
    }
    case "matching":
    case "classification": {
      const rows = q.type === "matching" ? q.left : q.vignettes;
      const targets = q.type === "matching" ? q.right.map((r) => [r.id, r.text]) : q.categories;
      const node = h("div", { class: "swc-answer-rows" });
      const read = () => Object.fromEntries([...node.querySelectorAll("select")]
        .filter((s) => s.value).map((s) => [s.dataset.row, s.value]));
      node.append(...rows.map((row) => {
        const id = nextId("swc-row");
        const current = (value || {})[row.id] || "";
        return h("div", { class: "swc-answer-row" },
          h("label", { for: id }, row.text),
          h("select", { id, "data-row": row.id, onchange: () => send(read()) },
            h("option", { value: "" }, "Choose…"),
            targets.map(([v, text]) => h("option", { value: v, selected: current === v }, text))));
      }));
      if (q.type === "matching") {
        node.prepend(h("details", { class: "swc-answer-targets" },
          h("summary", {}, "Read every choice in full"),
          h("ul", {}, q.right.map((r) => h("li", {}, r.text)))));
      }
      return node;
    }
    case "ordering":
      return orderingControls(q, value, send);
    case "short_text": {
      const id = nextId("swc-text");
      let timer = null;
      const input = h("input", { type: "text", id, autocomplete: "off", spellcheck: "true" });
      input.value = value || "";
      const flush = () => { clearTimeout(timer); timer = null; send(input.value); };
      input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(flush, 400); });
      input.addEventListener("change", flush);
      return h("div", { class: "swc-short" }, h("label", { for: id }, "Your answer"), input);
    }
    case "reflection":
      return reflectionControls(q, value, send, number);
  }
  return h("p", {}, `This kind of question (${q.type}) cannot be shown.`);
}

function orderingControls(q, value, send) {
  const start = Array.isArray(value) && value.length === q.items.length ? value : q.items.map((i) => i.id);
  const keep = h("button", { type: "button", class: "swc-secondary swc-keep-order", hidden: !!value,
    onclick: () => { keep.hidden = true; send(steps.read()); } }, "Save this order as my answer");
  const steps = orderList(q.items, start, (order) => { keep.hidden = true; send(order); });
  return h("div", {}, steps.list, keep, steps.status);
}

function reflectionControls(q, value, send, number) {
  const id = nextId("swc-reflect");
  const countId = `${id}-count`;
  const area = h("textarea", { id, rows: 12, spellcheck: "true", "aria-describedby": countId });
  area.value = value || "";
  const count = h("p", { id: countId, class: "swc-word-count" });
  const showCount = () => { const n = wordCount(area.value); count.textContent = `${n} word${n === 1 ? "" : "s"}`; };
  let timer = null;
  const flush = () => { clearTimeout(timer); timer = null; send(area.value); };
  area.addEventListener("input", () => { showCount(); clearTimeout(timer); timer = setTimeout(flush, 700); });
  area.addEventListener("change", flush);
  showCount();
  const rubric = h("table", { class: "swc-rubric" },
    h("caption", {}, "How this answer is marked"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Criterion"), h("th", { scope: "col" }, "Points"),
      h("th", { scope: "col" }, "What earns them"))),
    h("tbody", {}, (q.rubric || []).map((r) => h("tr", {}, h("td", {}, r.criterion),
      h("td", {}, String(r.points)), h("td", {}, r.look_for)))));
  return h("div", { class: "swc-reflection" },
    h("div", { class: "swc-reflection-writing" },
      h("label", { for: id }, `Your reflection for question ${number}`), area, count),
    rubric);
}

function renderAnswer({ model, el }) {
  const number = model.get("number");
  const status = h("p", { class: "swc-save-status", role: "status", "aria-live": "polite" });
  const legendId = nextId("swc-legend");
  const box = h("div", { class: "swc-answer-body" });
  const group = h(model.get("question").type === "reflection" ? "div" : "fieldset",
    { class: "swc-answer", "data-question": String(number) });
  // data-lm-suppress-shortcuts: keys pressed in the box (arrows on options, letters, Space)
  // reach the box, not JupyterLab's notebook shortcuts (which would add or move cells).
  const root = h("section", { class: "swc-player swc-answer-box", "aria-labelledby": legendId,
    "data-lm-suppress-shortcuts": "true" }, group, status);
  // ...and the notebook's own key handling (arrow keys would move to another cell) stops here;
  // stopping the event never stops the key's own action (a radio still moves and checks).
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" && event.key !== "Escape") event.stopPropagation();
  });
  function send(value) {
    status.textContent = "Saving…";
    model.set("value", value);
    model.save_changes();
  }
  function draw() {
    const q = model.get("question");
    const title = q.type === "reflection" ? h("p", { id: legendId, class: "swc-answer-title" }, `Question ${number}: your answer`)
      : h("legend", { id: legendId }, `Question ${number}: your answer`);
    box.replaceChildren(controls(q, model.get("value"), send, number));
    group.replaceChildren(title, box);
  }
  // The box owns what it shows: the kernel only echoes values back (sometimes an older one,
  // while a newer is on its way), so redrawing on "change:value" would undo a fresh choice.
  model.on("change:status", () => { status.textContent = model.get("status"); });
  // Every save bumps "saves", even when the status text stays the same ("Answer saved.").
  model.on("change:saves", () => {
    root.dataset.saves = String(model.get("saves"));
    status.textContent = model.get("status");
  });
  status.textContent = model.get("status");
  root.dataset.saves = String(model.get("saves"));
  el.replaceChildren(root);
  draw();
}

function renderProgress({ model, el }) {
  const line = h("p", { class: "swc-progress-line", role: "status", "aria-live": "polite" });
  const show = () => { line.textContent = model.get("text"); };
  model.on("change:text", show);
  show();
  el.replaceChildren(h("section", { class: "swc-player swc-answer-progress", "aria-label": "Your progress" },
    h("p", { class: "swc-answer-title" }, "Your progress"), line));
}

function render({ model, el }) {
  return (model.get("kind") === "progress" ? renderProgress : renderAnswer)({ model, el });
}

export default { render };
