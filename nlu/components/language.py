"""Rasa component emitting the language a message is written in.

Output: an entity ``message_language`` (zh|en) spanning the whole text, and
the full decision under ``language_detection`` in the parse result
({"language", "confidence", "source"}; source "prior" means the client
language code decided). Rasa 3.6 passes the channel metadata of a user
message into the NLU graph under the ``metadata`` key, so the Telegram
``language_code`` sent by the gateway is read here. Messages without Han or
Latin letters (digits, emoji) get no entity unless a language code is
present, so a phone number does not change the reply language.
"""

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.constants import (
    LANGUAGE_DECISION,
    MESSAGE_LANGUAGE_ENTITY,
    METADATA,
    METADATA_LANGUAGE_CODE,
    NORMALISED_TEXT,
)
from nlu.components.entities import append_entities, make_entity
from nlu.components.stateless import StatelessComponent
from nlu.text.language import detect_language


def language_code_from(message: Message) -> str | None:
    metadata = message.get(METADATA)
    if isinstance(metadata, dict):
        code = metadata.get(METADATA_LANGUAGE_CODE)
        return code if isinstance(code, str) else None
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LanguageDetector(StatelessComponent, EntityExtractorMixin):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._detect(message)
        return messages

    def _detect(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        decision = detect_language(
            message.get(NORMALISED_TEXT) or text, language_code_from(message)
        )
        if decision is None:
            return
        message.set(
            LANGUAGE_DECISION,
            {
                "language": decision.language,
                "confidence": decision.confidence,
                "source": decision.source,
            },
            add_to_output=True,
        )
        entity = make_entity(
            MESSAGE_LANGUAGE_ENTITY,
            decision.language,
            0,
            len(text),
            self.__class__.__name__,
            decision.confidence,
        )
        append_entities(message, [entity])
