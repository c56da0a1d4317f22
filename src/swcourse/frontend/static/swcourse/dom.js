// What every player builds its page from, in both hosts: the element helper `h`, unique ids,
// choice lists, the heading level a player's title takes, the wording of points, and the list a learner puts in order
// with Move up / Move down buttons (self-checks in the book, answer boxes in assignments).
// The book loads this file from _static; anywidget receives it inlined into the player's
// module (swcourse.frontend.esm).

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

let uid = 0;
/** An id no other element on the page has (the time keeps apart ids of separate outputs). */
export function nextId(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${++uid}`;
}

/** Radio buttons or checkboxes, one per option ({id, text}), each with its own label. */
export function choiceList(type, name, options, { isChosen = () => false, onchange } = {}) {
  return h("div", { class: "swc-options" }, options.map((option) => {
    const id = nextId("swc-opt");
    return h("div", { class: "swc-option" },
      h("input", { type, id, name, value: option.id, checked: isChosen(option.id), onchange }),
      h("label", { for: id }, option.text));
  }));
}

/** "1 point", "2 points", "0.5 points": how every player words a score. */
export function pointsText(n) {
  return `${n} ${n === 1 ? "point" : "points"}`;
}

/** One level below the nearest heading before `el` in the page, so the outline stays intact. */
export function headingLevel(el) {
  let level = 1;
  for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    if (heading.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
      level = Number(heading.tagName[1]);
    }
  }
  return Math.min(level + 1, 6);
}

/** An ordered list of `items` ({id, text}) starting in the order `start` (ids), with a Move up
 *  and a Move down button per step; focus follows the moved step and a live region says where
 *  it went. `onMove(order)` hears every move. Returns the list, its live region, and read() /
 *  write(order) for the current order. */
export function orderList(items, start, onMove = () => {}) {
  const text = Object.fromEntries(items.map((i) => [i.id, i.text]));
  let order = [...start];
  const status = h("p", { class: "swc-sr-only", "aria-live": "polite" });
  const list = h("ol", { class: "swc-order" });
  function move(index, delta, focusClass) {
    const target = index + delta;
    if (target < 0 || target >= order.length) return;
    [order[index], order[target]] = [order[target], order[index]];
    draw();
    status.textContent = `${text[order[target]]} moved to position ${target + 1}.`;
    const row = list.children[target];
    const button = row.querySelector(focusClass);
    (button.disabled ? row.querySelector("button:not([disabled])") : button).focus();
    onMove([...order]);
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
  return { list, status, read: () => [...order], write: (next) => { order = [...next]; draw(); } };
}
