"""The one path every channel's messages take to Rasa and back."""
import logging
from typing import Any, Dict, List

from bot import notices
from bot.message_text import clean
from bot.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)

Reply = Dict[str, Any]
_REPLY_FIELDS = ("text", "buttons", "image", "custom", "attachment")


def _as_reply(rasa_message: Dict[str, Any]) -> Reply:
    return {key: rasa_message[key] for key in _REPLY_FIELDS if key in rasa_message}


class Router:
    def __init__(self, rasa: RasaClient, max_message_chars: int) -> None:
        self.rasa = rasa
        self.max_message_chars = max_message_chars

    async def handle(self, conversation_id: str, raw_text: str, metadata: Dict[str, Any]) -> List[Reply]:
        """Answers one incoming message of a conversation (`<channel>:<id>`)."""
        message = clean(raw_text, self.max_message_chars)
        if message.notice:
            return [{"text": message.notice}]
        try:
            answer = await self.rasa.send(conversation_id, message.text, metadata)
        except RasaUnavailable as error:
            logger.warning("rasa unavailable for %s: %s", conversation_id, error)
            return [{"text": notices.ASSISTANT_UNAVAILABLE}]
        return [_as_reply(item) for item in answer]
