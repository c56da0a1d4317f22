"""Key bias: can a student who never read the chapter guess the key from where it sits or how long
it is? `swcourse check` measures every bank file and scenario and fails the ones that give it away.

Why these rules and thresholds (AUTHORING.md repeats them for authors):

- **Longest option.** Writers polish the right answer and leave the wrong ones short, so "pick the
  longest" becomes a strategy. With four options an unbiased bank has the key longest about a
  quarter of the time; we fail a bank when more than 40% of its single-choice items (counted once
  it has at least 5, since one item moves a smaller share by 20 points or more) have a key that is
  *clearly* the longest. "Clearly" means more than 10% longer, in characters, than the longest
  distractor: a student cannot see a difference of a few characters, so a key within 10% of a
  distractor's length is not counted. The same rule, the other way round, catches a bank that has
  overcorrected: a key clearly the *shortest* in more than 40% of items fails too. Small margins
  add up, though: a student who always picks the longest-looking option wins whenever the key is
  longest by any margin, so a bank also fails when its key is the longest at all (ties aside) in
  more than half of its items, twice what chance gives with four options.
- **Position.** Options are shuffled for display (core/shuffle.py), but `fixed_order` items,
  printed copies and LMS exports show the written order, so written positions still matter and
  `fixed_order` items count like the others. With ten or more single-choice items in a bank, no
  position (first, second, ...) may hold the key in more than 40% of them (chance with four
  options is 25%; 40% leaves room for honest variation but not for "it is usually a").
- **Choose all that apply.** There is no single key to be longest, so we ask whether ticked
  options are systematically longer: an item leans when the average keyed option is more than
  10% longer than the average unkeyed one. A bank with at least 4 choose-all-that-apply items
  fails when more than half of them lean: an unbiased item leans well under half the time,
  since the keyed average must beat the unkeyed one by a tenth.
- **Scenarios.** In each decision the best-scoring choice (the highest score; ties share it) is
  compared with the best of the rest the same way: it is "the longest" only when more than 10%
  longer than every weaker choice (or, for "shortest", more than 10% shorter), and the best
  choice may be the longest by any margin in at most half of the decisions. With at least 5
  decisions (every real scenario has 10 or more), a scenario fails when either holds in more than
  40% of them, or (with at least 10) when one position holds the best choice in more than half;
  scenario nodes have two to five choices, so chance itself is often 33-50%. Decisions whose
  choices all score the same have no best choice and are not counted.

Lengths are counted in characters after collapsing whitespace, which is what a reader sees.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .bank_schema import BankFile, MultipleSelect, SingleChoice
from .course import Course
from .problems import Problem
from .scenario_schema import Scenario
from .yamlio import Loaded

TOLERANCE = 0.10
MAX_LONGEST_SHARE = 0.40
MAX_ANY_LONGEST_SHARE = 0.50
MAX_POSITION_SHARE = 0.40
MIN_ITEMS_FOR_LENGTH = 5
MIN_ITEMS_FOR_POSITION = 10
MAX_LEANING_SHARE = 0.50
MIN_MULTIPLE_ITEMS = 4
MAX_SCENARIO_POSITION_SHARE = 0.50


def text_length(text: str) -> int:
    """Characters a reader sees: runs of whitespace count as one space."""
    return len(" ".join(text.split()))


def clearly_longer(a: int, b: int) -> bool:
    """True when `a` is more than TOLERANCE longer than `b` (a difference a reader notices)."""
    return a > b * (1 + TOLERANCE)


@dataclass
class Tally:
    """Bias figures for one bank file or one scenario."""

    path: Path
    line: int
    kind: str  # "bank" or "scenario"
    count: int = 0  # single-choice items, or scenario decisions
    positions: Counter[int] = field(default_factory=Counter)
    longest: int = 0
    longest_any: int = 0  # longest by any margin (ties not counted)
    shortest: int = 0
    multiple: int = 0
    leaning: int = 0

    def share(self, n: int, of: int | None = None) -> float:
        total = self.count if of is None else of
        return n / total if total else 0.0


def single_tally(tally: Tally, option_texts: list[str], key_index: int) -> None:
    """Add one single-choice item (options in written order) to the tally."""
    lengths = [text_length(t) for t in option_texts]
    key = lengths[key_index]
    others = lengths[:key_index] + lengths[key_index + 1 :]
    tally.count += 1
    tally.positions[key_index] += 1
    tally.longest_any += key > max(others)
    if clearly_longer(key, max(others)):
        tally.longest += 1
    if clearly_longer(min(others), key):
        tally.shortest += 1


def multiple_tally(tally: Tally, keyed: list[str], unkeyed: list[str]) -> None:
    """Add one choose-all-that-apply item: does the average ticked option run longer?"""
    tally.multiple += 1
    if not keyed or not unkeyed:
        return
    mean_keyed = sum(map(text_length, keyed)) / len(keyed)
    mean_unkeyed = sum(map(text_length, unkeyed)) / len(unkeyed)
    if mean_keyed > mean_unkeyed * (1 + TOLERANCE):
        tally.leaning += 1


def decision_tally(tally: Tally, labels: list[str], scores: list[int]) -> None:
    """Add one scenario decision: is a best-scoring choice clearly the longest? Where is it?"""
    top = max(scores)
    best = [text_length(lab) for lab, s in zip(labels, scores, strict=True) if s == top]
    rest = [text_length(lab) for lab, s in zip(labels, scores, strict=True) if s != top]
    tally.count += 1
    tally.positions[scores.index(top)] += 1
    tally.longest_any += bool(rest) and max(best) > max(rest)
    if rest and clearly_longer(max(best), max(rest)):
        tally.longest += 1
    if rest and clearly_longer(min(rest), min(best)):
        tally.shortest += 1


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def bias_problems(tally: Tally) -> list[Problem]:
    """The thresholds above, applied to one tally; one problem per rule broken."""
    bank = tally.kind == "bank"
    where = "single-choice items" if bank else "decisions"
    key = "the key" if bank else "the best-scoring choice"
    others = "the other options" if bank else "the weaker choices"
    problems: list[Problem] = []
    if tally.count >= MIN_ITEMS_FOR_LENGTH:
        for n, word, fix in (
            (tally.longest, "longest", f"make {others} as long and as specific as {key}"),
            (tally.shortest, "shortest", f"develop {key} as fully as {others}"),
        ):
            if tally.share(n) > MAX_LONGEST_SHARE:
                problems.append(
                    Problem(
                        tally.path,
                        tally.line,
                        f"{key} is clearly the {word} option in {n} of {tally.count} {where} "
                        f"({_percent(tally.share(n))}; at most {_percent(MAX_LONGEST_SHARE)}); {fix}",  # noqa: E501 - one message, kept whole to grep for
                    )
                )
        if tally.share(tally.longest_any) > MAX_ANY_LONGEST_SHARE:
            problems.append(
                Problem(
                    tally.path,
                    tally.line,
                    f"{key} is the longest option, if only just, in {tally.longest_any} of "
                    f"{tally.count} {where} ({_percent(tally.share(tally.longest_any))}; at most "
                    f"{_percent(MAX_ANY_LONGEST_SHARE)}); let {others} be the longer ones more often",  # noqa: E501 - one message, kept whole to grep for
                )
            )
    limit = MAX_POSITION_SHARE if bank else MAX_SCENARIO_POSITION_SHARE
    if tally.count >= MIN_ITEMS_FOR_POSITION:
        position, n = max(sorted(tally.positions.items()), key=lambda pair: pair[1])
        if tally.share(n) > limit:
            problems.append(
                Problem(
                    tally.path,
                    tally.line,
                    f"{key} is option {position + 1} in {n} of {tally.count} {where} "
                    f"({_percent(tally.share(n))}; at most {_percent(limit)}); reorder "
                    f"{'the options' if bank else 'the choices'}",
                )
            )
    leaning = tally.share(tally.leaning, tally.multiple)
    if tally.multiple >= MIN_MULTIPLE_ITEMS and leaning > MAX_LEANING_SHARE:
        problems.append(
            Problem(
                tally.path,
                tally.line,
                f"the keyed options run longer than the unkeyed ones in {tally.leaning} of "
                f"{tally.multiple} choose-all-that-apply items ({_percent(leaning)}; at most "
                f"{_percent(MAX_LEANING_SHARE)}); write the wrong options as fully as the right ones",  # noqa: E501 - one message, kept whole to grep for
            )
        )
    return problems


def bank_tally(loaded: Loaded[BankFile]) -> Tally:
    """Figures for one bank file: its single-choice and choose-all-that-apply items, both uses."""
    tally = Tally(loaded.path, loaded.line("items"), "bank")
    for item in loaded.model.items:
        if isinstance(item, SingleChoice):
            ids = [o.id for o in item.options]
            single_tally(tally, [o.text for o in item.options], ids.index(item.key))
        elif isinstance(item, MultipleSelect):
            multiple_tally(
                tally,
                [o.text for o in item.options if o.id in item.key],
                [o.text for o in item.options if o.id not in item.key],
            )
    return tally


def scenario_tally(loaded: Loaded[Scenario]) -> Tally:
    """Figures for one scenario: every decision whose choices do not all score the same."""
    tally = Tally(loaded.path, loaded.line("nodes"), "scenario")
    for node in loaded.model.nodes.values():
        scores = [c.score for c in node.choices]
        if len(set(scores)) > 1:
            decision_tally(tally, [c.label for c in node.choices], scores)
    return tally


def course_tallies(course: Course) -> list[Tally]:
    """One tally per bank file and per scenario that loads (the others are load problems)."""
    return [bank_tally(b) for b in course.banks] + [scenario_tally(s) for s in course.scenarios]


def check_bias(course: Course) -> list[Problem]:
    """Every bank file and scenario whose keys can be guessed from position or length."""
    return [problem for tally in course_tallies(course) for problem in bias_problems(tally)]
