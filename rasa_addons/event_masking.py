"""Rasa events (as dicts) with personal data masked, for the tracker store and the event broker.

Text the citizen wrote is masked fully, 6-digit codes included. What the gateway and the
dialogue produced themselves (channel metadata, bot messages and their buttons, a slot holding
a division code such as 320583, an entity's normalised value) keeps its 6-digit numbers, except
where the value is a code by its type (the `otp` entity and slot) or is a copy of what the
citizen typed (a slot filled from the text of the message). The bot never repeats a code, so
its messages stay replayable."""
from collections.abc import Iterable, Iterator
from typing import Any

from privacy.masking import mask_nested, mask_personal_data

# Entities and slots whose values are personal data, whatever they look like.
PERSONAL_ENTITIES = frozenset({"id_number", "id_number_invalid", "phone", "otp"})
PERSONAL_SLOTS = frozenset({"id_number", "phone", "otp"})
_TEXT_FIELDS = ("text", "action_text")
# channel metadata (the gateway's) and bot message data (buttons, custom payloads)
_MADE_BY_US = ("metadata", "data")

Event = dict[str, Any]


def masked_events(events: Iterable[Event], typed: str | None = None) -> Iterator[Event]:
    """The events masked, in order; `typed` is what the citizen sent last before them (the
    slots filled from the text of a message are masked like that text)."""
    for event in events:
        if event.get("event") == "user":
            typed = event.get("text")
        yield mask_event(event, typed)


def mask_event(event: Event, typed: str | None = None) -> Event:
    """One event with its personal data masked; `typed` is the latest text the citizen sent."""
    masked = dict(event)
    typed_here = masked.get("event") != "bot"
    for field in _TEXT_FIELDS:
        if isinstance(masked.get(field), str):
            masked[field] = mask_personal_data(masked[field], codes=typed_here)
    for field in _MADE_BY_US:
        if field in masked:
            masked[field] = mask_nested(masked[field], codes=False)
    if isinstance(masked.get("parse_data"), dict):
        masked["parse_data"] = _mask_parse_data(masked["parse_data"])
    if isinstance(masked.get("entities"), list):
        masked["entities"] = _mask_entities(masked["entities"])
    if masked.get("event") == "slot":
        masked["value"] = _mask_slot_value(masked.get("name"), masked.get("value"), typed)
    return masked


def _mask_parse_data(parse_data: dict[str, Any]) -> dict[str, Any]:
    masked = dict(parse_data)
    if isinstance(masked.get("text"), str):
        masked["text"] = mask_personal_data(masked["text"])
    if isinstance(masked.get("entities"), list):
        masked["entities"] = _mask_entities(masked["entities"])
    if "metadata" in masked:
        masked["metadata"] = mask_nested(masked["metadata"], codes=False)
    return masked


def _mask_entities(entities: list[Any]) -> list[Any]:
    masked = []
    for entity in entities:
        if isinstance(entity, dict) and "value" in entity:
            personal = entity.get("entity") in PERSONAL_ENTITIES
            entity = {**entity, "value": mask_nested(entity["value"], codes=personal)}
        masked.append(entity)
    return masked


def _mask_slot_value(name: Any, value: Any, typed: str | None) -> Any:
    copied_from_text = isinstance(value, str) and typed is not None and value == typed
    return mask_nested(value, codes=name in PERSONAL_SLOTS or copied_from_text)
