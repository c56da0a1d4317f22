// The learner's progress in the book, kept in this browser's localStorage (survives reloads):
// one key per section, each starting "swcourse." with a version suffix — flashcard reviews
// (swcourse.flashcards.v1), self-check answers (swcourse.selfcheck.v1), scenario endings
// (swcourse.scenarios.v1). Export writes every section to one file in the format that
// `swcourse revise --import` reads (swcourse/core/progress.py); import merges a file in.
import { h } from "./dom.js";
import {
  checkDocument, countsText, DEFAULT_NEW_PER_DAY, FLASHCARDS, mergeSections, newToday,
  progressDocument, replayCards, studyQueue,
} from "./revision-core.js";
import { fraction, verdict } from "./verdicts.js";

const PREFIX = "swcourse.";
const EVENT = "swc-progress";
export const SELFCHECK = "swcourse.selfcheck.v1";
export const SCENARIOS = "swcourse.scenarios.v1";

function sectionNames() {
  const names = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key && key.startsWith(PREFIX)) names.push(key);
  }
  return names.sort();
}

export function readSection(name) {
  try {
    const value = JSON.parse(localStorage.getItem(name) || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** Save one section; tells every player on the page (and other tabs see a storage event). */
export function writeSection(name, value) {
  try {
    localStorage.setItem(name, JSON.stringify(value));
  } catch (error) {
    window.dispatchEvent(new CustomEvent(EVENT, { detail: { error: `Progress could not be saved: ${error.message}` } }));
    return false;
  }
  window.dispatchEvent(new CustomEvent(EVENT, { detail: { section: name } }));
  return true;
}

export function onProgress(callback) {
  window.addEventListener(EVENT, (event) => callback(event.detail || {}));
  window.addEventListener("storage", (event) => { if (!event.key || event.key.startsWith(PREFIX)) callback({}); });
}

export function allSections() {
  return Object.fromEntries(sectionNames().map((name) => [name, readSection(name)]));
}

/** The day's start in the learner's own time zone (the daily new-card limit counts from it). */
export function dayStart(now = new Date()) {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

export function flashcardState(lib, deck, limited, now = new Date()) {
  const section = readSection(FLASHCARDS);
  const reviews = section.reviews || [];
  const perDay = section.settings?.new_per_day ?? DEFAULT_NEW_PER_DAY;
  const states = replayCards(reviews, lib);
  const queue = studyQueue(deck, states, now, newToday(reviews, dayStart(now)), limited ? perDay : null);
  return { reviews, states, queue, perDay };
}

/** Is a saved self-check record ({answer, checked}) right, by the grader's own rule? The item
 *  is the one the core compiled for the self-check (core.feedback.compile_item), and the verdict
 *  is verdicts.js's, held equal to core.scoring by tests/browser/test_parity.py: this file knows
 *  no item type. null: not answered, or no longer a practice item the book checks. */
export function answeredRight(entry, item) {
  if (!item || !entry || typeof entry !== "object" || entry.answer === undefined) return null;
  return verdict(fraction(item, entry.answer)) === "right";
}

function weakest(data, answers) {
  const tally = {};
  for (const [item, entry] of Object.entries(answers)) {
    const correct = answeredRight(entry, data.items[item]);
    if (correct === null) continue;
    for (const objective of data.item_objectives[item] || []) {
      tally[objective] ||= { attempts: 0, correct: 0 };
      tally[objective].attempts += 1;
      tally[objective].correct += correct ? 1 : 0;
    }
  }
  return data.objectives.filter((o) => tally[o.id])
    .map((o) => ({ ...o, rate: tally[o.id].correct / tally[o.id].attempts }))
    .filter((o) => o.rate < 1).sort((a, b) => a.rate - b.rate).slice(0, 3);
}

export async function renderDashboard(el, data) {
  const lib = await import("../vendor/ts-fsrs.mjs");
  const live = h("p", { class: "swc-sr-only", role: "status", "aria-live": "polite" });
  const body = h("div");
  el.replaceChildren(h("section", { class: "swc-player swc-dashboard" }, body, live));
  let confirming = false;

  function draw() {
    const answers = readSection(SELFCHECK);
    const cards = flashcardState(lib, data.cards, true);
    const weak = weakest(data, answers);
    const endings = Object.values(readSection(SCENARIOS)).filter((s) => s.last_ending).length;
    const rows = data.chapters.map((chapter) => {
      const right = chapter.items.filter((id) => answeredRight(answers[id], data.items[id])).length;
      return h("tr", {}, h("th", { scope: "row" }, h("a", { href: chapter.page }, `${chapter.number}. ${chapter.title}`)),
        h("td", {}, `${right} of ${chapter.items.length}`));
    });
    const fileInput = h("input", { type: "file", id: "swc-import-file", accept: "application/json,.json",
      class: "swc-file", onchange: (event) => importFile(event.target.files[0]) });
    const reviews = cards.reviews.length;
    body.replaceChildren(
      h("div", { class: "swc-due" },
        h("p", {}, "Flashcards today: ", h("strong", { class: "swc-counts" }, countsText(cards.queue.counts)), ". ",
          h("a", { href: "#flashcards" }, "Go to the flashcards"), "."),
        h("p", {}, `${reviews} flashcard review${reviews === 1 ? "" : "s"} so far; up to ${cards.perDay} new cards a day.`),
        h("p", {}, `Practice scenarios finished: ${endings} of ${data.scenarios}.`)),
      h("h3", {}, "Objectives to work on"),
      weak.length
        ? h("ol", { class: "swc-weak" }, weak.map((o) => h("li", {},
            h("a", { href: `${o.page}#${o.anchor}` }, o.id), ` ${o.text} `,
            h("span", { class: "swc-rate-text" }, `(${Math.round(o.rate * 100)}% of self-check answers right) `),
            data.decks.includes(o.id)
              ? h("a", { class: "swc-practise", href: `?deck=${encodeURIComponent(o.id)}#flashcards` }, `Practise ${o.id}'s flashcards`)
              : null)))
        : h("p", { class: "swc-weak-empty" }, "Answer the self-check questions in the chapters to see which objectives need more work."),
      h("h3", {}, "Self-check progress by chapter"),
      h("div", { class: "swc-table-scroll", tabindex: "0", role: "region", "aria-label": "Self-check progress by chapter" },
        h("table", { class: "swc-progress-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Chapter"), h("th", { scope: "col" }, "Questions answered correctly"))),
          h("tbody", {}, rows))),
      h("h3", {}, "Keep or move your progress"),
      h("p", {}, "Progress is stored in this browser only. Export it to keep a copy, to move it to another browser, or to carry on in Jupyter (swcourse revise --import reads the same file)."),
      h("div", { class: "swc-actions" },
        h("button", { type: "button", class: "swc-export", onclick: exportFile }, "Export progress"),
        h("label", { for: "swc-import-file", class: "swc-file-label" }, "Import progress from a file"), fileInput),
      confirming
        ? h("div", { class: "swc-actions swc-reset-confirm" },
            h("p", {}, "This erases every flashcard review, self-check answer and scenario ending in this browser. Export first if you may want them back."),
            h("button", { type: "button", class: "swc-reset-yes", onclick: reset }, "Yes, erase my progress"),
            h("button", { type: "button", class: "swc-secondary swc-reset-no", onclick: () => { confirming = false; draw(); body.querySelector(".swc-reset").focus(); } }, "Keep my progress"))
        : h("div", { class: "swc-actions" }, h("button", { type: "button", class: "swc-secondary swc-reset",
            onclick: () => { confirming = true; draw(); body.querySelector(".swc-reset-no").focus(); } }, "Reset progress…")));
  }

  function exportFile() {
    const blob = new Blob([JSON.stringify(progressDocument(allSections()), null, 2)], { type: "application/json" });
    const link = h("a", { href: URL.createObjectURL(blob), download: "casework-groupwork-progress.json" });
    document.body.append(link);
    link.click();
    link.remove();
    live.textContent = "Progress exported.";
  }

  async function importFile(file) {
    if (!file) return;
    let sections;
    try {
      sections = checkDocument(JSON.parse(await file.text()));
    } catch (error) {
      const why = error instanceof SyntaxError ? "it is not a JSON file" : error.message;
      live.textContent = `${file.name} was not imported: ${why}. Nothing was changed.`;
      return;
    }
    const merged = mergeSections(allSections(), sections);
    const before = (readSection(FLASHCARDS).reviews || []).length;
    for (const [name, value] of Object.entries(merged)) writeSection(name, value);
    const added = (merged[FLASHCARDS]?.reviews || []).length - before;
    live.textContent = `Progress imported from ${file.name}: ${added} new flashcard review${added === 1 ? "" : "s"} added.`;
  }

  function reset() {
    confirming = false;
    for (const name of sectionNames()) localStorage.removeItem(name);
    window.dispatchEvent(new CustomEvent(EVENT, { detail: {} }));
    live.textContent = "Progress erased.";
    body.querySelector(".swc-reset")?.focus();
  }

  onProgress((detail) => {
    if (detail.error) live.textContent = detail.error;
    draw();
  });
  draw();
}
