"""Identity verification: the ID number is exchanged for a handle, the handle (with the phone)
gets an SMS code, and the handle with the right code binds the chat user to the citizen."""
from __future__ import annotations

import datetime as dt
import re

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sqlalchemy import select

from govapi import clock, otp, verification
from govapi.errors import ApiError
from govapi.http import ok, reading, writing
from govapi.identity import bound_citizen, chat_user_of, masked_citizen, unbind
from govapi.masking import mask_id, mask_phone
from govapi.models import ChatBinding, Citizen
from govapi.validation import id_number, json_object, phone

bp = Blueprint("auth", url_prefix="/v1/auth")


def _citizen_by_id_number(session, number: str) -> Citizen | None:
    """Row-locked on PostgreSQL, so one citizen's code requests and checks run one at a time."""
    return session.execute(select(Citizen).where(Citizen.id_number == number).with_for_update()).scalar_one_or_none()


def _chat_user(request) -> str:
    chat_user_id = chat_user_of(request, required=False)
    if chat_user_id is None:
        raise ApiError(400, "invalid_chat_user")
    return chat_user_id


@bp.post("/identity")
async def start_verification(request):
    """Whether a citizen has this ID number is not told here: the phone step answers that."""
    chat_user_id = _chat_user(request)
    number = id_number(json_object(request).get("id_number"))
    settings = request.app.ctx.settings
    with writing(request) as session:
        handle = verification.issue(session, settings, chat_user_id, number, clock.now())
    return ok({"handle": handle, "id_masked": mask_id(number),
               "expires_in": int(settings.handle_minutes * 60)}, 201)


@bp.post("/otp")
async def request_code(request):
    """The first request names the phone; a later one (a new code) may leave it out."""
    chat_user_id = _chat_user(request)
    body = json_object(request)
    settings = request.app.ctx.settings
    now = clock.now()
    with writing(request) as session:
        pending = verification.find(session, body.get("handle"), chat_user_id, now)
        mobile = phone(body["phone"]) if body.get("phone") is not None else pending.phone
        if mobile is None:
            raise ApiError(400, "missing_field", "phone")
        citizen = _citizen_by_id_number(session, pending.id_number)
        if citizen is None or citizen.phone != mobile:
            raise ApiError(404, "citizen_not_found")
        pending.phone = mobile
        otp.issue(session, settings, citizen, now)
    return ok({"sent": True, "expires_in": int(settings.otp_ttl_seconds), "phone_masked": mask_phone(mobile)}, 202)


@bp.post("/verify")
async def verify(request: Request) -> HTTPResponse:
    chat_user_id = _chat_user(request)
    body = json_object(request)
    code = body.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"\d{6}", code):
        raise ApiError(400, "invalid_field", "code")
    settings = request.app.ctx.settings
    now = clock.now()
    # the failed-attempt count must survive the error, so the outcome is committed before raising
    with writing(request) as session:
        pending = verification.find(session, body.get("handle"), chat_user_id, now)
        citizen = _citizen_by_id_number(session, pending.id_number)
        if citizen is None:
            raise ApiError(404, "citizen_not_found")
        failure: ApiError | None = None
        try:
            otp.check(session, settings, citizen, code, now)
        except ApiError as error:
            failure = error
        else:
            expires_at = now + dt.timedelta(minutes=settings.session_minutes)
            unbind(session, chat_user_id)
            session.add(ChatBinding(chat_user=chat_user_id, citizen_id=citizen.id, bound_at=now,
                                    expires_at=expires_at))
            session.delete(pending)
            summary = masked_citizen(citizen)
    if failure:
        raise failure
    return ok({"verified": True, "citizen": summary, "expires_at": clock.iso(expires_at)})


@bp.get("/session")
async def show_session(request):
    chat_user_id = _chat_user(request)
    with reading(request) as session:
        found = bound_citizen(session, chat_user_id)
        if found is None:
            return ok({"bound": False})
        citizen, binding = found
        return ok({"bound": True, "citizen": masked_citizen(citizen), "expires_at": clock.iso(binding.expires_at)})


@bp.delete("/session")
async def end_session(request):
    chat_user_id = _chat_user(request)
    with writing(request) as session:
        removed = unbind(session, chat_user_id)
    return ok({"bound": False, "removed": removed})
