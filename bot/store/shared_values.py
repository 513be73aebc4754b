"""Short-lived values that every gateway process sees: Redis when GATEWAY_REDIS_URL is set, else
the gateway's database. Values expire; `add` writes only where no live value is, so it serves
as a lock or a one-time claim. Calls block: run them in a thread from async code."""
from datetime import datetime, timedelta, timezone
from typing import Protocol

import redis
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.store.models import SharedValue


class SharedValues(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl_s: float) -> None: ...

    def add(self, key: str, value: str, ttl_s: float) -> bool:
        """Writes only if the key has no live value; True if it wrote."""

    def delete(self, key: str, only_if: str | None = None) -> None:
        """Removes the key (only while it holds `only_if`, when given)."""

    def drop_expired(self) -> int:
        """Removes values that ran out (where the store does not do it itself)."""

    def close(self) -> None: ...


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class DatabaseValues:
    def __init__(self, engine: Engine) -> None:
        self._session = sessionmaker(engine, future=True)

    def get(self, key: str) -> str | None:
        with self._session() as session:
            return session.execute(select(SharedValue.value).where(
                SharedValue.key == key, SharedValue.expires_at > _now())).scalar()

    def set(self, key: str, value: str, ttl_s: float) -> None:
        expires_at = _now() + timedelta(seconds=ttl_s)
        for _ in range(2):  # the first insert of a key can lose to another process's: then update
            try:
                with self._session.begin() as session:
                    changed = session.execute(update(SharedValue).where(SharedValue.key == key)
                                              .values(value=value, expires_at=expires_at)).rowcount
                    if not changed:
                        session.add(SharedValue(key=key, value=value, expires_at=expires_at))
                return
            except IntegrityError:
                continue

    def add(self, key: str, value: str, ttl_s: float) -> bool:
        now = _now()
        try:
            with self._session.begin() as session:
                # a value that ran out counts as absent: only one process can replace it
                replaced = session.execute(update(SharedValue).where(SharedValue.key == key,
                                                                     SharedValue.expires_at <= now)
                                           .values(value=value, expires_at=now + timedelta(seconds=ttl_s))).rowcount
                if replaced:
                    return True
                if session.get(SharedValue, key) is not None:
                    return False
                session.add(SharedValue(key=key, value=value, expires_at=now + timedelta(seconds=ttl_s)))
            return True
        except IntegrityError:
            return False  # another process added it at the same moment

    def delete(self, key: str, only_if: str | None = None) -> None:
        condition = [SharedValue.key == key] + ([SharedValue.value == only_if] if only_if is not None else [])
        with self._session.begin() as session:
            session.execute(delete(SharedValue).where(*condition))

    def drop_expired(self) -> int:
        with self._session.begin() as session:
            return session.execute(delete(SharedValue).where(SharedValue.expires_at <= _now())).rowcount

    def close(self) -> None:
        pass  # the engine belongs to the gateway


# Deletes the key only while it holds the given value, in one step.
_DELETE_IF = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class RedisValues:
    def __init__(self, url: str, prefix: str = "tongban:") -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5)
        self._prefix = prefix

    def get(self, key: str) -> str | None:
        return self._redis.get(self._prefix + key)

    def set(self, key: str, value: str, ttl_s: float) -> None:
        self._redis.set(self._prefix + key, value, px=max(1, int(ttl_s * 1000)))

    def add(self, key: str, value: str, ttl_s: float) -> bool:
        return bool(self._redis.set(self._prefix + key, value, px=max(1, int(ttl_s * 1000)), nx=True))

    def delete(self, key: str, only_if: str | None = None) -> None:
        if only_if is None:
            self._redis.delete(self._prefix + key)
        else:
            self._redis.eval(_DELETE_IF, 1, self._prefix + key, only_if)

    def drop_expired(self) -> int:
        return 0  # Redis expires keys itself

    def close(self) -> None:
        self._redis.close()


def shared_values(redis_url: str, engine: Engine) -> "SharedValues":
    return RedisValues(redis_url) if redis_url else DatabaseValues(engine)
