"""The intent registry (registry/intents.yml) read as typed values: for every intent its area of
training data, desk team, matters, what it needs first and how it is handled; the desk teams, the
hand-off reasons and the forms."""
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REGISTRY_PATH = Path("registry") / "intents.yml"    # in a project folder
REGISTRY_FILE = PROJECT_ROOT / REGISTRY_PATH
# Rasa's own intent for a message the NLU is not confident about; it is in no domain file.
FALLBACK_INTENT = "nlu_fallback"
ROUTED = "action_route_request"
HOTLINE = "hotline"
GATEWAY = "gateway"
WHEN_APPLYING = "when_applying"
GENERAL_TEAM = "general"


@dataclass(frozen=True)
class Intent:
    name: str
    area: str
    handled_by: str
    kind: str = "matter"
    team: str = GENERAL_TEAM
    matters: tuple[str, ...] = ()
    needs_identity: bool | str = False
    needs_place: bool = False
    answer: str | None = None
    form: str | None = None

    @property
    def is_matter(self) -> bool:
        return self.kind == "matter"

    @property
    def routed(self) -> bool:
        return self.handled_by == ROUTED

    @property
    def seen_by_rasa(self) -> bool:
        return self.handled_by != GATEWAY


@dataclass(frozen=True)
class Form:
    name: str
    then: str
    continues: bool = False
    questions: bool = False


@dataclass(frozen=True)
class Registry:
    intents: dict[str, Intent]
    teams: dict[str, dict[str, str]]
    handoff_reasons: dict[str, dict[str, str]]
    forms: dict[str, Form]
    inside_forms: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def routed(self) -> Iterable[Intent]:
        return [intent for intent in self.intents.values() if intent.routed]

    def matters_of_intent(self) -> dict[str, tuple[str, ...]]:
        return {intent.name: intent.matters for intent in self.intents.values() if intent.matters}

    def team_of_intent(self) -> dict[str, str]:
        """The teams of the intents that have one of their own (all others go to the general team)."""
        return {intent.name: intent.team for intent in self.intents.values() if intent.team != GENERAL_TEAM}

    def areas(self) -> tuple[str, ...]:
        """The areas of data/nlu that hold intents, in the registry's order."""
        return tuple(dict.fromkeys(intent.area for intent in self.intents.values()))

    def conversational(self) -> frozenset:
        return frozenset(name for name, intent in self.intents.items() if not intent.is_matter)


def _intent(name: str, fields: dict[str, Any]) -> Intent:
    return Intent(name=name, **dict(fields, matters=tuple(fields.get("matters") or ())))


def parse(document: dict[str, Any]) -> Registry:
    return Registry(
        intents={name: _intent(name, fields) for name, fields in document["intents"].items()},
        teams=document["teams"],
        handoff_reasons=document["handoff_reasons"],
        forms={name: Form(name=name, **fields) for name, fields in document["forms"].items()},
        inside_forms={how: {intent: tuple(actions) for intent, actions in entries.items()}
                      for how, entries in document["inside_forms"].items()})


def load(path: Path = REGISTRY_FILE) -> Registry:
    return parse(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The project's registry, read once."""
    return load()
