"""Question-bank exports (Moodle XML, Canvas QTI 1.2), re-read with xml.dom.minidom (not the
ElementTree code that wrote them) and checked against the structure the formats document.

Moodle XML ("Moodle XML format" on MoodleDocs): <quiz> of <question type=...>, each with
<name><text>, <questiontext format><text>, <defaultgrade>; multichoice answers carry a
fraction (percent, from Moodle's grade list) and <feedback>; an essay's <graderinfo> is shown to
graders only. Canvas QTI ("QTI 1.2", Canvas's importer): imsmanifest.xml lists resources of type
imsqti_xmlv1p2 whose file is in the zip; an <item> has question_type and points_possible in
qtimetadata; respconditions setvar SCORE and displayfeedback names an <itemfeedback> ident.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter

from swcourse.cli import main
from swcourse.core.bank_schema import Item
from swcourse.core.course import require_course
from swcourse.lms.moodle_xml import moodle_xml
from swcourse.lms.qti import qti_zip

BASE = {"objectives": ["LO-2.1"], "use": "assessment", "difficulty": "medium"}
SINGLE = {
    **BASE,
    "id": "q-02-fixture-single",
    "type": "single",
    "prompt": "Which one is right?",
    "key": "b",
    "options": [
        {"id": "a", "text": "Alpha, first", "explanation": "Alpha is the first letter."},
        {"id": "b", "text": "Beta & second", "explanation": "Beta is the right one."},
        {"id": "c", "text": "Gamma", "explanation": "Gamma is the third letter."},
    ],
}
MULTIPLE = {
    **BASE,
    "id": "q-02-fixture-multiple",
    "type": "multiple",
    "points": 2,
    "prompt": "Choose all that apply.",
    "key": ["a", "c"],
    "options": [
        {"id": k, "text": f"Option {k}", "explanation": f"Because of reason {k}."} for k in "abcd"
    ],
}
TRUE_FALSE = {
    **BASE,
    "id": "q-02-fixture-tf",
    "type": "true_false",
    "key": False,
    "prompt": "Casework began in 1950.",
    "explanation_true": "No: it began earlier.",
    "explanation_false": "Right: it began earlier.",
}
REFLECTION = {
    **BASE,
    "id": "q-02-fixture-reflect",
    "type": "reflection",
    "points": 3,
    "prompt": "Describe a group you know.",
    "guidance": "Names the group's aim.",
    "rubric": [
        {"criterion": "Aim", "points": 2, "look_for": "States the aim clearly."},
        {"criterion": "Example", "points": 1, "look_for": "Gives one example."},
    ],
}
MATCHING = {
    **BASE,
    "id": "q-02-fixture-match",
    "type": "matching",
    "prompt": "Match each one.",
    "explanation": "Each pair goes together.",
    "left": [
        {"id": "x", "text": "Richmond"},
        {"id": "y", "text": "Coyle"},
        {"id": "z", "text": "Newstetter"},
    ],
    "right": [
        {"id": "p", "text": "casework"},
        {"id": "q", "text": "group work"},
        {"id": "r", "text": "social goals"},
        {"id": "s", "text": "spare"},
    ],
    "key": {"x": "p", "y": "r", "z": "q"},
}
ITEMS = [
    TypeAdapter(Item).validate_python(d)
    for d in (SINGLE, MULTIPLE, TRUE_FALSE, REFLECTION, MATCHING)
]


def text_of(node: minidom.Element, tag: str) -> str:
    child = next(c for c in node.childNodes if getattr(c, "tagName", None) == tag)
    texts = child.getElementsByTagName("text")
    holder = texts[0] if texts else child
    return "".join(t.data for t in holder.childNodes if t.nodeType == t.TEXT_NODE)


def questions(xml: bytes) -> dict[str, minidom.Element]:
    quiz = minidom.parseString(xml).documentElement
    assert quiz.tagName == "quiz"
    return {
        text_of(q, "name"): q
        for q in quiz.getElementsByTagName("question")
        if q.getAttribute("type") != "category"
    }


def test_moodle_xml_of_hand_written_items() -> None:
    """Are the fixture items the right Moodle types, with the written fractions (+50/-50 for a
    two-key choose-all), per-answer feedback, points, and the rubric in the grader info?"""
    found = questions(moodle_xml({"fixtures": ITEMS}))
    single = found["q-02-fixture-single"]
    assert single.getAttribute("type") == "multichoice"
    assert text_of(single, "single") == "true"
    answers = single.getElementsByTagName("answer")
    assert [a.getAttribute("fraction") for a in answers] == ["0", "100", "0"]
    assert "Beta &amp; second" in text_of(answers[1], "text")
    assert "Beta is the right one." in text_of(answers[1], "feedback")
    multiple = found["q-02-fixture-multiple"]
    assert [a.getAttribute("fraction") for a in multiple.getElementsByTagName("answer")] == [
        "50",
        "-50",
        "50",
        "-50",
    ]
    assert text_of(multiple, "defaultgrade") == "2"
    tf = found["q-02-fixture-tf"]
    assert tf.getAttribute("type") == "truefalse"
    assert [
        (text_of(a, "text"), a.getAttribute("fraction")) for a in tf.getElementsByTagName("answer")
    ] == [("true", "0"), ("false", "100")]
    essay = found["q-02-fixture-reflect"]
    assert essay.getAttribute("type") == "essay"
    grader = text_of(essay, "graderinfo")
    assert "States the aim clearly." in grader and "Names the group&#x27;s aim." in grader
    assert "Names the group" not in text_of(essay, "questiontext")  # guidance is graders' only
    match = found["q-02-fixture-match"]
    pairs = [
        (text_of(s, "text"), text_of(s.getElementsByTagName("answer")[0], "text"))
        for s in match.getElementsByTagName("subquestion")
    ]
    assert pairs == [
        ("<p>Richmond</p>", "casework"),
        ("<p>Coyle</p>", "social goals"),
        ("<p>Newstetter</p>", "group work"),
        ("", "spare"),
    ]


def qti_items(data: bytes) -> dict[str, minidom.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = minidom.parseString(archive.read("imsmanifest.xml")).documentElement
        assert manifest.tagName == "manifest"
        items: dict[str, minidom.Element] = {}
        for resource in manifest.getElementsByTagName("resource"):
            assert resource.getAttribute("type") == "imsqti_xmlv1p2"
            href = resource.getElementsByTagName("file")[0].getAttribute("href")
            root = minidom.parseString(archive.read(href)).documentElement
            assert root.tagName == "questestinterop"
            assert root.getAttribute("xmlns") == "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
            for item in root.getElementsByTagName("item"):
                feedback = {
                    f.getAttribute("ident") for f in item.getElementsByTagName("itemfeedback")
                }
                links = {
                    d.getAttribute("linkrefid")
                    for d in item.getElementsByTagName("displayfeedback")
                }
                assert links <= feedback, (item.getAttribute("ident"), links - feedback)
                labels = {
                    r.getAttribute("ident") for r in item.getElementsByTagName("response_label")
                }
                for equal in item.getElementsByTagName("varequal"):
                    if item.getElementsByTagName("render_choice"):
                        assert equal.firstChild.data in labels
                items[item.getAttribute("ident")] = item
    return items


def metadata(item: minidom.Element) -> dict[str, str]:
    return {
        f.getElementsByTagName("fieldlabel")[0].firstChild.data: f.getElementsByTagName(
            "fieldentry"
        )[0].firstChild.data
        for f in item.getElementsByTagName("qtimetadatafield")
    }


def test_qti_of_hand_written_items() -> None:
    """Does each fixture item get Canvas's question type and points, the key scored 100, each
    option's explanation as its response feedback, and the matching key as added shares?"""
    items = qti_items(qti_zip({"fixtures": ITEMS}))
    assert {k: metadata(v)["question_type"] for k, v in items.items()} == {
        "q-02-fixture-single": "multiple_choice_question",
        "q-02-fixture-multiple": "multiple_answers_question",
        "q-02-fixture-tf": "true_false_question",
        "q-02-fixture-reflect": "essay_question",
        "q-02-fixture-match": "matching_question",
    }
    assert metadata(items["q-02-fixture-multiple"])["points_possible"] == "2"
    single = items["q-02-fixture-single"]
    scored = [
        c for c in single.getElementsByTagName("respcondition") if c.getElementsByTagName("setvar")
    ]
    assert [
        (
            c.getElementsByTagName("varequal")[0].firstChild.data,
            c.getElementsByTagName("setvar")[0].firstChild.data,
        )
        for c in scored
    ] == [("b", "100")]
    feedback = {
        f.getAttribute("ident"): f.getElementsByTagName("mattext")[0].firstChild.data
        for f in single.getElementsByTagName("itemfeedback")
    }
    assert feedback["a_fb"] == "<p>Alpha is the first letter.</p>"
    match = items["q-02-fixture-match"]
    adds = [
        (
            c.getElementsByTagName("varequal")[0].getAttribute("respident"),
            c.getElementsByTagName("varequal")[0].firstChild.data,
            c.getElementsByTagName("setvar")[0].getAttribute("action"),
        )
        for c in match.getElementsByTagName("respcondition")
        if c.getElementsByTagName("setvar")
    ]
    assert adds == [
        ("response_x", "p", "Add"),
        ("response_y", "r", "Add"),
        ("response_z", "q", "Add"),
    ]
    multiple = items["q-02-fixture-multiple"]
    tests = multiple.getElementsByTagName("and")[0]
    wanted = [
        v.firstChild.data for v in tests.childNodes if getattr(v, "tagName", "") == "varequal"
    ]
    unwanted = [
        n.getElementsByTagName("varequal")[0].firstChild.data
        for n in tests.getElementsByTagName("not")
    ]
    assert (wanted, unwanted) == (["a", "c"], ["b", "d"])


@pytest.mark.parametrize("fmt", ["moodle", "qti"])
def test_the_whole_bank_exports(course_root: Path, tmp_path: Path, fmt: str) -> None:
    """Does the command export every assessment item of the real bank, pass the structural
    checks, note the public keys on stderr and end with a short summary line?"""

    wanted = {i.id for i in list(require_course(course_root).all_items) if i.use == "assessment"}
    out = tmp_path / ("bank.xml" if fmt == "moodle" else "bank.zip")
    result = CliRunner().invoke(
        main,
        [
            "bank",
            "export",
            "--root",
            str(course_root),
            "--format",
            fmt,
            "--use",
            "assessment",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "assessment keys" in result.stderr
    assert result.stdout.strip() == f"Wrote {len(wanted)} questions to {out}"
    found = questions(out.read_bytes()) if fmt == "moodle" else qti_items(out.read_bytes())
    assert set(found) == wanted
    assert out.stat().st_mode & 0o777 == 0o644
