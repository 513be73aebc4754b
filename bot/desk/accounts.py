"""Staff accounts (argon2 password hashes) and their sessions (database rows that expire)."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.desk.models import ROLES, Staff, StaffSession
from registry.clock import utc_now

MIN_PASSWORD_CHARS = 10
_hasher = PasswordHasher()
# Verifying against this keeps an unknown username as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AccountError(ValueError):
    """The account cannot be created as asked."""


@dataclass(frozen=True)
class StaffMember:
    id: int
    username: str
    role: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    def __init__(self, engine: Engine, session_hours: float = 12) -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)
        self.session_lifetime = timedelta(hours=session_hours)

    def create(self, username: str, password: str, role: str) -> StaffMember:
        username = (username or "").strip()
        if not username or len(username) > 64:
            raise AccountError("username must be 1-64 characters")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if len(password or "") < MIN_PASSWORD_CHARS:
            raise AccountError(f"password must have at least {MIN_PASSWORD_CHARS} characters")
        try:
            with self._session.begin() as session:
                staff = Staff(username=username, password_hash=_hasher.hash(password), role=role,
                              created_at=utc_now())
                session.add(staff)
                session.flush()
                return StaffMember(staff.id, staff.username, staff.role)
        except IntegrityError:
            raise AccountError(f"username {username!r} is taken") from None

    def log_in(self, username: str, password: str) -> str | None:
        """A new session token, or None when the username or password is wrong."""
        with self._session.begin() as session:
            staff = session.execute(select(Staff).where(Staff.username == username)).scalar_one_or_none()
            try:
                _hasher.verify(staff.password_hash if staff else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if staff is None:
                return None
            token = secrets.token_urlsafe(32)
            now = utc_now()
            session.add(StaffSession(token_hash=_token_hash(token), staff_id=staff.id, created_at=now,
                                     expires_at=now + self.session_lifetime))
            return token

    def staff_for(self, token: str) -> StaffMember | None:
        """The staff member of a live session."""
        if not token:
            return None
        with self._session() as session:
            row = session.execute(
                select(Staff).join(StaffSession, StaffSession.staff_id == Staff.id)
                .where(StaffSession.token_hash == _token_hash(token), StaffSession.expires_at > utc_now())
            ).scalar_one_or_none()
            return StaffMember(row.id, row.username, row.role) if row else None

    def log_out(self, token: str) -> None:
        with self._session.begin() as session:
            session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))

    def drop_expired_sessions(self) -> None:
        with self._session.begin() as session:
            session.execute(delete(StaffSession).where(StaffSession.expires_at <= utc_now()))

    def usernames(self) -> dict:
        with self._session() as session:
            return dict(session.execute(select(Staff.id, Staff.username)).all())
