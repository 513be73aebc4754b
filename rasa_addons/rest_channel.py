"""The REST input channel the gateway talks to: Rasa's own, with the request body checked
(anything but a JSON object with a string sender and message gets 400, not 500), and the
gateway's privacy endpoints beside the webhook:

    DELETE /webhooks/rest/conversations/<id>?token=…    erase one conversation's events
    POST   /webhooks/rest/purge?token=…  {"retention_days": N}   drop conversations idle longer
"""
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage, ServerError, Unauthorized
from sanic.request import Request

from rasa_addons.tracker_store import MaskingTrackerStore

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 255


class TongbanRestInput(RestInput):
    def __init__(self, token: str = "") -> None:
        self.token = token

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TongbanRestInput":
        return cls(str((credentials or {}).get("token") or ""))

    # --- the webhook's body -----------------------------------------------------------

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER_CHARS:
            raise InvalidUsage("sender must be a string of 1-255 characters")
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage("message must be a string")
        return message

    def _extract_input_channel(self, req: Request) -> Text:
        channel = _body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = _body(request).get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise InvalidUsage("metadata must be an object")
        return metadata

    # --- privacy endpoints ------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.route("/conversations/<conversation_id:str>", methods=["DELETE"])
        async def erase(request: Request, conversation_id: str):
            self._authorise(request)
            agent = request.app.ctx.agent
            async with agent.lock_store.lock(conversation_id):
                erased = await _masking_store(agent).erase(conversation_id)
            logger.info("erased a conversation (%d events)", erased)
            return response.json({"erased_events": erased})

        @webhook.route("/purge", methods=["POST"])
        async def purge(request: Request):
            self._authorise(request)
            days = _body(request).get("retention_days")
            if isinstance(days, bool) or not isinstance(days, (int, float)) or days <= 0:
                raise InvalidUsage("retention_days must be a positive number")
            purged = await _masking_store(request.app.ctx.agent).purge(days)
            logger.info("purged %d conversations idle for more than %s days", purged, days)
            return response.json({"purged_conversations": purged})

        return webhook

    def _authorise(self, request: Request) -> None:
        given = request.args.get("token") or ""
        if not self.token or not hmac.compare_digest(given.encode(), self.token.encode()):
            raise Unauthorized("a valid token is required")


def _masking_store(agent) -> MaskingTrackerStore:
    """Our store inside the fail-safe wrapper the agent puts around every tracker store."""
    store = agent.tracker_store
    store = getattr(store, "_tracker_store", store)
    if not isinstance(store, MaskingTrackerStore):
        raise ServerError("the tracker store is not rasa_addons.tracker_store.MaskingTrackerStore")
    return store


def _body(request: Request) -> Dict[str, Any]:
    body = request.json
    if not isinstance(body, dict):
        raise InvalidUsage("the body must be a JSON object")
    return body
