"""The question bank as Moodle XML (Question bank > Import > Moodle XML format).

Each bank item becomes one Moodle question, named by its bank id (also its Moodle ID number),
in a category per bank file. Every option carries its explanation as per-answer feedback.
Scoring follows the core's rules where Moodle can express them: a multiple-select item gives
+100/k for each right option and -100/k for each wrong one (k right options), floored at 0,
exactly as `core.scoring`; ordering uses Moodle's "next item" grading (Moodle 4.4's core
ordering type), which is close to but not the same as the core's pairwise rule. Reflections
become essay questions with the rubric and marking guidance in the grader information.

This is public material: the bank, and so the assessment keys, are in the open repository.
Exporting puts a copy in your LMS; keep a private bank for secure assessments.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape
from typing import Any

from ..core.bank_schema import CATEGORIES


def html_text(text: str) -> str:
    """Plain bank text as HTML paragraphs, escaped."""
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def rubric_html(item: Any) -> str:
    rows = "".join(
        f"<tr><td>{escape(r.criterion)}</td><td>{r.points}</td><td>{escape(r.look_for)}</td></tr>"
        for r in item.rubric
    )
    return (
        "<table><thead><tr><th>Criterion</th><th>Points</th><th>What earns them</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        f"<p><strong>A strong answer covers:</strong> {escape(item.guidance)}</p>"
    )


def _text(parent: ET.Element, tag: str, value: str, html: bool = True, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {}, **attrs)
    ET.SubElement(element, "text").text = value
    return element


def _answer(question: ET.Element, fraction: float, text: str, feedback: str) -> None:
    answer = ET.SubElement(question, "answer", fraction=_fraction(fraction), format="html")
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", html_text(feedback))


def _fraction(value: float) -> str:
    """Moodle's grade list has 5 decimals for thirds, sevenths and the like."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _question(quiz: ET.Element, kind: str, item: Any, prompt: str) -> ET.Element:
    question = ET.SubElement(quiz, "question", type=kind)
    _text(question, "name", item.id, html=False)
    _text(question, "questiontext", prompt)
    _text(question, "generalfeedback", "")
    ET.SubElement(question, "defaultgrade").text = f"{item.points:g}"
    ET.SubElement(question, "penalty").text = "0"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = item.id
    return question


def _choices(question: ET.Element, item: Any) -> None:
    if item.type == "single":
        ET.SubElement(question, "single").text = "true"
        right = {item.key}
        fractions = {o.id: (100.0 if o.id in right else 0.0) for o in item.options}
    else:
        ET.SubElement(question, "single").text = "false"
        right, k = set(item.key), len(item.key)
        fractions = {o.id: (100.0 / k if o.id in right else -100.0 / k) for o in item.options}
    ET.SubElement(question, "shuffleanswers").text = "false" if item.fixed_order else "true"
    ET.SubElement(question, "answernumbering").text = "abc"
    for option in item.options:
        _answer(question, fractions[option.id], html_text(option.text), option.explanation)


def _multichoice(quiz: ET.Element, item: Any, prompt: str) -> None:
    _choices(_question(quiz, "multichoice", item, prompt), item)


def _truefalse(quiz: ET.Element, item: Any, prompt: str) -> None:
    question = _question(quiz, "truefalse", item, prompt)
    _answer(question, 100.0 if item.key else 0.0, "true", item.explanation_true)
    _answer(question, 0.0 if item.key else 100.0, "false", item.explanation_false)


def _shortanswer(quiz: ET.Element, item: Any, prompt: str) -> None:
    question = _question(quiz, "shortanswer", item, prompt)
    ET.SubElement(question, "usecase").text = "0"
    for accepted in item.accepted:
        _answer(question, 100.0, escape(accepted), item.explanation)


def _matching_question(
    quiz: ET.Element,
    item: Any,
    prompt: str,
    explanation: str,
    pairs: list[tuple[str, str]],
    spare: list[str],
) -> None:
    question = _question(quiz, "matching", item, prompt)
    ET.SubElement(question, "shuffleanswers").text = "true"
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(question, tag, html_text(explanation))
    for left, answer in [*pairs, *(("", s) for s in spare)]:
        sub = _text(question, "subquestion", html_text(left) if left else "")
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer


def _matching(quiz: ET.Element, item: Any, prompt: str) -> None:
    right = {p.id: p.text for p in item.right}
    pairs = [(p.text, right[item.key[p.id]]) for p in item.left]
    spare = [t for i, t in right.items() if i not in item.key.values()]
    _matching_question(quiz, item, prompt, item.explanation, pairs, spare)


def _classification(quiz: ET.Element, item: Any, prompt: str) -> None:
    """Each situation matched to its category; categories no situation has are spares."""
    explanation = "\n\n".join(f"{v.text} {v.explanation}" for v in item.vignettes)
    pairs = [(v.text, v.answer) for v in item.vignettes]
    spare = [c for c in CATEGORIES if c not in {v.answer for v in item.vignettes}]
    _matching_question(quiz, item, prompt, explanation, pairs, spare)


def _ordering(quiz: ET.Element, item: Any, prompt: str) -> None:
    question = _question(quiz, "ordering", item, prompt)
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", "0"),
        ("gradingtype", "RELATIVE_NEXT_EXCLUDE_LAST"),
        ("showgrading", "SHOW"),
    ):
        ET.SubElement(question, tag).text = value
    _text(question, "correctfeedback", html_text(item.explanation))
    text = {p.id: p.text for p in item.items}
    for position, key in enumerate(item.key, start=1):
        _answer(question, float(position), html_text(text[key]), "")


def _essay(quiz: ET.Element, item: Any, prompt: str) -> None:
    rubric = "<h4>How this answer is marked</h4>" + rubric_html(item).split("<p><strong>")[0]
    question = _question(quiz, "essay", item, prompt + rubric)
    for tag, value in (
        ("responseformat", "editor"),
        ("responserequired", "1"),
        ("responsefieldlines", "15"),
        ("attachments", "0"),
        ("attachmentsrequired", "0"),
    ):
        ET.SubElement(question, tag).text = value
    _text(question, "graderinfo", rubric_html(item))
    _text(question, "responsetemplate", "")


# Per item type: the writer of its Moodle question.
EXPORT = {
    "single": _multichoice,
    "multiple": _multichoice,
    "true_false": _truefalse,
    "short_text": _shortanswer,
    "matching": _matching,
    "classification": _classification,
    "ordering": _ordering,
    "reflection": _essay,
}


def add_item(quiz: ET.Element, item: Any) -> None:
    """Append one bank item as a Moodle question."""
    if item.type not in EXPORT:
        raise ValueError(f"{item.id}: the Moodle export has no form for {item.type} questions")
    EXPORT[item.type](quiz, item, html_text(item.prompt))


def moodle_xml(banks: dict[str, list[Any]], course: str = "Casework and Group Work") -> bytes:
    """A Moodle XML quiz file: a category per bank file (`banks`: file stem -> items)."""
    quiz = ET.Element("quiz")
    for stem, items in banks.items():
        category = ET.SubElement(quiz, "question", type="category")
        _text(category, "category", f"$course$/top/{course}/{stem}", html=False)
        for item in items:
            add_item(quiz, item)
    ET.indent(quiz)
    text = ET.tostring(quiz, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")
