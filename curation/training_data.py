"""Writes curated examples into the project's Rasa files as a reviewer wants to read them in a diff:
new lines at the end of the intent's `examples` block, sorted, never a duplicate; a new intent gets
its block, its domain entry, a registry entry (a person answers until a dialogue is written; its rule is
generated from the registry) and a catalogue row. Files are edited as text so that nothing else in them moves."""
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from curation.inbox import normalised
from registry import rules
from registry.intents import HOTLINE, REGISTRY_PATH

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
_BLOCK_LINE = "    - "


@dataclass
class ExportResult:
    added: dict[str, list[str]] = field(default_factory=dict)      # intent -> annotated lines written
    skipped: list[str] = field(default_factory=list)               # already there under the same intent
    conflicts: list[str] = field(default_factory=list)             # already there under another intent
    new_intents: list[str] = field(default_factory=list)


def annotated(text: str, entities: Iterable[dict]) -> str:
    """Rasa's inline annotation: [苏州](city)的社保卡…; spans come sorted and non-overlapping."""
    line, cursor = [], 0
    for span in sorted(entities, key=lambda s: s["start"]):
        line.append(text[cursor:span["start"]])
        line.append(f"[{text[span['start']:span['end']]}]({span['entity']})")
        cursor = span["end"]
    line.append(text[cursor:])
    return " ".join("".join(line).split())


def plain(example: str) -> str:
    return _ANNOTATION.sub(r"\1", example)


class Project:
    """The Rasa files of one project folder: data/nlu/*.yml, data/rules/, domain/*.yml, and its intent
    registry."""

    def __init__(self, root: Path, catalogue: Path | None = None) -> None:
        self.root = Path(root)
        self.nlu_dir = self.root / "data" / "nlu"
        self.domain = self.root / "domain"
        self.registry = self.root / REGISTRY_PATH
        self.catalogue = catalogue

    def examples_by_text(self) -> dict[str, str]:
        """Normalised plain text of every training example -> its intent."""
        known = {}
        for path in sorted(self.nlu_dir.glob("*.yml")):
            for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
                for line in (block.get("examples") or "").splitlines():
                    if "intent" in block and line.strip().startswith("- "):
                        known[normalised(plain(line.strip()[2:]))] = block["intent"]
        return known

    def file_of(self, intent: str) -> Path | None:
        pattern = re.compile(rf"^- intent: {re.escape(intent)}\s*$", re.MULTILINE)
        return next((path for path in sorted(self.nlu_dir.glob("*.yml"))
                     if pattern.search(path.read_text(encoding="utf-8"))), None)

    def add_examples(self, intent: str, lines: list[str]) -> None:
        path = self.file_of(intent)
        if path is None:
            raise ValueError(f"no file of {self.nlu_dir} holds the intent {intent}")
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        start = next(i for i, line in enumerate(text) if line.rstrip() == f"- intent: {intent}")
        end = start + 1
        while end < len(text) and (text[end].startswith("  ") or not text[end].strip()):
            end += 1
        while not text[end - 1].strip():
            end -= 1
        if not text[end - 1].endswith("\n"):
            text[end - 1] += "\n"
        text[end:end] = [f"{_BLOCK_LINE}{line}\n" for line in sorted(lines)]
        path.write_text("".join(text), encoding="utf-8")

    def add_intent(self, intent: str, domain_file: str, lines: list[str], description: str,
                   example_zh: str = "", example_en: str = "") -> None:
        path = self.nlu_dir / f"{domain_file}.yml"
        existing = path.read_text(encoding="utf-8") if path.exists() else 'version: "3.1"\n\nnlu:\n'
        block = f"- intent: {intent}\n  examples: |\n" + "".join(f"{_BLOCK_LINE}{line}\n" for line in sorted(lines))
        path.write_text(existing.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        self._add_to_domain(intent, domain_file)
        self._add_to_registry(intent, domain_file)
        self._add_to_catalogue(intent, description, example_zh, example_en)

    def _add_to_domain(self, intent: str, area: str) -> None:
        """Lists the intent in the domain file of its area (the same name as its data/nlu file)."""
        path = self.domain / f"{area}.yml"
        text = (path.read_text(encoding="utf-8") if path.exists() else 'version: "3.1"\n').splitlines(keepends=True)
        if "intents:\n" not in text:
            text += ["\n", "intents:\n"]
        end = text.index("intents:\n") + 1
        while end < len(text) and text[end].startswith("- "):
            end += 1
        text.insert(end, f"- {intent}\n")
        path.write_text("".join(text), encoding="utf-8")

    def _add_to_registry(self, intent: str, area: str) -> None:
        """Lists the intent last in the registry, answered by the hotline staff until it has a dialogue,
        and writes the generated rules again."""
        text = self.registry.read_text(encoding="utf-8")
        entry = f"  {intent}: {{area: {area}, handled_by: {HOTLINE}}}\n"
        self.registry.write_text(text.rstrip("\n") + "\n" + entry, encoding="utf-8")
        rules.write(self.root)

    def _add_to_catalogue(self, intent: str, description: str, example_zh: str, example_en: str) -> None:
        row = f"| {intent} | {description} | {example_zh or '—'} | {example_en or '—'} |\n"
        if self.catalogue is None or not self.catalogue.exists():
            print(f"intent catalogue not found; add this row to it:\n{row}")
            return
        text = self.catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
        last_row = max(i for i, line in enumerate(text) if line.startswith("|"))
        text.insert(last_row + 1, row)
        self.catalogue.write_text("".join(text), encoding="utf-8")
