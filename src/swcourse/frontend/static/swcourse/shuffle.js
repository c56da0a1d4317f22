// The book's twin of swcourse.core.shuffle and swcourse.core.display: which order one learner
// sees an item's options and a scenario node's choices in. Python is the rule; this file repeats
// it step for step in 32-bit integer arithmetic, and a browser test (tests/browser/
// test_parity.py) holds the two equal. The learner is a random id kept in this browser.

const LEARNER_KEY = "swcourse.learner.v1";

/** 32-bit FNV-1a of the text's UTF-8 bytes (core.shuffle.fnv1a). */
export function fnv1a(text) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  }
  return value;
}

/** mulberry32 (core.shuffle.mulberry32): a function returning the next unsigned 32-bit draw. */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1) >>> 0;
    value = ((value + (Math.imul(value ^ (value >>> 7), value | 61) >>> 0)) >>> 0) ^ value;
    return (value ^ (value >>> 14)) >>> 0;
  };
}

/** core.shuffle.display_order: `ids` in the order this seed shows them, never exactly `avoid`. */
export function displayOrder(ids, seed, { fixed = false, avoid = null } = {}) {
  let order = [...ids];
  if (fixed || order.length < 2) return order;
  const draw = mulberry32(fnv1a(seed));
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor((draw() / 4294967296) * (i + 1));  // exact: (r * (i + 1)) >> 32
    [order[i], order[j]] = [order[j], order[i]];
  }
  if (avoid && order.length === avoid.length && order.every((id, i) => id === avoid[i])) {
    order = [...order.slice(1), order[0]];
  }
  return order;
}

/** core.display.item_orders. */
export function itemOrders(item, learner) {
  const seed = `${learner}:${item.id}`;
  const fixed = Boolean(item.fixed_order);
  switch (item.type) {
    case "single":
    case "multiple":
      return { options: displayOrder(item.options.map((o) => o.id), seed, { fixed }) };
    case "matching":
      return { right: displayOrder(item.right.map((p) => p.id), seed, { fixed }) };
    case "ordering":
      return { start: displayOrder(item.items.map((i) => i.id), seed, { fixed, avoid: item.key }) };
    default:
      return {};
  }
}

/** core.display.choice_order: written indices of a node's choices in display order. */
export function choiceOrder(scenario, nodeId, learner) {
  const node = scenario.nodes[nodeId];
  const ids = node.choices.map((_, index) => String(index));
  return displayOrder(ids, `${learner}:${scenario.id}:${nodeId}`, { fixed: Boolean(node.fixed_order) })
    .map(Number);
}

/** This browser's learner id: made once at random and kept, so orders survive reloads. */
export function learnerId() {
  const fresh = () => [...crypto.getRandomValues(new Uint8Array(12))]
    .map((byte) => byte.toString(16).padStart(2, "0")).join("");
  try {
    let id = localStorage.getItem(LEARNER_KEY);
    if (!id || !/^[0-9a-z-]{8,64}$/.test(id)) {
      id = fresh();
      localStorage.setItem(LEARNER_KEY, id);
    }
    return id;
  } catch {
    return fresh();  // storage blocked: orders hold for this visit only
  }
}
