"""Fail when an annotated entity does not fall on token boundaries.

Rasa silently drops such entities when it trains, so every annotated entity
in data/nlu/*.yml and tests/nlu/holdout/*.yml is checked against OUR
tokenizer (normaliser + jieba/spaCy). Also rejects annotations of
``message_language``, which the detector produces and data must not carry,
and annotation markup that Rasa kept as text (``[Wuxi], …{"entity": …}``:
the ``{…}`` must follow the closing bracket, or the entity is lost).

Usage: python -m nlu.evaluation.check_data [files or folders ...]; exit 1 on problems.
"""
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.loading import load_data

from nlu.components.constants import MESSAGE_LANGUAGE_ENTITY
from nlu.text.normalisation import normalise
from nlu.text.segmentation import segment

DEFAULT_SOURCES = ("data/nlu", "tests/nlu/holdout")
STRAY_MARKUP = re.compile(r'\{\s*"entity"|\]\([a-z_]+\)')


@dataclass(frozen=True)
class Problem:
    path: Path
    intent: str
    text: str
    entity: str
    start: int
    end: int
    reason: str
    tokens: str

    def describe(self) -> str:
        span = self.text[self.start : self.end]
        return (f"{self.path}: [{self.intent}] {self.text!r}\n"
                f"    {self.entity} {span!r} ({self.start}-{self.end}): {self.reason}\n"
                f"    tokens: {self.tokens}")


def data_files(sources: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        files.extend(sorted(path.glob("*.yml")) if path.is_dir() else [path])
    return files


def check_example(path: Path, text: str, intent: str, entities: list) -> list[Problem]:
    tokens = segment(normalise(text))
    starts = {token.start for token in tokens}
    ends = {token.end for token in tokens}
    shown = " | ".join(text[token.start : token.end] for token in tokens)
    problems = []
    for entity in entities:
        start, end, name = entity["start"], entity["end"], entity["entity"]
        reasons = []
        if name == MESSAGE_LANGUAGE_ENTITY:
            reasons.append("message_language is detected, never annotated")
        if start not in starts:
            reasons.append("does not start at a token start")
        if end not in ends:
            reasons.append("does not end at a token end")
        if reasons:
            problems.append(Problem(path, intent, text, name, start, end, "; ".join(reasons), shown))
    return problems


def stray_markup(path: Path, text: str, intent: str) -> list[Problem]:
    return [Problem(path, intent, text, "?", found.start(), found.end(),
                    "annotation markup left in the text: the {...} must follow the closing ]", "")
            for found in STRAY_MARKUP.finditer(text)]


def check_file(path: Path) -> list[Problem]:
    problems: list[Problem] = []
    for example in load_data(str(path)).training_examples:
        text, intent = example.get(TEXT), example.get(INTENT)
        problems.extend(stray_markup(path, text, intent))
        entities = example.get(ENTITIES) or []
        if entities:
            problems.extend(check_example(path, text, intent, entities))
    return problems


def main(argv: list[str]) -> int:
    files = data_files(argv or DEFAULT_SOURCES)
    problems = [problem for path in files for problem in check_file(path)]
    for problem in problems:
        print(problem.describe())
    print(f"checked {len(files)} files: {len(problems)} problems with annotated entities")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
