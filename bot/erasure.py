"""A conversation's content leaves the gateway's database: at once when the citizen asks (after a
confirmation in the chat), and for every conversation idle longer than RETENTION_DAYS (`make
purge`, and once a day in the running gateway). The one place that knows where a conversation's
content lives: its messages and notices, the desk's tickets and links, the trainers' inbox, the analytics' rows
(kept as figures without the chat's id or a comment). A desk ticket
keeps an audit row (team, reason, times) without content or the chat's id."""
import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from analytics.models import ConversationDay, MatterDay, Rating, Turn
from bot.desk.models import HandoffLink, Ticket, TicketEvent
from bot.notifications import store as notices
from bot.periodic import repeat
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.router import Reply, Router
from bot.store import in_thread
from bot.store.models import Conversation, Message
from curation.models import DISMISSED, OPEN, CurationItem
from registry.clock import utc_now

logger = logging.getLogger(__name__)

ERASED = "erased"
# What action_delete_history sends along with its confirmation.
ERASE_REQUEST = "erase_history"
PURGE_INTERVAL_S = 24 * 3600
RASA_ATTEMPTS = 3


def erase(engine: Engine, conversation_id: str) -> None:
    with sessionmaker(engine, future=True).begin() as session:
        _erase(session, conversation_id)


def purge(engine: Engine, retention_days: float, now: datetime | None = None) -> list[str]:
    """Erases the conversations idle longer than the retention period and the trainers' items
    nobody has labelled since; returns the erased conversations' ids."""
    cutoff = (now or utc_now()) - timedelta(days=retention_days)
    with sessionmaker(engine, future=True).begin() as session:
        stale = session.execute(select(Conversation.id).where(Conversation.last_seen_at < cutoff)).scalars().all()
        for conversation_id in stale:
            _erase(session, conversation_id)
        session.execute(delete(CurationItem).where(CurationItem.last_seen_at < cutoff,
                                                   CurationItem.status.in_((OPEN, DISMISSED))))
    return list(stale)


def _erase(session: Session, conversation_id: str) -> None:
    tickets = select(Ticket.id).where(Ticket.conversation_id == conversation_id)
    session.execute(update(TicketEvent).where(TicketEvent.ticket_id.in_(tickets)).values(text=None, message_id=None)
                    .execution_options(synchronize_session=False))
    session.execute(update(Ticket).where(Ticket.conversation_id == conversation_id).values(conversation_id=ERASED))
    session.execute(update(HandoffLink).where(HandoffLink.conversation_id == conversation_id)
                    .values(conversation_id=None, note=None, details=None))
    # a text seen in this conversation only is the citizen's; one others wrote too stays for the trainers
    mine = (CurationItem.conversation_id == conversation_id)
    session.execute(delete(CurationItem)
                    .where(mine, CurationItem.count == 1, CurationItem.status.in_((OPEN, DISMISSED))))
    session.execute(update(CurationItem).where(mine).values(conversation_id=None, message_id=None))
    notices.erase(session, conversation_id)
    session.execute(delete(Message).where(Message.conversation_id == conversation_id))
    # the figures stay, without the chat's id or the comment (each row its own placeholder: days are unique)
    for table, content in ((ConversationDay, {}), (Turn, {}), (MatterDay, {}), (Rating, {"comment": None})):
        session.execute(update(table).where(table.conversation_id == conversation_id)
                        .values(conversation_id=ERASED + ":" + cast(table.id, String), **content)
                        .execution_options(synchronize_session=False))
    session.execute(delete(Conversation).where(Conversation.id == conversation_id))


def _asks_for_erasure(reply: Reply) -> bool:
    custom = reply.get("custom")
    return isinstance(custom, dict) and custom.get(ERASE_REQUEST) is True


class Erasure:
    """Carries out the citizen's request to delete their history, and the daily purge."""

    def __init__(self, router: Router, engine: Engine, rasa: RasaClient, retention_days: float) -> None:
        self.router = router
        self.engine = engine
        self.rasa = rasa
        self.retention_days = retention_days
        router.on_answer(self.on_answer)

    async def on_answer(self, conversation_id: str, metadata: dict[str, Any], replies: list[Reply]) -> list[Reply]:
        if not any(_asks_for_erasure(reply) for reply in replies):
            return replies
        await self.router.after_turn(conversation_id, lambda: self.erase_now(conversation_id))
        return [reply for reply in replies if not _asks_for_erasure(reply)]

    async def erase_now(self, conversation_id: str) -> None:
        for attempt in range(1, RASA_ATTEMPTS + 1):
            try:
                await self.rasa.erase(conversation_id)
                break
            except RasaUnavailable as error:
                logger.warning("Rasa did not erase a conversation (attempt %d): %s", attempt, error)
                await asyncio.sleep(attempt)
        await in_thread(erase, self.engine, conversation_id)
        logger.info("erased a conversation on the citizen's request")

    async def purge_now(self) -> int:
        purged = await in_thread(purge, self.engine, self.retention_days)
        try:
            await self.rasa.purge(self.retention_days)
        except RasaUnavailable as error:
            logger.warning("Rasa did not purge old conversations: %s", error)
        logger.info("purged %d conversations idle for more than %s days", len(purged), self.retention_days)
        return len(purged)

    async def run_daily(self) -> None:
        await repeat(self.purge_now, PURGE_INTERVAL_S, "purge")


def main() -> None:
    """`python -m bot.erasure` (part of `make purge`): the gateway database's share of the purge."""
    from bot.config import Settings
    from bot.migrate import migrate
    from bot.store.database import make_engine

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = Settings.from_env()
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        purged = purge(engine, settings.retention_days)
    finally:
        engine.dispose()
    print(f"gateway: erased {len(purged)} conversations idle for more than {settings.retention_days:g} days")


if __name__ == "__main__":
    main()
