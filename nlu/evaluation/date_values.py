"""Date value accuracy: the annotated dates of tests/nlu/dates/values.yml
found with the right span, ISO value, range, part of day and tense on the
file's fixed ``today``."""
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from nlu.text.normalisation import normalise
from nlu.text.patterns.dates import find_dates

VALUES_FILE = Path(__file__).resolve().parents[2] / "tests" / "nlu" / "dates" / "values.yml"


def _expected(item: dict[str, Any]) -> dict[str, Any]:
    date_range = item.get("range")
    return {"span": item["span"], "value": str(item["value"]), "part_of_day": item.get("part_of_day"),
            "range": [str(part) for part in date_range] if date_range else None, "tense": item["tense"]}


def _found(text: str, today: dt.date) -> list[dict[str, Any]]:
    found = []
    for date in find_dates(normalise(text), today):
        date_range = date.extra.get("range")
        found.append({"span": text[date.start : date.end], "value": date.value,
                      "part_of_day": date.extra.get("part_of_day"),
                      "range": [date_range["start"], date_range["end"], date_range["unit"]] if date_range else None,
                      "tense": date.extra.get("tense")})
    return found


def date_value_accuracy(path: Path = VALUES_FILE) -> dict[str, Any]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = spec["today"] if isinstance(spec["today"], dt.date) else dt.date.fromisoformat(spec["today"])
    misses = []
    for item in spec["dates"]:
        expected = _expected(item)
        found = _found(item["text"], today)
        if expected not in found:
            misses.append({"text": item["text"], "expected": expected, "found": found})
    total = len(spec["dates"])
    return {"dates": total, "correct": total - len(misses), "accuracy": (total - len(misses)) / total if total else 0.0,
            "today": today.isoformat(), "misses": misses}
