"""Helpers for writing entities onto a Rasa message."""
from typing import Any

from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
)
from rasa.shared.nlu.training_data.message import Message


def make_entity(
    entity_type: str,
    value: Any,
    start: int,
    end: int,
    extractor: str,
    confidence: float = 1.0,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    entity = {
        ENTITY_ATTRIBUTE_TYPE: entity_type,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
        ENTITY_ATTRIBUTE_CONFIDENCE: confidence,
        EXTRACTOR: extractor,
    }
    entity.update(extra or {})
    return entity


def append_entities(message: Message, entities: list[dict[str, Any]]) -> None:
    if entities:
        existing = message.get(ENTITIES, [])
        message.set(ENTITIES, existing + entities, add_to_output=True)
