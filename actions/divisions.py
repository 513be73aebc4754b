"""Jiangsu's cities and counties by admin code (the values of the NLU's city/county entities)."""
import csv
from functools import lru_cache
from pathlib import Path

from rasa_sdk import Tracker

DIVISIONS_CSV = Path(__file__).resolve().parent.parent / "nlu" / "resources" / "jiangsu_divisions.csv"


@lru_cache(maxsize=1)
def divisions() -> dict[str, dict[str, str]]:
    with DIVISIONS_CSV.open(encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def division_name(code: str, language: str) -> str:
    row = divisions().get(code)
    if row is None:
        return code
    return row["name_en"] if language == "en" else row["name_zh"]


def place_name(code: str) -> str:
    """A division's full Chinese name with its city (南京市鼓楼区), as a work order's location."""
    row = divisions().get(code)
    if row is None:
        return code
    city = divisions().get(row["city_code"])
    prefix = city["name_zh"] if city and city["code"] != code else ""
    return prefix + row["name_zh"]


def place_from(tracker: Tracker) -> str | None:
    """The most precise place in the latest message: a county code, else a city code."""
    for entity in ("county", "city"):
        for value in tracker.get_latest_entity_values(entity):
            if str(value) in divisions():
                return str(value)
    return None


def is_city(code: str) -> bool:
    return divisions().get(code, {}).get("kind") == "city"
