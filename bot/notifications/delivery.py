"""Sends the notices that are due through the conversation's channel: stored first (masked) as a
reply in the conversation, so the desk's transcript and the web chat's history show it, then
pushed to Telegram or WeChat. A failed push is tried again with a growing pause; a notice for a
conversation the gateway no longer has (erased) is dropped, never sent."""
import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from bot.notifications import texts
from bot.notifications.quiet_hours import QuietHours
from bot.notifications.settings import NotificationSettings
from bot.notifications.store import DueNotice, NoticeStore
from bot.periodic import repeat
from bot.router import Router
from bot.store import in_thread
from registry.clock import utc_now

logger = logging.getLogger(__name__)

MAX_PAUSE_S = 300


class NoticeDelivery:
    def __init__(self, settings: NotificationSettings, store: NoticeStore, router: Router,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.settings = settings
        self.store = store
        self.router = router
        self.clock = clock
        self.quiet_hours = QuietHours.parse(settings.quiet_hours, settings.timezone)
        self._wake = asyncio.Event()

    async def receive(self, event: dict) -> int:
        """Keeps a platform event's notices (once per event and chat); returns how many were new."""
        now = self.clock()
        added = await in_thread(self.store.add, event, event["recipients"], now, self.quiet_hours.release_time(now))
        if added:
            self._wake.set()
        return added

    async def run(self) -> None:
        await repeat(self.send_due, self.settings.interval_s, "notice delivery pass", wake=self._wake)

    async def send_due(self) -> int:
        sent = 0
        while True:
            due = await in_thread(self.store.claim, self.clock())
            if not due:
                return sent
            results = await asyncio.gather(*(self._send(notice) for notice in due))
            sent += sum(results)

    async def _send(self, notice: DueNotice) -> bool:
        if not notice.known_conversation:
            await in_thread(self.store.dropped, notice.id, self.clock(), "no_conversation")
            logger.info("notice dropped: its conversation is gone")
            return False
        reply = texts.render(notice.kind, notice.payload, notice.language)
        if notice.message_id is None:
            [message_id] = await in_thread(self.router.store.add_replies, notice.conversation_id, [reply])
            await in_thread(self.store.stored, notice.id, message_id)
        try:
            await self.router.push(notice.conversation_id, [reply])
        except Exception as error:  # noqa: BLE001 - any channel failure: try again later
            logger.warning("notice not sent to %s (%s); trying again later", notice.conversation_id.split(":")[0],
                           type(error).__name__)
            await in_thread(self.store.failed, notice.id, self.clock(), self.settings.retry_s, MAX_PAUSE_S)
            return False
        await in_thread(self.store.sent, notice.id, self.clock())
        return True
