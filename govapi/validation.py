"""Input checks shared by the routes; each failure raises an ApiError with a precise code."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection

import phonenumbers
from sanic.exceptions import InvalidUsage
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from govapi.errors import ApiError

CHAT_USER = re.compile(r"^(tg|web|wx):[A-Za-z0-9_\-]{1,48}$")
MAX_TEXT = 2000


def json_object(request) -> dict:
    """The request body as a JSON object, or 400 invalid_json."""
    if not request.body:
        raise ApiError(400, "invalid_json")
    try:
        body = request.json
    except InvalidUsage:
        raise ApiError(400, "invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json")
    return body


def storable(value: str) -> bool:
    """Text a database can keep: valid UTF-8 (no lone surrogates) and no NUL characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def required_string(body: dict, field: str, max_length: int = 200) -> str:
    value = body.get(field)
    if value is None:
        raise ApiError(400, "missing_field", field)
    if not isinstance(value, str) or not value.strip() or len(value) > max_length or not storable(value):
        raise ApiError(400, "invalid_field", field)
    return value.strip()


def optional_string(body: dict, field: str, max_length: int = 200) -> str | None:
    if body.get(field) is None:
        return None
    return required_string(body, field, max_length)


def choice(body: dict, field: str, allowed: Collection[str]) -> str:
    value = required_string(body, field, 64)
    if value not in allowed:
        raise ApiError(400, "invalid_field", field, allowed=sorted(allowed))
    return value


def positive_amount(body: dict, field: str, maximum: float = 10_000_000) -> int:
    """A yuan amount with at most 2 decimals, returned in fen."""
    value = body.get(field)
    if value is None:
        raise ApiError(400, "missing_field", field)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= maximum:
        raise ApiError(400, "invalid_field", field)
    fen = round(value * 100)
    if fen < 1 or abs(fen - value * 100) > 1e-6 * max(1, abs(value)):
        raise ApiError(400, "invalid_field", field)
    return int(fen)


def id_number(value) -> str:
    """GB 11643 check: 17 digits + check character and a real birth date. The region is not checked:
    the library's region table misses real codes such as 320302."""
    if not isinstance(value, str):
        raise ApiError(400, "invalid_id_number")
    number = value.strip().upper()
    if len(number) != 18 or not number[:17].isdigit():
        raise ApiError(400, "invalid_id_number")
    try:
        if ric.calc_check_digit(number) != number[-1]:
            raise ApiError(400, "invalid_id_number")
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise ApiError(400, "invalid_id_number") from None
    if birth > dt.date.today():
        raise ApiError(400, "invalid_id_number")
    return number


def phone(value) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\+?[0-9 \-]{5,20}", value.strip()):
        raise ApiError(400, "invalid_phone")
    try:
        parsed = phonenumbers.parse(value.strip(), "CN")
    except phonenumbers.NumberParseException:
        raise ApiError(400, "invalid_phone") from None
    national = str(parsed.national_number)
    if parsed.country_code != 86 or len(national) != 11 or not national.startswith("1"):
        raise ApiError(400, "invalid_phone")
    return national


def iso_date(value, field: str = "date") -> dt.date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ApiError(400, "invalid_date", field)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, "invalid_date", field) from None


def int_arg(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,6}", raw) or not low <= int(raw) <= high:
        raise ApiError(400, "invalid_field", name)
    return int(raw)


def float_arg(request, name: str, low: float, high: float) -> float:
    raw = request.args.get(name)
    if raw is None:
        raise ApiError(400, "missing_field", name)
    try:
        value = float(raw)
    except ValueError:
        raise ApiError(400, "invalid_field", name) from None
    if not low <= value <= high:
        raise ApiError(400, "invalid_field", name)
    return value


def division_code_arg(request, name: str) -> str | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not re.fullmatch(r"32\d{4}", raw):
        raise ApiError(400, "invalid_field", name)
    return raw


def optional_division_code(body: dict, field: str) -> str | None:
    value = optional_string(body, field, 6)
    if value is not None and not re.fullmatch(r"32\d{4}", value):
        raise ApiError(400, "invalid_field", field)
    return value


def text_arg(request, name: str, max_length: int = 100) -> str | None:
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    if len(raw) > max_length:
        raise ApiError(400, "invalid_field", name)
    return raw.strip()


def chat_user(value) -> str:
    if not isinstance(value, str) or not CHAT_USER.fullmatch(value):
        raise ApiError(400, "invalid_chat_user")
    return value


def details_object(body: dict, field: str = "details") -> dict:
    """Free-form application details: a flat object of short scalar values."""
    value = body.get(field, {})
    if not isinstance(value, dict) or len(value) > 30:
        raise ApiError(400, "invalid_field", field)
    for key, item in value.items():
        if len(key) > 64 or not storable(key) or not (item is None or isinstance(item, (str, int, float, bool))):
            raise ApiError(400, "invalid_field", field)
        if isinstance(item, str) and (len(item) > 500 or not storable(item)):
            raise ApiError(400, "invalid_field", field)
        if isinstance(item, float) and not math.isfinite(item):
            raise ApiError(400, "invalid_field", field)
    return value
