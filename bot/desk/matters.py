"""Names from the domain: the intents staff may start the bot with (hand back at a step, phone → chat
links) or label messages with, and the entity types trainers may mark."""
import re
from pathlib import Path

import yaml

from registry.domain import DOMAIN_DIR, names

INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


# Produced by the language detector, never marked by hand.
DETECTED_ENTITIES = ("message_language",)


def _names(directory: Path, section: str) -> frozenset[str]:
    try:
        return names(section, directory)
    except (OSError, yaml.YAMLError):
        return frozenset()


def domain_intents(directory: Path = DOMAIN_DIR) -> frozenset[str]:
    """Intent names of the domain; empty (every well-formed name allowed) when it cannot be read."""
    return _names(directory, "intents")


def domain_entities(directory: Path = DOMAIN_DIR) -> frozenset[str]:
    return _names(directory, "entities") - frozenset(DETECTED_ENTITIES)


def is_known_matter(name, known: frozenset[str]) -> bool:
    return isinstance(name, str) and bool(INTENT_NAME.match(name)) and (not known or name in known)
