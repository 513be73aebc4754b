"""Identity verification by SMS code and the chat-user binding it creates."""
from __future__ import annotations

import datetime as dt
import re

from sanic import Blueprint
from sqlalchemy import select

from govapi import clock, otp
from govapi.errors import ApiError
from govapi.http import ok, reading, writing
from govapi.identity import bound_citizen, chat_user_of, masked_citizen, unbind
from govapi.masking import mask_phone
from govapi.models import ChatBinding, Citizen
from govapi.validation import id_number, json_object, phone

bp = Blueprint("auth", url_prefix="/v1/auth")


def _citizen_by_id_number(session, number: str) -> Citizen | None:
    """Row-locked on PostgreSQL, so one citizen's code requests and checks run one at a time."""
    return session.execute(select(Citizen).where(Citizen.id_number == number).with_for_update()).scalar_one_or_none()


@bp.post("/otp")
async def request_code(request):
    body = json_object(request)
    number, mobile = id_number(body.get("id_number")), phone(body.get("phone"))
    settings = request.app.ctx.settings
    with writing(request) as session:
        citizen = _citizen_by_id_number(session, number)
        if citizen is None or citizen.phone != mobile:
            raise ApiError(404, "citizen_not_found")
        otp.issue(session, settings, citizen, clock.now())
    return ok({"sent": True, "expires_in": int(settings.otp_ttl_seconds), "phone_masked": mask_phone(mobile)}, 202)


@bp.post("/verify")
async def verify(request):
    chat_user_id = chat_user_of(request, required=False)
    if chat_user_id is None:
        raise ApiError(400, "invalid_chat_user")
    body = json_object(request)
    number, code = id_number(body.get("id_number")), body.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"\d{6}", code):
        raise ApiError(400, "invalid_field", "code")
    settings = request.app.ctx.settings
    now = clock.now()
    # the failed-attempt count must survive the error, so the outcome is committed before raising
    with writing(request) as session:
        citizen = _citizen_by_id_number(session, number)
        if citizen is None:
            raise ApiError(404, "citizen_not_found")
        try:
            otp.check(session, settings, citizen, code, now)
        except ApiError as error:
            failure = error
        else:
            failure = None
            expires_at = now + dt.timedelta(minutes=settings.session_minutes)
            unbind(session, chat_user_id)
            session.add(ChatBinding(chat_user=chat_user_id, citizen_id=citizen.id, bound_at=now,
                                    expires_at=expires_at))
            summary = masked_citizen(citizen)
    if failure:
        raise failure
    return ok({"verified": True, "citizen": summary, "expires_at": clock.iso(expires_at)})


@bp.get("/session")
async def show_session(request):
    chat_user_id = chat_user_of(request, required=False)
    if chat_user_id is None:
        raise ApiError(400, "invalid_chat_user")
    with reading(request) as session:
        found = bound_citizen(session, chat_user_id)
        if found is None:
            return ok({"bound": False})
        citizen, binding = found
        return ok({"bound": True, "citizen": masked_citizen(citizen), "expires_at": clock.iso(binding.expires_at)})


@bp.delete("/session")
async def end_session(request):
    chat_user_id = chat_user_of(request, required=False)
    if chat_user_id is None:
        raise ApiError(400, "invalid_chat_user")
    with writing(request) as session:
        removed = unbind(session, chat_user_id)
    return ok({"bound": False, "removed": removed})
