"""The question bank as an IMS QTI 1.2 package, the flavour Canvas imports (Settings > Import
Course Content > QTI .zip file): `imsmanifest.xml` naming one assessment file per bank file.

Canvas reads the question type from the item's `question_type` metadata field. Single choice is
multiple_choice_question, choose-all is multiple_answers_question, true/false
true_false_question, short answers short_answer_question; matching, classification (each
situation matched to casework, group work or both) and ordering (each position matched to its
item) are matching_question; reflections are essay_question with the rubric in the question
text. Every choice carries its explanation as response feedback. Canvas has no grader-only text,
so the marking guidance stays in the Moodle export and the nbgrader notebooks.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

from ..core.bank_schema import CATEGORIES
from .moodle_xml import html_text, rubric_html

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


def _mattext(parent: ET.Element, html: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = html


def _feedback(item_el: ET.Element, ident: str, text: str) -> None:
    feedback = ET.SubElement(item_el, "itemfeedback", ident=ident)
    _mattext(ET.SubElement(feedback, "flow_mat"), html_text(text))


def _choices(
    parent: ET.Element, ident: str, cardinality: str, labels: list[tuple[str, str]]
) -> None:
    lid = ET.SubElement(parent, "response_lid", ident=ident, rcardinality=cardinality)
    render = ET.SubElement(lid, "render_choice")
    for label, text in labels:
        _mattext(ET.SubElement(render, "response_label", ident=label), text)


def _condition(
    resp: ET.Element,
    tests: list[tuple[str, str, bool]],
    score: float | None,
    feedback: str | None = None,
    action: str = "Set",
) -> None:
    """A respcondition: all of (respident, value, wanted) hold -> set/add SCORE, show feedback."""
    cond = ET.SubElement(
        resp, "respcondition", {"continue": "Yes" if score is None or action == "Add" else "No"}
    )
    var = ET.SubElement(cond, "conditionvar")
    target = ET.SubElement(var, "and") if len(tests) > 1 else var
    for respident, value, wanted in tests:
        holder = target if wanted else ET.SubElement(target, "not")
        ET.SubElement(holder, "varequal", respident=respident).text = value
    if score is not None:
        ET.SubElement(cond, "setvar", action=action, varname="SCORE").text = f"{score:g}"
    if feedback:
        ET.SubElement(cond, "displayfeedback", feedbacktype="Response", linkrefid=feedback)


def _matching_pairs(item: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    return (
        [(p.id, html_text(p.text), item.key[p.id]) for p in item.left],
        [(p.id, p.text) for p in item.right],
    )


def _classification_pairs(item: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    ids = {c: c.replace(" ", "_") for c in CATEGORIES}
    return (
        [(v.id, html_text(v.text), ids[v.answer]) for v in item.vignettes],
        [(ids[c], c) for c in CATEGORIES],
    )


def _ordering_pairs(item: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    text = {p.id: p.text for p in item.items}
    return (
        [(f"position_{n}", f"<p>Position {n}</p>", key) for n, key in enumerate(item.key, 1)],
        [(p.id, text[p.id]) for p in item.items],
    )


Feedback = list[tuple[str, str]]


def _choice_body(item: Any, presentation: ET.Element, resp: ET.Element) -> Feedback:
    feedback: Feedback = []
    cardinality = "Single" if item.type == "single" else "Multiple"
    _choices(
        presentation, "response1", cardinality, [(o.id, html_text(o.text)) for o in item.options]
    )
    for o in item.options:
        _condition(resp, [("response1", o.id, True)], None, f"{o.id}_fb")
        feedback.append((f"{o.id}_fb", o.explanation))
    keys = {item.key} if item.type == "single" else set(item.key)
    _condition(
        resp,
        [
            ("response1", o.id, o.id in keys)
            for o in item.options
            if item.type == "multiple" or o.id in keys
        ],
        100,
    )
    return feedback


def _true_false_body(item: Any, presentation: ET.Element, resp: ET.Element) -> Feedback:
    feedback: Feedback = []
    _choices(
        presentation, "response1", "Single", [("true", "<p>True</p>"), ("false", "<p>False</p>")]
    )
    for value, text in (("true", item.explanation_true), ("false", item.explanation_false)):
        _condition(resp, [("response1", value, True)], None, f"{value}_fb")
        feedback.append((f"{value}_fb", text))
    _condition(resp, [("response1", str(item.key).lower(), True)], 100)
    return feedback


def _short_text_body(item: Any, presentation: ET.Element, resp: ET.Element) -> Feedback:
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    ET.SubElement(response, "render_fib", fibtype="String", prompt="Box")
    for accepted in item.accepted:
        _condition(resp, [("response1", accepted, True)], 100, "general_fb")
    return [("general_fb", item.explanation)]


def _pairs_body(pairs: Any) -> Any:
    """A matching_question body whose (left, answer) pairs and right choices come from `pairs`."""

    def body(item: Any, presentation: ET.Element, resp: ET.Element) -> Feedback:
        lefts, rights = pairs(item)
        for left_id, left_html, answer in lefts:
            lid = ET.SubElement(presentation, "response_lid", ident=f"response_{left_id}")
            _mattext(lid, left_html)
            render = ET.SubElement(lid, "render_choice")
            for right_id, text in rights:
                _mattext(ET.SubElement(render, "response_label", ident=right_id), html_text(text))
            _condition(
                resp, [(f"response_{left_id}", answer, True)], 100 / len(lefts), action="Add"
            )
        explanation = getattr(item, "explanation", "") or " ".join(
            f"{v.text} {v.explanation}" for v in getattr(item, "vignettes", [])
        )
        cond = ET.SubElement(resp, "respcondition", {"continue": "Yes"})
        ET.SubElement(ET.SubElement(cond, "conditionvar"), "other")
        ET.SubElement(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        return [("general_fb", explanation)]

    return body


def _essay_body(item: Any, presentation: ET.Element, resp: ET.Element) -> Feedback:
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    ET.SubElement(response, "render_fib")
    cond = ET.SubElement(resp, "respcondition", {"continue": "No"})
    ET.SubElement(ET.SubElement(cond, "conditionvar"), "other")
    return []


# Per item type: Canvas's question type and the writer of the item's body and scoring.
EXPORT = {
    "single": ("multiple_choice_question", _choice_body),
    "multiple": ("multiple_answers_question", _choice_body),
    "true_false": ("true_false_question", _true_false_body),
    "short_text": ("short_answer_question", _short_text_body),
    "matching": ("matching_question", _pairs_body(_matching_pairs)),
    "classification": ("matching_question", _pairs_body(_classification_pairs)),
    "ordering": ("matching_question", _pairs_body(_ordering_pairs)),
    "reflection": ("essay_question", _essay_body),
}
TYPES = {name: canvas for name, (canvas, _) in EXPORT.items()}


def qti_item(section: ET.Element, item: Any) -> None:
    """Append one bank item as a Canvas QTI item."""
    if item.type not in EXPORT:
        raise ValueError(f"{item.id}: the Canvas export has no form for {item.type} questions")
    canvas_type, body = EXPORT[item.type]
    el = ET.SubElement(section, "item", ident=item.id, title=item.id)
    meta = ET.SubElement(ET.SubElement(el, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", canvas_type), ("points_possible", f"{item.points:g}")):
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry
    presentation = ET.SubElement(el, "presentation")
    prompt = html_text(item.prompt)
    if item.hand_graded:
        prompt += "<h4>How this answer is marked</h4>" + rubric_html(item).split("<p><strong>")[0]
    _mattext(presentation, prompt)
    resp = ET.Element("resprocessing")
    outcomes = ET.SubElement(resp, "outcomes")
    ET.SubElement(
        outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
    )
    feedback = body(item, presentation, resp)
    el.append(resp)
    for ident, text in feedback:
        _feedback(el, ident, text)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    ).encode("utf-8")


def assessment(stem: str, title: str, items: list[Any]) -> bytes:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    test = ET.SubElement(root, "assessment", ident=stem, title=title)
    section = ET.SubElement(test, "section", ident="root_section")
    for item in items:
        qti_item(section, item)
    return _xml(root)


def manifest(stems: list[str]) -> bytes:
    root = ET.Element("manifest", identifier="swcourse-question-bank", xmlns=CP_NS)
    meta = ET.SubElement(root, "metadata")
    ET.SubElement(meta, "schema").text = "IMS Content"
    ET.SubElement(meta, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for stem in stems:
        resource = ET.SubElement(resources, "resource", identifier=stem, type="imsqti_xmlv1p2")
        ET.SubElement(resource, "file", href=f"{stem}/{stem}.xml")
    return _xml(root)


def qti_zip(banks: dict[str, list[Any]], course: str = "Casework and Group Work") -> bytes:
    """The zip Canvas imports: imsmanifest.xml plus one assessment per bank file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest(list(banks)))
        for stem, items in banks.items():
            archive.writestr(f"{stem}/{stem}.xml", assessment(stem, f"{course}: {stem}", items))
    return buffer.getvalue()
