"""What a notice says, in the language the citizen chose when they asked to be told, with the
next step as buttons (their payloads are intents the dialogue already handles)."""
import json
from typing import Any

STATUS_NAMES = {
    "submitted": ("已提交", "submitted"), "accepted": ("已受理", "accepted"), "in_review": ("正在审核", "under review"),
    "approved": ("审核通过", "approved"), "rejected": ("未通过审核", "not approved"),
    "completed": ("已办结", "completed"),
}
DOCUMENT_NAMES = {"id_card": ("身份证", "ID card"), "residence_permit": ("居住证", "residence permit")}

TEXTS = {
    "status": (
        "【办件进度】您的“{matter_zh}”（办件编号 {case_number}）{status_zh}。",
        "[Application update] Your {matter_en} (case {case_number}) is {status_en}.",
    ),
    "status_rejected": (
        "【办件进度】很遗憾，您的“{matter_zh}”（办件编号 {case_number}）{status_zh}。请查看详情了解原因和下一步。",
        "[Application update] Sorry, your {matter_en} (case {case_number}) was {status_en}. "
        "See the details for the reason and what to do next.",
    ),
    "status_approved": (
        "【办件进度】您的“{matter_zh}”（办件编号 {case_number}）{status_zh}。需要到大厅领取的，可以预约取证时间。",
        "[Application update] Your {matter_en} (case {case_number}) is {status_en}. If it must be collected "
        "at a service hall, you can book a time to collect it.",
    ),
    "appointment": (
        "【预约提醒】您明天 {time} 在{hall_zh}办理“{matter_zh}”（预约号 {number}）。地址：{address_zh}。"
        "请带好身份证件；去不了可以改约。",
        "[Appointment reminder] Tomorrow at {time} you are booked at {hall_en} for {matter_en} "
        "(booking {number}). Address: {address_en}. Please bring your ID; if you cannot go, you can rebook.",
    ),
    "expiry": (
        "【证件到期提醒】您的{document_zh}将于 {expires_on} 到期（还有 {days_left} 天）。请尽早预约办理。",
        "[Expiry reminder] Your {document_en} expires on {expires_on} ({days_left} days left). "
        "Please book an appointment to renew it in time.",
    ),
}
BUTTONS = {
    "details": ("查看详情", "View details"),
    "collect": ("预约取证", "Book a time to collect"),
    "rebook": ("改约", "Rebook"),
    "renew": ("预约办理", "Book an appointment"),
}


def _payload(intent: str, **entities: str) -> str:
    return "/" + intent + (json.dumps(entities, ensure_ascii=False, separators=(",", ":")) if entities else "")


def _button(name: str, english: bool, payload: str) -> dict[str, str]:
    return {"title": BUTTONS[name][english], "payload": payload}


def _status(payload: dict[str, Any], english: bool) -> dict[str, Any]:
    status = payload["status"]
    text_key = f"status_{status}" if f"status_{status}" in TEXTS else "status"
    zh, en = STATUS_NAMES.get(status, (status, status))
    text = TEXTS[text_key][english].format(matter_zh=payload["matter_name_zh"], matter_en=payload["matter_name_en"],
                                           case_number=payload["case_number"], status_zh=zh, status_en=en)
    buttons = [_button("details", english, _payload("application_status", case_number=payload["case_number"]))]
    if status == "approved":
        buttons.append(_button("collect", english, _payload("book_appointment")))
    return {"text": text, "buttons": buttons}


def _appointment(payload: dict[str, Any], english: bool) -> dict[str, Any]:
    text = TEXTS["appointment"][english].format(
        time=payload["time"], hall_zh=payload["hall_name_zh"], hall_en=payload["hall_name_en"],
        matter_zh=payload["matter_name_zh"], matter_en=payload["matter_name_en"], number=payload["number"],
        address_zh=payload["address_zh"], address_en=payload["address_en"])
    return {"text": text, "buttons": [_button("rebook", english, _payload("book_appointment"))]}


def _expiry(payload: dict[str, Any], english: bool) -> dict[str, Any]:
    zh, en = DOCUMENT_NAMES.get(payload["document"], (payload["document"], payload["document"]))
    text = TEXTS["expiry"][english].format(document_zh=zh, document_en=en, expires_on=payload["expires_on"],
                                           days_left=payload["days_left"])
    intent = "id_card" if payload["document"] == "id_card" else "residence_permit"
    return {"text": text, "buttons": [_button("renew", english, _payload(intent))]}


RENDERERS = {"status": _status, "appointment": _appointment, "expiry": _expiry}


def render(kind: str, payload: dict[str, Any], language: str) -> dict[str, Any]:
    """The reply for a notice; KeyError or ValueError when the payload lacks what the kind needs."""
    return RENDERERS[kind](payload, language == "en")


def check(kind: Any, payload: Any) -> None:
    """Raises ValueError unless a notice of this kind can be rendered from the payload."""
    if kind not in RENDERERS or not isinstance(payload, dict):
        raise ValueError(f"unknown kind {kind!r} or payload not an object")
    try:
        render(kind, payload, "zh")
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"payload of a {kind} notice lacks {error}") from None
