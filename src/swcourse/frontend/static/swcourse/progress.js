// The learner's progress in the book: self-check results and flashcard schedules, kept in this
// browser's localStorage (survives reloads), with export to and import from a JSON file.
// Book-only: in Jupyter, progress lives in a SQLite file managed by Python.
import { h } from "./players.js";

const KEY = "swcourse-progress-v1";
const EVENT = "swc-progress";

function empty() {
  return { version: 1, selfcheck: {}, cards: {}, reviews: 0 };
}

export function loadProgress() {
  try {
    const data = JSON.parse(localStorage.getItem(KEY) || "null");
    return data && data.version === 1 ? { ...empty(), ...data } : empty();
  } catch {
    return empty();
  }
}

export function saveProgress(data) {
  try {
    localStorage.setItem(KEY, JSON.stringify(data));
  } catch (error) {
    window.dispatchEvent(new CustomEvent(EVENT, { detail: { error: `Progress could not be saved: ${error.message}` } }));
    return false;
  }
  window.dispatchEvent(new CustomEvent(EVENT, { detail: {} }));
  return true;
}

export function onProgress(callback) {
  window.addEventListener(EVENT, (event) => callback(event.detail || {}));
  window.addEventListener("storage", (event) => { if (event.key === KEY) callback({}); });
}

/** Check an imported file's shape; returns an error message or null. */
export function invalidImport(data) {
  if (!data || typeof data !== "object") return "The file does not contain a progress export.";
  if (data.version !== 1) return "This file is not a progress export from this course (no version 1 marker).";
  for (const part of ["selfcheck", "cards"]) {
    if (typeof data[part] !== "object" || data[part] === null || Array.isArray(data[part])) {
      return `The file's "${part}" section is missing or damaged.`;
    }
  }
  return null;
}

/** Due and new cards, from saved schedules (a card never reviewed is new). */
export function cardCounts(cardIds, cards, now = new Date()) {
  let due = 0;
  let fresh = 0;
  for (const id of cardIds) {
    if (!cards[id]) fresh += 1;
    else if (new Date(cards[id].due) <= now) due += 1;
  }
  return { due, fresh };
}

function weakest(data, progress) {
  const tally = {};
  for (const [item, result] of Object.entries(progress.selfcheck)) {
    for (const objective of data.item_objectives[item] || []) {
      tally[objective] ||= { attempts: 0, correct: 0 };
      tally[objective].attempts += result.attempts;
      tally[objective].correct += result.correct;
    }
  }
  return data.objectives.filter((o) => tally[o.id])
    .map((o) => ({ ...o, rate: tally[o.id].correct / tally[o.id].attempts }))
    .sort((a, b) => a.rate - b.rate).slice(0, 3);
}

export function renderDashboard(el, data) {
  const live = h("p", { class: "swc-sr-only", role: "status", "aria-live": "polite" });
  const body = h("div");
  el.replaceChildren(h("section", { class: "swc-player swc-dashboard" }, body, live));
  let confirming = false;

  function draw() {
    const progress = loadProgress();
    const counts = cardCounts(data.cards, progress.cards);
    const weak = weakest(data, progress);
    const rows = data.chapters.map((chapter) => {
      const right = chapter.items.filter((id) => progress.selfcheck[id]?.correct > 0).length;
      return h("tr", {}, h("th", { scope: "row" }, h("a", { href: chapter.page }, `${chapter.number}. ${chapter.title}`)),
        h("td", {}, `${right} of ${chapter.items.length}`));
    });
    const fileInput = h("input", { type: "file", id: "swc-import-file", accept: "application/json,.json",
      class: "swc-file", onchange: (event) => importFile(event.target.files[0]) });
    body.replaceChildren(
      h("div", { class: "swc-due" },
        h("p", {}, h("strong", { class: "swc-due-count" }, `${counts.due}`), ` card${counts.due === 1 ? "" : "s"} due for review now, `,
          h("strong", { class: "swc-new-count" }, `${counts.fresh}`), " new card" + (counts.fresh === 1 ? "" : "s") + " not yet studied. ",
          h("a", { href: "#flashcards" }, "Go to the flashcards"), "."),
        h("p", {}, `${progress.reviews} flashcard review${progress.reviews === 1 ? "" : "s"} so far.`)),
      h("h3", {}, "Objectives to work on"),
      weak.length
        ? h("ol", { class: "swc-weak" }, weak.map((o) => h("li", {},
            h("a", { href: `${o.page}#${o.id.toLowerCase().replace(".", "-")}` }, o.id), ` ${o.text} `,
            h("span", { class: "swc-rate-text" }, `(${Math.round(o.rate * 100)}% of self-check answers right)`))))
        : h("p", { class: "swc-weak-empty" }, "Answer the self-check questions in the chapters to see which objectives need more work."),
      h("h3", {}, "Self-check progress by chapter"),
      h("table", { class: "swc-progress-table" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Chapter"), h("th", { scope: "col" }, "Questions answered correctly"))),
        h("tbody", {}, rows)),
      h("h3", {}, "Keep or move your progress"),
      h("p", {}, "Progress is stored in this browser only. Export it to keep a copy or to move it to another browser."),
      h("div", { class: "swc-actions" },
        h("button", { type: "button", class: "swc-export", onclick: exportFile }, "Export progress"),
        h("label", { for: "swc-import-file", class: "swc-file-label" }, "Import progress from a file"), fileInput),
      confirming
        ? h("div", { class: "swc-actions swc-reset-confirm" },
            h("p", {}, "This erases every self-check result and flashcard schedule in this browser."),
            h("button", { type: "button", class: "swc-reset-yes", onclick: reset }, "Yes, erase my progress"),
            h("button", { type: "button", class: "swc-secondary swc-reset-no", onclick: () => { confirming = false; draw(); body.querySelector(".swc-reset").focus(); } }, "Keep my progress"))
        : h("div", { class: "swc-actions" }, h("button", { type: "button", class: "swc-secondary swc-reset",
            onclick: () => { confirming = true; draw(); body.querySelector(".swc-reset-no").focus(); } }, "Reset progress…")));
  }

  function exportFile() {
    const blob = new Blob([JSON.stringify(loadProgress(), null, 2)], { type: "application/json" });
    const link = h("a", { href: URL.createObjectURL(blob), download: "casework-groupwork-progress.json" });
    document.body.append(link);
    link.click();
    link.remove();
    live.textContent = "Progress exported.";
  }

  async function importFile(file) {
    if (!file) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      live.textContent = `${file.name} is not a JSON file; nothing was changed.`;
      return;
    }
    const problem = invalidImport(data);
    if (problem) {
      live.textContent = `${problem} Nothing was changed.`;
      return;
    }
    saveProgress({ ...data, reviews: Number(data.reviews) || 0 });
    live.textContent = `Progress imported from ${file.name}.`;
  }

  function reset() {
    confirming = false;
    saveProgress(empty());
    live.textContent = "Progress erased.";
    body.querySelector(".swc-reset")?.focus();
  }

  onProgress((detail) => {
    if (detail.error) live.textContent = detail.error;
    draw();
  });
  draw();
}
