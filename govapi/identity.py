"""Which citizen a chat user is bound to (after the OTP flow), and the API-key check."""
from __future__ import annotations

import hmac
from typing import Literal, overload

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from stdnum.cn import ric

from govapi import clock
from govapi.errors import ApiError
from govapi.masking import mask_id, mask_name, mask_phone
from govapi.models import ChatBinding, Citizen
from govapi.validation import chat_user

CHAT_USER_HEADER = "X-Chat-User"
# Citizens of this age or older are offered the elder-friendly mode; only the flag leaves the platform.
SENIOR_AGE = 65


def check_api_key(request) -> None:
    given = request.headers.get("X-API-Key", "")
    if not hmac.compare_digest(given.encode(), request.app.ctx.settings.api_key.encode()):
        raise ApiError(401, "unauthorized")


@overload
def chat_user_of(request, required: Literal[True] = True) -> str: ...
@overload
def chat_user_of(request, required: bool) -> str | None: ...


def chat_user_of(request, required: bool = True) -> str | None:
    value = request.headers.get(CHAT_USER_HEADER)
    if value is None:
        if required:
            raise ApiError(403, "not_verified")
        return None
    return chat_user(value)


def bound_citizen(session: Session, chat_user_id: str) -> tuple[Citizen, ChatBinding] | None:
    row = session.execute(
        select(Citizen, ChatBinding).join(ChatBinding, ChatBinding.citizen_id == Citizen.id)
        .where(ChatBinding.chat_user == chat_user_id)
    ).first()
    if row is None:
        return None
    if row[1].expires_at <= clock.now():
        return None
    return row[0], row[1]


def current_citizen(request, session: Session) -> Citizen:
    """The citizen bound to the request's chat user, or 403 not_verified."""
    found = bound_citizen(session, chat_user_of(request))
    if found is None:
        raise ApiError(403, "not_verified")
    return found[0]


def optional_citizen(request, session: Session) -> Citizen | None:
    chat_user_id = chat_user_of(request, required=False)
    if chat_user_id is None:
        return None
    found = bound_citizen(session, chat_user_id)
    return found[0] if found else None


def unbind(session: Session, chat_user_id: str) -> bool:
    return session.execute(delete(ChatBinding).where(ChatBinding.chat_user == chat_user_id)).rowcount > 0


def is_senior(id_number: str) -> bool:
    """Whether the citizen is SENIOR_AGE or older today, by the birth date in the ID number."""
    born, today = ric.get_birth_date(id_number), clock.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age >= SENIOR_AGE


def masked_citizen(citizen: Citizen) -> dict:
    return {"name_masked": mask_name(citizen.name_zh), "name_en_masked": mask_name(citizen.name_en),
            "id_masked": mask_id(citizen.id_number), "phone_masked": mask_phone(citizen.phone),
            "senior": is_senior(citizen.id_number)}
