"""Names from domain.yml: the intents staff may start the bot with (hand back at a step, phone → chat
links) or label messages with, and the entity types trainers may mark."""
import re
from pathlib import Path
from typing import FrozenSet

import yaml

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


# Produced by the language detector, never marked by hand.
DETECTED_ENTITIES = ("message_language",)


def _names(path: Path, section: str) -> FrozenSet[str]:
    try:
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return frozenset()
    return frozenset(next(iter(entry)) if isinstance(entry, dict) else str(entry)
                     for entry in domain.get(section) or [])


def domain_intents(path: Path = DOMAIN) -> FrozenSet[str]:
    """Intent names of domain.yml; empty (every well-formed name allowed) when it cannot be read."""
    return _names(path, "intents")


def domain_entities(path: Path = DOMAIN) -> FrozenSet[str]:
    return _names(path, "entities") - frozenset(DETECTED_ENTITIES)


def is_known_matter(name, known: FrozenSet[str]) -> bool:
    return isinstance(name, str) and bool(INTENT_NAME.match(name)) and (not known or name in known)
