"""The REST input channel the gateway talks to. Rasa's own, with three differences:

- the body is checked: anything but a JSON object with a string sender and message gets 400;
- a turn Rasa could not complete (an action server or tracker store that failed, see
  `turn_guard`) is rolled back and answered 503, never with the half of an answer;
- a message the gateway sends again with the key of a message Rasa already handled is answered
  from the tracker, not handled twice (`replay`);
- the turn runs under the conversation's lock taken here (what `Agent.handle_message` does),
  held from the look for an earlier answer until a failed turn is rolled back.

Beside the webhook, token-protected endpoints for the gateway's privacy duties:

    DELETE /webhooks/rest/conversations/<id>?token=…                 erase one conversation
    POST   /webhooks/rest/purge?token=…  {"retention_days": N}       drop conversations idle longer
"""
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage, ServerError, Unauthorized
from sanic.request import Request

from rasa_addons import replay, turn_guard
from rasa_addons.tracker_store import MaskingTrackerStore

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 255
LOCK_POLL_S = 0.05   # Rasa's own default waits a whole second between looks at a taken lock
UNAVAILABLE = {"error": "the turn could not be completed; send the message again later"}


class TongbanRestInput(RestInput):
    def __init__(self, token: str = "") -> None:
        self.token = token

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "TongbanRestInput":
        return cls(str((credentials or {}).get("token") or ""))

    # --- the webhook's body -----------------------------------------------------------

    async def _extract_sender(self, req: Request) -> str | None:
        sender = _body(req).get("sender")
        if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER_CHARS:
            raise InvalidUsage("sender must be a string of 1-255 characters")
        return sender

    def _extract_message(self, req: Request) -> str | None:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage("message must be a string")
        return message

    def _extract_input_channel(self, req: Request) -> str:
        channel = _body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = _body(request).get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise InvalidUsage("metadata must be an object")
        return metadata

    # --- routes -----------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The routes; a message is handled as `on_new_message` (Agent.handle_message) would, with
        the conversation's lock taken here."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            sender = await self._extract_sender(request)
            message = UserMessage(self._extract_message(request), CollectingOutputChannel(), sender,
                                  input_channel=self._extract_input_channel(request),
                                  metadata=self.get_metadata(request))
            answer = await _handled_turn(request.app.ctx.agent, message)
            return response.json(UNAVAILABLE, status=503) if answer is None else response.json(answer)

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


async def _handled_turn(agent, message: UserMessage) -> list[dict[str, Any]] | None:
    """The answer to one message; None when the turn failed (and was rolled back). The
    conversation's lock is held from the look for an earlier answer to the rollback, so that
    two deliveries of one message cannot both be handled."""
    if not agent.is_ready():
        return None
    metadata = message.metadata or {}
    key = metadata.get(replay.MESSAGE_KEY) if metadata.get("retry") else None
    try:
        async with agent.lock_store.lock(message.sender_id, wait_time_in_seconds=LOCK_POLL_S):
            if key:
                tracker = await _masking_store(agent).retrieve(message.sender_id)
                earlier = await replay.replayed(tracker, key) if tracker is not None else None
                if earlier is not None:
                    return earlier
            with turn_guard.watching() as turn:
                try:
                    await agent.processor.handle_message(message)
                except Exception as error:
                    logger.exception("turn failed")
                    turn.failures.append(type(error).__name__)
            if turn.failed:
                logger.warning("turn not completed (%s); rolled back, answered 503", turn.failures[0])
                await _roll_back(agent, message.sender_id, turn.stored_event_ids)
                return None
    except Exception:
        logger.exception("conversation lock not taken")
        return None
    return message.output_channel.messages


async def _roll_back(agent, sender_id: str, event_ids: list[int]) -> None:
    if not event_ids:
        return
    try:
        await _masking_store(agent).delete_events(sender_id, event_ids)
    except Exception:
        logger.exception("could not roll back a failed turn (%d events)", len(event_ids))


def _masking_store(agent) -> MaskingTrackerStore:
    """Our store inside the fail-safe wrapper the agent puts around every tracker store."""
    store = agent.tracker_store
    store = getattr(store, "_tracker_store", store)
    if not isinstance(store, MaskingTrackerStore):
        raise ServerError("the tracker store is not rasa_addons.tracker_store.MaskingTrackerStore")
    return store


def _body(request: Request) -> dict[str, Any]:
    body = request.json
    if not isinstance(body, dict):
        raise InvalidUsage("the body must be a JSON object")
    return body
