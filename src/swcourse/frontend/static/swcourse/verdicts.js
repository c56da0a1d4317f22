// The book's twin of swcourse.core.scoring and swcourse.core.feedback: what an answer earns and
// what was right part by part. Python is the rule (the grader uses it); this file repeats it
// step for step so self-checks work offline, and tests/browser/test_parity.py holds the two
// equal on a generated table of right, partial, wrong and malformed answers for every item type.

// The characters Python's str.strip() removes (str.isspace); JavaScript's trim() differs.
const SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");
const GAP = new RegExp(`[${SPACE}]+`);

/** len(text.split()): a reflection's words as Python counts them (the progress line, and the
 *  count graders read above the answer), so the box and the marker see the same number. */
export function wordCount(text) {
  return text.split(GAP).filter(Boolean).length;
}

/** core.scoring.normalise_text: case, accents, punctuation, articles and spacing do not matter. */
export function normaliseText(text) {
  return text.normalize("NFKD").replace(/[^\x00-\x7F]/g, "").toLowerCase()
    .replace(/-/g, " ").replace(/[^a-z0-9 ]+/g, " ").replace(/\b(the|a|an)\b/g, " ")
    .split(" ").filter(Boolean).join(" ");
}

/** core.scoring.normalise_category, over the categories the compiled item carries
 *  ([value, label] pairs from the core): the list of categories lives only in Python. */
export function normaliseCategory(value, categories) {
  if (typeof value !== "string") return null;
  const compact = value.toLowerCase().replace(/[^a-z]/g, "");
  return categories.map(([c]) => c).find((c) => c.replace(" ", "") === compact) ?? null;
}

/** core.scoring.answer_id: ' B ' is b; anything but text is no id. */
export function answerId(value) {
  return typeof value === "string" ? value.replace(STRIP, "").toLowerCase() : null;
}

/** core.scoring.answer_ids. */
export function answerIds(answer) {
  if (!Array.isArray(answer) || !answer.every((a) => typeof a === "string")) return null;
  return answer.map(answerId);
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const sameMembers = (a, b) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** Python's round(x, 2) for the values scoring produces: halves go to the even hundredth. */
export function round2(x) {
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return (floor % 2 === 0 ? floor : floor + 1) / 100;
  return Math.round(scaled) / 100;
}

function givenMap(answer, valueRule) {
  const given = Object.create(null);  // ids such as "constructor" are ordinary keys here
  if (!isObject(answer)) return given;
  for (const [key, value] of Object.entries(answer)) {
    const left = answerId(key);
    if (left !== null) given[left] = valueRule(value);
  }
  return given;
}

/** core.scoring.fraction (reflections are never self-checks). */
export function fraction(item, answer) {
  switch (item.type) {
    case "single":
      return answerId(answer) === item.key ? 1.0 : 0.0;
    case "true_false":
      return typeof answer === "boolean" && answer === item.key ? 1.0 : 0.0;
    case "multiple": {
      const chosen = answerIds(answer);
      if (chosen === null) return 0.0;
      const picked = new Set(chosen);
      const key = new Set(item.key);
      const right = [...picked].filter((id) => key.has(id)).length;
      return Math.max(0.0, (right - (picked.size - right)) / key.size);
    }
    case "ordering": {
      const order = answerIds(answer);
      if (order === null || !sameMembers(order, item.key)) return 0.0;
      const position = Object.fromEntries(order.map((id, index) => [id, index]));
      const pairs = item.key.slice(1).map((after, i) => [item.key[i], after]);
      return pairs.filter(([a, b]) => position[a] < position[b]).length / pairs.length;
    }
    case "matching": {
      if (!isObject(answer)) return 0.0;
      const given = givenMap(answer, answerId);
      const entries = Object.entries(item.key);
      return entries.filter(([left, right]) => given[left] === right).length / entries.length;
    }
    case "classification": {
      if (!isObject(answer)) return 0.0;
      const given = givenMap(answer, (v) => normaliseCategory(v, item.categories));
      return item.vignettes.filter((v) => given[v.id] === v.answer).length / item.vignettes.length;
    }
    case "short_text":
      if (typeof answer !== "string") return 0.0;
      return item.accepted.some((a) => normaliseText(a) === normaliseText(answer)) ? 1.0 : 0.0;
    default:
      throw new Error(`unknown item type ${item.type}`);
  }
}

/** core.feedback.verdict. */
export function verdict(share) {
  return share >= 1.0 ? "right" : share > 0 ? "partial" : "wrong";
}

/** core.feedback.feedback_facts: the grader's score plus what was right, part by part. */
export function feedbackFacts(item, answer) {
  const share = fraction(item, answer);
  const facts = { fraction: share, score: round2(share * item.points), points: item.points,
    verdict: verdict(share) };
  switch (item.type) {
    case "single": {
      const chosen = answerId(answer);
      facts.options = item.options.map((o) => ({ id: o.id, chosen: o.id === chosen, key: o.id === item.key }));
      break;
    }
    case "multiple": {
      const picked = new Set(answerIds(answer) || []);
      facts.options = item.options.map((o) => ({ id: o.id, chosen: picked.has(o.id), key: item.key.includes(o.id) }));
      break;
    }
    case "true_false":
      facts.given = typeof answer === "boolean" ? answer : null;
      break;
    case "ordering": {
      const order = answerIds(answer);
      const valid = order !== null && sameMembers(order, item.key);
      const position = Object.fromEntries((order || []).map((id, index) => [id, index]));
      facts.valid = valid;
      facts.pairs = item.key.slice(1).map((after, i) => ({ before: item.key[i], after,
        right: valid && position[item.key[i]] < position[after] }));
      break;
    }
    case "matching": {
      const given = givenMap(answer, answerId);
      const known = new Set(item.right.map((p) => p.id));
      facts.matches = Object.entries(item.key).map(([left, right]) => ({ left, key: right,
        given: known.has(given[left]) ? given[left] : null, right: given[left] === right }));
      break;
    }
    case "classification": {
      const given = givenMap(answer, (v) => normaliseCategory(v, item.categories));
      facts.vignettes = item.vignettes.map((v) => ({ id: v.id, key: v.answer, given: given[v.id] ?? null,
        right: given[v.id] === v.answer }));
      break;
    }
    default:
      break;
  }
  return facts;
}
