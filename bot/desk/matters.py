"""The intents staff may start the bot with (hand back at a step, phone → chat links): the domain's."""
import re
from pathlib import Path
from typing import FrozenSet

import yaml

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def domain_intents(path: Path = DOMAIN) -> FrozenSet[str]:
    """Intent names of domain.yml; empty (every well-formed name allowed) when it cannot be read."""
    try:
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return frozenset()
    names = set()
    for entry in domain.get("intents") or []:
        names.add(next(iter(entry)) if isinstance(entry, dict) else str(entry))
    return frozenset(names)


def is_known_matter(name, known: FrozenSet[str]) -> bool:
    return isinstance(name, str) and bool(INTENT_NAME.match(name)) and (not known or name in known)
