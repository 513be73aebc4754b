"""Phone → chat hand-off links: single-use tokens that expire, carrying a matter and a note."""
import hashlib
import secrets
import string
from datetime import timedelta
from typing import Any, TypeGuard

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.desk.models import HandoffLink
from privacy.masking import mask_personal_data
from registry.clock import iso, utc_now

# Letters only: the gateway masks runs of six digits in what it stores, and Telegram's
# start payload allows at most 64 of A-Z a-z 0-9 _ -.
TOKEN_ALPHABET = string.ascii_letters
TOKEN_LENGTH = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) == TOKEN_LENGTH and all(c in TOKEN_ALPHABET for c in value)


def link_as_dict(link: HandoffLink) -> dict[str, Any]:
    return {"id": link.token_hash[:16], "matter": link.matter, "note": link.note, "created_by": link.created_by,
            "created_at": iso(link.created_at), "expires_at": iso(link.expires_at), "used_at": iso(link.used_at),
            "conversation_id": link.conversation_id}


class LinkStore:
    def __init__(self, engine: Engine) -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)

    def create(self, matter: str, note: str, staff_id: int, lifetime: timedelta) -> tuple[str, dict[str, Any]]:
        token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))
        now = utc_now()
        link = HandoffLink(token_hash=_hash(token), matter=matter, note=mask_personal_data(note or "") or None,
                           created_by=staff_id, created_at=now, expires_at=now + lifetime)
        with self._session.begin() as session:
            session.add(link)
        return token, link_as_dict(link)

    def redeem(self, token: str, conversation_id: str) -> dict[str, Any] | None:
        """Marks the link used by this conversation; None when unknown, used or expired."""
        if not looks_like_token(token):
            return None
        now = utc_now()
        with self._session.begin() as session:
            result = session.execute(
                update(HandoffLink).where(HandoffLink.token_hash == _hash(token), HandoffLink.used_at.is_(None),
                                          HandoffLink.expires_at > now)
                .values(used_at=now, conversation_id=conversation_id)
                .execution_options(synchronize_session=False))
            if result.rowcount != 1:
                return None
            return link_as_dict(session.get(HandoffLink, _hash(token)))

    def created_by(self, staff_id: int, limit: int = 50) -> list[dict[str, Any]]:
        with self._session() as session:
            rows = session.execute(select(HandoffLink).where(HandoffLink.created_by == staff_id)
                                   .order_by(HandoffLink.created_at.desc()).limit(limit)).scalars().all()
            return [link_as_dict(row) for row in rows]

    def followed_by(self, staff_id: int, conversation_id: str) -> bool:
        with self._session() as session:
            return session.execute(select(HandoffLink.token_hash).where(
                HandoffLink.created_by == staff_id, HandoffLink.conversation_id == conversation_id)
            ).first() is not None
