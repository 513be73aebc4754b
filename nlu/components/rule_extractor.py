"""Base for the rule-based Rasa entity extractors (no training, predict only)."""
from abc import abstractmethod

from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.constants import NORMALISED_TEXT
from nlu.components.entities import append_entities, make_entity
from nlu.components.stateless import StatelessComponent
from nlu.text.found import Found
from nlu.text.normalisation import normalise


class RuleEntityExtractor(StatelessComponent, EntityExtractorMixin):
    @abstractmethod
    def find(self, message: Message, normalised_text: str) -> list[Found]:
        """The entities of one message, with offsets into its text."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip():
                continue
            normalised = message.get(NORMALISED_TEXT) or normalise(text)
            entities = [
                make_entity(found.entity, found.value, found.start, found.end,
                            self.__class__.__name__, extra=found.extra)
                for found in self.find(message, normalised)
            ]
            append_entities(message, entities)
        return messages
