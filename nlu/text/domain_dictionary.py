"""Words the Chinese tokenizer must keep whole: Jiangsu division names and
matter/domain terms."""
import csv
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
DIVISIONS_CSV = RESOURCES / "jiangsu_divisions.csv"
DOMAIN_TERMS = RESOURCES / "domain_terms.txt"


@lru_cache(maxsize=1)
def load_divisions() -> tuple[dict[str, str], ...]:
    with DIVISIONS_CSV.open(encoding="utf-8") as handle:
        return tuple(dict(row) for row in csv.DictReader(handle))


def division_words() -> list[str]:
    words: list[str] = []
    for row in load_divisions():
        words.extend(word for word in (row["name_zh"], row["short_zh"]) if word)
    return words


def domain_terms() -> list[str]:
    lines = DOMAIN_TERMS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def user_dictionary() -> list[str]:
    """All words, without duplicates, in a stable order."""
    return list(dict.fromkeys(division_words() + domain_terms()))
