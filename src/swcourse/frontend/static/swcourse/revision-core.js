// Revision rules for the book, with no DOM and no storage, so Node can run them in the parity
// tests: the progress file's format, checks and merge (swcourse/core/progress.py), FSRS replay
// of the review log and the study queue (swcourse/core/scheduling.py). Change both together.

export const FORMAT = "swcourse-progress";
export const VERSION = 2;
export const FLASHCARDS = "swcourse.flashcards.v1";
export const DEFAULT_NEW_PER_DAY = 20;
const SECTION = /^swcourse\.[a-z0-9-]+\.v[0-9]+$/;
export const RATINGS = ["again", "hard", "good", "easy"];
const TIME_FIELDS = ["checked", "ended", "at", "saved"];

export class ProgressFileError extends Error {}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export function canonicalTime(value) {
  const text = String(value);
  if (!/(Z|[+-]\d\d:\d\d)$/.test(text)) throw new RangeError("time has no time zone");
  const moment = new Date(text);
  if (Number.isNaN(moment.getTime())) throw new RangeError("not a time");
  return moment.toISOString();
}

function checkReviews(value) {
  if (!Array.isArray(value)) throw new ProgressFileError("its flashcard reviews are not a list");
  return value.map((entry, index) => {
    const where = `flashcard review ${index + 1}`;
    if (!isObject(entry) || typeof entry.card !== "string") throw new ProgressFileError(`${where} has no card id`);
    if (!RATINGS.includes(entry.rating)) {
      throw new ProgressFileError(`${where} has the rating ${JSON.stringify(entry.rating)}, not one of again, hard, good, easy`);
    }
    let at;
    try { at = canonicalTime(entry.at); } catch { throw new ProgressFileError(`${where} has no valid time (${JSON.stringify(entry.at)})`); }
    return { card: entry.card, rating: entry.rating, at };
  });
}

/** The sections of a progress file, checked; throws ProgressFileError saying what is wrong. */
export function checkDocument(data) {
  if (!isObject(data) || data.format !== FORMAT) {
    if (isObject(data) && data.version === 1 && "cards" in data) {
      throw new ProgressFileError("it was exported by an earlier version of the book; open the book's revision hub in the browser that made it, which updates your progress, and export it again");
    }
    throw new ProgressFileError("it is not a Casework and Group Work progress file");
  }
  if (!Number.isInteger(data.version) || data.version > VERSION) {
    throw new ProgressFileError(`it was made by a newer version of the course (format version ${JSON.stringify(data.version)}); update the book and try again`);
  }
  if (!isObject(data.sections)) throw new ProgressFileError('its "sections" part is missing or damaged');
  const checked = {};
  for (const [name, value] of Object.entries(data.sections)) {
    if (!SECTION.test(name) || !isObject(value)) throw new ProgressFileError(`its section "${name}" is not one this course writes`);
    checked[name] = value;
  }
  if (checked[FLASHCARDS]) {
    const cards = checked[FLASHCARDS];
    const settings = cards.settings ?? {};
    const limit = isObject(settings) ? settings.new_per_day : undefined;
    if (!isObject(settings) || (limit !== undefined && limit !== null && !(Number.isInteger(limit) && limit >= 0 && limit <= 9999))) {
      throw new ProgressFileError("its flashcard settings are damaged");
    }
    checked[FLASHCARDS] = { ...cards, reviews: checkReviews(cards.reviews ?? []) };
  }
  return checked;
}

const reviewKey = (review) => `${review.card}\u0000${review.at}`;

/** Every review of both, once each, oldest first. */
export function mergeReviews(ours, theirs) {
  const merged = new Map();
  for (const review of [...ours, ...theirs]) if (!merged.has(reviewKey(review))) merged.set(reviewKey(review), review);
  return [...merged.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.card < b.card ? -1 : a.card > b.card ? 1 : 0));
}

function entryTime(entry) {
  if (isObject(entry)) for (const field of TIME_FIELDS) if (typeof entry[field] === "string") return entry[field];
  return "";
}

export function mergeSection(name, ours, theirs) {
  if (name === FLASHCARDS) {
    return { ...theirs, ...ours, settings: { ...(theirs.settings || {}), ...(ours.settings || {}) },
      reviews: mergeReviews(ours.reviews || [], theirs.reviews || []) };
  }
  const merged = { ...ours };
  for (const [key, entry] of Object.entries(theirs)) {
    if (!(key in merged) || entryTime(entry) > entryTime(merged[key])) merged[key] = entry;
  }
  return merged;
}

export function mergeSections(ours, theirs) {
  const names = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
  return Object.fromEntries(names.map((name) => [name, mergeSection(name, ours[name] || {}, theirs[name] || {})]));
}

export function progressDocument(sections, exported = new Date()) {
  return { format: FORMAT, version: VERSION, exported: exported.toISOString(), sections };
}

/** Card states replayed from the review log with ts-fsrs (`lib` is the ts-fsrs module). */
export function replayCards(reviews, lib) {
  const scheduler = lib.fsrs(lib.generatorParameters({ enable_fuzz: false }));
  const grade = { again: lib.Rating.Again, hard: lib.Rating.Hard, good: lib.Rating.Good, easy: lib.Rating.Easy };
  const states = {};
  for (const review of mergeReviews(reviews, [])) {
    const when = new Date(review.at);
    states[review.card] = scheduler.next(states[review.card] || lib.createEmptyCard(when), when, grade[review.rating]).card;
  }
  return states;
}

/** How many cards were reviewed for the first time at or after `dayStart`. */
export function newToday(reviews, dayStart) {
  const first = {};
  for (const review of reviews) if (!first[review.card] || review.at < first[review.card]) first[review.card] = review.at;
  const start = dayStart.toISOString();
  return Object.values(first).filter((at) => at >= start).length;
}

const LEARNING = new Set([1, 3]); // ts-fsrs and fsrs: 1 Learning, 2 Review, 3 Relearning

/** Same rule as core.scheduling.study_queue: due and learning cards first, then new ones. */
export function studyQueue(deck, states, when, newTodayCount, newPerDay = DEFAULT_NEW_PER_DAY) {
  const learning = [];
  const due = [];
  const unseen = [];
  for (const id of deck) {
    const state = states[id];
    if (!state) unseen.push(id);
    else if (new Date(state.due) <= when) (LEARNING.has(Number(state.state)) ? learning : due).push([new Date(state.due).getTime(), id]);
  }
  const room = newPerDay === null ? unseen.length : Math.max(0, newPerDay - newTodayCount);
  const fresh = unseen.slice(0, room);
  const reviews = [...learning, ...due].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([, id]) => id);
  return { reviews, new: fresh, counts: { new: fresh.length, learning: learning.length, due: due.length } };
}

export function countsText(counts) {
  return `New ${counts.new} · Learning ${counts.learning} · Due ${counts.due}`;
}
