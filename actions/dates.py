"""Dates the citizen gives: the NLU's `date` entity (ISO), or an ISO date typed as is."""
import datetime as dt
import re

from rasa_sdk import Tracker

ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def date_from(tracker: Tracker) -> dt.date | None:
    candidates = list(tracker.get_latest_entity_values("date"))
    candidates += ISO_DATE.findall(tracker.latest_message.get("text") or "")
    for value in candidates:
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    return None
