"""Sends the notification outbox to the gateway's webhook (GOVAPI_NOTIFY_URL), signed with
HMAC-SHA256 over "<timestamp>.<body>" (GOVAPI_NOTIFY_SECRET).

At least once and in order per citizen: a worker claims an event (a lease on the row, so two
workers never send the same event at once) only when every earlier event of the same citizen
is delivered; a failed POST is tried again after an exponentially growing pause. The gateway
de-duplicates by event id, so an event sent twice (a lost answer, a lease that ran out) is shown once."""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json
import logging
import time

import aiohttp
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import aliased, sessionmaker

from govapi import clock, notifications
from govapi.config import Settings
from govapi.models import NotificationEvent

log = logging.getLogger("govapi.delivery")

TIMESTAMP_HEADER = "X-Tongban-Timestamp"
SIGNATURE_HEADER = "X-Tongban-Signature"
LEASE = dt.timedelta(seconds=30)
BATCH = 20
POST_TIMEOUT_S = 5
MAX_PAUSE_S = 300


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def pause_after(attempts: int, first_pause_s: float) -> float:
    """1, 2, 4, 8 … times the first pause, at most five minutes."""
    return min(MAX_PAUSE_S, first_pause_s * 2 ** (attempts - 1))


def _claimable(now: dt.datetime):
    earlier = aliased(NotificationEvent)
    return and_(NotificationEvent.delivered_at.is_(None), NotificationEvent.next_attempt_at <= now,
                or_(NotificationEvent.claimed_until.is_(None), NotificationEvent.claimed_until < now),
                ~select(earlier.seq).where(earlier.citizen_id == NotificationEvent.citizen_id,
                                           earlier.delivered_at.is_(None),
                                           earlier.seq < NotificationEvent.seq).exists())


def claim(sessions: sessionmaker, now: dt.datetime | None = None) -> list[dict]:
    """The due events this worker now holds, each with its recipients read at this moment."""
    now = now or clock.now()
    claimed = []
    with sessions() as session, session.begin():
        candidates = session.execute(select(NotificationEvent.seq).where(_claimable(now))
                                     .order_by(NotificationEvent.seq).limit(BATCH)).scalars().all()
        for seq in candidates:
            taken = session.execute(update(NotificationEvent).where(NotificationEvent.seq == seq, _claimable(now))
                                    .values(claimed_until=now + LEASE)
                                    .execution_options(synchronize_session=False)).rowcount
            if taken:
                event = session.get(NotificationEvent, seq)
                claimed.append(_message(event, notifications.recipients(session, event.citizen_id)))
    return claimed


def _message(event: NotificationEvent, recipients: list[dict]) -> dict:
    return {"event_id": event.id, "seq": event.seq, "kind": event.kind, "urgent": event.urgent,
            "created_at": clock.iso(event.created_at), "payload": json.loads(event.payload_json),
            "recipients": recipients}


def settle(sessions: sessionmaker, seq: int, delivered: bool, first_pause_s: float) -> None:
    now = clock.now()
    with sessions() as session, session.begin():
        event = session.get(NotificationEvent, seq)
        if delivered:
            event.delivered_at = now
        else:
            event.attempts += 1
            event.next_attempt_at = now + dt.timedelta(seconds=pause_after(event.attempts, first_pause_s))
        event.claimed_until = None


class Delivery:
    """One worker's delivery loop; `wake()` makes it look at the outbox at once."""

    def __init__(self, settings: Settings, sessions: sessionmaker) -> None:
        self.settings = settings
        self.sessions = sessions
        self._wake = asyncio.Event()
        self._http: aiohttp.ClientSession | None = None

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT_S))
        try:
            while True:
                try:
                    await self.deliver_due()
                except Exception:
                    log.exception("notification delivery pass failed")
                try:
                    await asyncio.wait_for(self._wake.wait(), self.settings.notify_interval_s)
                except asyncio.TimeoutError:
                    pass
                self._wake.clear()
        finally:
            await self._http.close()

    async def deliver_due(self) -> int:
        delivered = 0
        while True:
            events = await asyncio.to_thread(claim, self.sessions)
            if not events:
                return delivered
            results = await asyncio.gather(*(self._deliver(event) for event in events))
            delivered += sum(results)

    async def _deliver(self, event: dict) -> bool:
        seq = event.pop("seq")
        ok = not event["recipients"] or await self._post(event)
        await asyncio.to_thread(settle, self.sessions, seq, ok, self.settings.notify_retry_s)
        return ok

    async def _post(self, event: dict) -> bool:
        if self._http is None:
            raise RuntimeError("delivery is not started")
        body = json.dumps(event, ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp,
                   SIGNATURE_HEADER: signature(self.settings.notify_secret, timestamp, body)}
        try:
            async with self._http.post(self.settings.notify_url, data=body, headers=headers) as answer:
                if answer.status < 300:
                    return True
                log.warning("notification %s refused by the gateway: %s", event["event_id"], answer.status)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            log.warning("notification %s not delivered: %s", event["event_id"], type(error).__name__)
        return False
