"""Marks the replies after which the citizen may rate the service: a matter completed in the chat
(an application, a booking, a look-up of one's own record) or its guide given. The gateway turns
the mark into the satisfaction question, once per matter (analytics.satisfaction)."""
from typing import Any

from rasa_sdk import Tracker

COMPLETED = "completed"
GUIDE = "guide"
# response -> what it tells the citizen
RATED_RESPONSES = {
    "utter_application_submitted": COMPLETED, "utter_appointment_booked": COMPLETED,
    "utter_complaint_filed": COMPLETED, "utter_remote_filing_done": COMPLETED,
    "utter_unemployment_applied": COMPLETED, "utter_card_loss_done": COMPLETED,
    "utter_card_replacement_done": COMPLETED, "utter_contributions": COMPLETED, "utter_pension": COMPLETED,
    "utter_medical_balance": COMPLETED, "utter_housing_fund_balance": COMPLETED,
    "utter_application_status": COMPLETED,
    "utter_matter_guide": GUIDE, "utter_hall": GUIDE, "utter_app_migration": GUIDE,
}
MARKER = "rating_ask"


def _matter(tracker: Tracker) -> str | None:
    """The matter being done: the routed request, else the intent of the message being answered."""
    return tracker.get_slot("request") or (tracker.latest_message.get("intent") or {}).get("name")


def rating_mark(tracker: Tracker, response: str) -> dict[str, Any] | None:
    """The custom payload to send along with `response`, if it is one the citizen may rate."""
    kind = RATED_RESPONSES.get(response)
    if kind is None:
        return None
    return {MARKER: {"kind": kind, "matter": _matter(tracker), "language": tracker.get_slot("language")}}
