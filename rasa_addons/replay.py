"""The answer Rasa gave to a message it already handled, read back from the tracker.

The gateway sends a message again when it did not get the answer (Rasa took longer than the
gateway waited, or a gateway died). Such a retry carries the gateway's key for the message; if
the tracker already has a citizen message with that key, its bot messages are sent again
instead of running the turn a second time."""
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

MESSAGE_KEY = "message_key"


def answered_events(tracker: DialogueStateTracker, key: str) -> list[BotUttered] | None:
    """The bot messages that followed the citizen message with this key, or None if there is none."""
    answer: list[BotUttered] | None = None
    for event in tracker.events:
        if isinstance(event, UserUttered):
            if answer is not None:
                break
            if (event.metadata or {}).get(MESSAGE_KEY) == key:
                answer = []
        elif isinstance(event, BotUttered) and answer is not None:
            answer.append(event)
    return answer


async def replayed(tracker: DialogueStateTracker, key: str) -> list[dict[str, Any]] | None:
    """The REST answer to the message with this key, if it was handled; None otherwise."""
    events = answered_events(tracker, key)
    if events is None:
        return None
    collector = CollectingOutputChannel()
    for event in events:
        message = {"text": event.text, **{name: value for name, value in event.data.items() if value is not None}}
        await collector.send_response(tracker.sender_id, message)
    return collector.messages
