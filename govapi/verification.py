"""Verification handles: the ID number is given once and exchanged for a random handle that the
later steps (sending the SMS code, checking it) name instead. A handle belongs to one chat user
and expires; only its SHA-256 digest is stored."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from govapi.config import Settings
from govapi.errors import ApiError
from govapi.models import VerificationHandle

PREFIX = "vh_"


def _digest(handle: str) -> str:
    return hashlib.sha256(handle.encode()).hexdigest()


def issue(session: Session, settings: Settings, chat_user: str, id_number: str, now: dt.datetime) -> str:
    """A new handle for this chat user and ID number; expired handles of anyone are dropped."""
    session.execute(delete(VerificationHandle).where(VerificationHandle.expires_at <= now))
    handle = PREFIX + secrets.token_urlsafe(24)
    session.add(VerificationHandle(digest=_digest(handle), chat_user=chat_user, id_number=id_number,
                                   created_at=now,
                                   expires_at=now + dt.timedelta(minutes=settings.handle_minutes)))
    return handle


def find(session: Session, handle: object, chat_user: str, now: dt.datetime) -> VerificationHandle:
    """The live handle of this chat user, or 404 handle_not_found (unknown, expired or someone else's)."""
    if not isinstance(handle, str) or not handle.startswith(PREFIX) or len(handle) > 64:
        raise ApiError(400, "invalid_field", "handle")
    found = session.execute(select(VerificationHandle).where(VerificationHandle.digest == _digest(handle))
                            ).scalar_one_or_none()
    if found is None or found.chat_user != chat_user or found.expires_at <= now:
        raise ApiError(404, "handle_not_found")
    return found
