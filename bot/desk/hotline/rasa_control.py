"""Pausing and resuming Rasa around the desk's work on a conversation."""
import logging
from collections.abc import Awaitable

from bot.desk.errors import RasaRefused
from bot.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)

# what a conversation keeps when staff give it back to the bot: the reply language and a verification
# (masked; the platform still decides whether it is valid)
SLOTS_AFTER_DESK = ("language", "language_explicit", "identity_verified", "identity_status", "id_number", "phone")


async def pause(rasa: RasaClient, conversation_id: str) -> None:
    try:
        await rasa.pause(conversation_id)
    except RasaUnavailable as error:
        raise RasaRefused(f"Rasa did not pause the conversation: {error}") from error


async def resume_after_desk(rasa: RasaClient, conversation_id: str) -> None:
    """Resumes Rasa as a new session keeping SLOTS_AFTER_DESK (staff had the conversation)."""
    try:
        await rasa.fresh_start(conversation_id, SLOTS_AFTER_DESK)
    except RasaUnavailable as error:
        raise RasaRefused(f"Rasa did not resume the conversation: {error}") from error


async def quietly(call: Awaitable[None], what: str, conversation_id: str) -> None:
    """Runs a Rasa call whose failure costs nothing but a warning (e.g. "resume", "pause")."""
    try:
        await call
    except RasaUnavailable as error:
        logger.warning("could not %s %s: %s", what, conversation_id, error)
