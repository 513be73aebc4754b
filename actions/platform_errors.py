"""What the citizen is told when the platform refuses a request: every error code govapi answers
maps to a bilingual response (domain/) that says what happened and what to do next. The
platform's own messages are written for developers and are never shown."""
import datetime as dt
import math
import os
from typing import Any

from actions.govapi_client import UNAVAILABLE, GovApiError

# govapi error code -> response; codes about the shape of a request (our bugs, not the citizen's)
# fall to FAILED.
RESPONSE_OF_CODE = {
    "invalid_chat_user": "utter_channel_not_verifiable",
    "not_verified": "utter_identity_expired",
    "handle_not_found": "utter_verification_restart",
    "citizen_not_found": "utter_identity_mismatch",
    "invalid_id_number": "utter_id_number_invalid",
    "invalid_phone": "utter_phone_invalid",
    "no_pending_code": "utter_code_not_valid",
    "code_expired": "utter_code_not_valid",
    "wrong_code": "utter_code_not_valid",
    "locked": "utter_identity_locked_later",
    "rate_limited": "utter_otp_rate_limited",
    "not_found": "utter_no_account",
    "no_account": "utter_no_account",
    "hall_not_found": "utter_place_unknown",
    "matter_not_found": "utter_matter_unknown",
    "matter_offline": "utter_part_offline",
    "slot_unavailable": "utter_slot_unavailable",
    "slot_full": "utter_slot_unavailable",
    "already_booked": "utter_already_booked_somewhere",
    "card_not_active": "utter_card_not_active",
    "card_not_lost": "utter_card_not_lost",
    "not_eligible": "utter_not_eligible",
    "already_applied": "utter_already_applied",
    "insufficient_balance": "utter_insufficient_balance",
    "unavailable": "utter_govapi_unavailable",
}
FAILED = "utter_platform_failed"
DEFAULT_LOCKOUT_MINUTES = 15.0


def response_of(error: GovApiError) -> str:
    if error.kind == UNAVAILABLE and error.code not in RESPONSE_OF_CODE:
        return "utter_govapi_unavailable"
    return RESPONSE_OF_CODE.get(error.code, FAILED)


def detail(error: GovApiError) -> dict[str, Any]:
    return (error.payload or {}).get("error", {}) if isinstance(error.payload, dict) else {}


def _minutes_until(moment: str | None) -> int | None:
    try:
        until = dt.datetime.fromisoformat(str(moment))
    except ValueError:
        return None
    now = dt.datetime.now(until.tzinfo) if until.tzinfo else dt.datetime.now()
    return max(1, math.ceil((until - now).total_seconds() / 60))


def lockout_minutes(error: GovApiError) -> int:
    """Minutes until the platform lifts a lockout: from its answer, else its configured lockout."""
    minutes = _minutes_until(detail(error).get("locked_until"))
    if minutes is None:
        minutes = math.ceil(float(os.environ.get("GOVAPI_LOCKOUT_MINUTES", DEFAULT_LOCKOUT_MINUTES)))
    return minutes


def retry_minutes(error: GovApiError) -> int:
    """Minutes until the platform sends codes again, from its `retry_after` (seconds)."""
    seconds: Any = detail(error).get("retry_after")
    try:
        return max(1, math.ceil(int(seconds) / 60))
    except (TypeError, ValueError):
        return max(1, math.ceil(float(os.environ.get("GOVAPI_OTP_RATE_WINDOW_SECONDS", 600)) / 60))


def values_of(error: GovApiError) -> dict[str, Any]:
    """The numbers the response of an error names."""
    if error.code == "locked":
        return {"minutes": lockout_minutes(error)}
    if error.code == "rate_limited":
        return {"minutes": retry_minutes(error)}
    return {}
