"""The Rasa domain, kept in domain/ as one file per area, read as one mapping.

Rasa merges the files of the directory itself (`--domain domain`); this is the same merge for the
processes that only read names and texts: lists are joined, mappings are combined."""
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

DOMAIN_DIR = Path(__file__).resolve().parent.parent / "domain"


def merged(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    domain: dict[str, Any] = {}
    for document in documents:
        for key, value in (document or {}).items():
            if isinstance(value, list):
                domain.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                domain.setdefault(key, {}).update(value)
            else:
                domain[key] = value
    return domain


def area_files(directory: Path = DOMAIN_DIR) -> Iterable[Path]:
    return sorted(Path(directory).glob("*.yml"))


def load(directory: Path = DOMAIN_DIR) -> dict[str, Any]:
    """The whole domain; raises OSError or yaml.YAMLError when a file cannot be read."""
    return merged(yaml.safe_load(path.read_text(encoding="utf-8")) for path in area_files(directory))


def names(section: str, directory: Path = DOMAIN_DIR) -> frozenset[str]:
    """The names a section lists (intents, entities ...), whether as `- name` or `- name: {...}`."""
    return frozenset(next(iter(entry)) if isinstance(entry, dict) else str(entry)
                     for entry in load(directory).get(section) or [])
