"""Rasa component for the Jiangsu ``city`` and ``county`` gazetteer."""

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.rule_extractor import RuleEntityExtractor
from nlu.text.found import Found
from nlu.text.gazetteer import division_gazetteer


def _token_boundaries(message: Message) -> set[int] | None:
    tokens = message.get(TOKENS_NAMES[TEXT])
    if not tokens:
        return None
    return {boundary for token in tokens for boundary in (token.start, token.end)}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class GazetteerEntityExtractor(RuleEntityExtractor):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        division_gazetteer()  # built with the model, not by the first message after a start
        return super().create(config, model_storage, resource, execution_context)

    def find(self, message: Message, normalised_text: str) -> list[Found]:
        return division_gazetteer().find(normalised_text, _token_boundaries(message))
