"""One-time codes: issuing (with a per-phone rate limit), checking (with lockout) and the SMS outbox."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from govapi import clock
from govapi.config import Settings
from govapi.errors import ApiError
from govapi.models import Citizen, OtpCode, SmsMessage


def digest(settings: Settings, citizen_id: int, code: str) -> str:
    return hmac.new(settings.secret.encode(), f"{citizen_id}:{code}".encode(), hashlib.sha256).hexdigest()


def ensure_not_locked(citizen: Citizen, now: dt.datetime) -> None:
    if citizen.locked_until and citizen.locked_until > now:
        raise ApiError(423, "locked", locked_until=clock.iso(citizen.locked_until))


def issue(session: Session, settings: Settings, citizen: Citizen, now: dt.datetime) -> None:
    ensure_not_locked(citizen, now)
    window_start = now - dt.timedelta(seconds=settings.otp_rate_window_seconds)
    recent = session.execute(
        select(func.count(), func.min(OtpCode.created_at))
        .where(OtpCode.phone == citizen.phone, OtpCode.created_at > window_start)
    ).one()
    if recent[0] >= settings.otp_rate_limit:
        retry_after = int((recent[1] - window_start).total_seconds()) + 1
        raise ApiError(429, "rate_limited", retry_after=max(retry_after, 1))
    session.execute(update(OtpCode).where(OtpCode.citizen_id == citizen.id, OtpCode.used.is_(False))
                    .values(used=True))
    code = f"{secrets.randbelow(10**6):06d}"
    session.add(OtpCode(citizen_id=citizen.id, phone=citizen.phone, code_digest=digest(settings, citizen.id, code),
                        created_at=now, expires_at=now + dt.timedelta(seconds=settings.otp_ttl_seconds),
                        failed_attempts=0, used=False))
    minutes = max(1, round(settings.otp_ttl_seconds / 60))
    session.add(SmsMessage(
        phone=citizen.phone, code=code, sent_at=now,
        text_zh=f"【苏服办】您的验证码是{code}，{minutes}分钟内有效。请勿泄露给他人。",
        text_en=f"[Su Fu Ban] Your verification code is {code}, valid for {minutes} min. Never share it."))


def _close(session: Session, code_id: int) -> bool:
    """Marks the code used; False when a concurrent request already did."""
    return session.execute(update(OtpCode).where(OtpCode.id == code_id, OtpCode.used.is_(False))
                           .values(used=True)).rowcount == 1


def check(session: Session, settings: Settings, citizen: Citizen, code: str, now: dt.datetime) -> None:
    """Consumes the pending code if it matches; raises the precise error otherwise. Counting and
    consuming are conditional UPDATEs, so parallel guesses can neither reuse a code nor skip the lockout."""
    ensure_not_locked(citizen, now)
    pending = session.execute(
        select(OtpCode.id, OtpCode.code_digest, OtpCode.expires_at)
        .where(OtpCode.citizen_id == citizen.id, OtpCode.used.is_(False))
        .order_by(OtpCode.id.desc()).limit(1)
    ).first()
    if pending is None:
        raise ApiError(400, "no_pending_code")
    if pending.expires_at <= now:
        _close(session, pending.id)
        raise ApiError(410, "code_expired")
    if hmac.compare_digest(pending.code_digest, digest(settings, citizen.id, code)):
        if not _close(session, pending.id):
            raise ApiError(400, "no_pending_code")
        return
    counted = session.execute(update(OtpCode).where(OtpCode.id == pending.id, OtpCode.used.is_(False))
                              .values(failed_attempts=OtpCode.failed_attempts + 1)).rowcount
    if not counted:
        raise ApiError(400, "no_pending_code")
    failed = session.execute(select(OtpCode.failed_attempts).where(OtpCode.id == pending.id)).scalar_one()
    left = settings.otp_max_attempts - failed
    if left <= 0:
        _close(session, pending.id)
        citizen.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
        raise ApiError(423, "locked", locked_until=clock.iso(citizen.locked_until))
    raise ApiError(401, "wrong_code", attempts_left=left)
