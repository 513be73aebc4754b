"""Rasa component for the pattern-based entities: id_number (or
id_number_invalid), phone, case_number, otp, date and language."""

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from nlu.components.rule_extractor import RuleEntityExtractor
from nlu.text.found import Found
from nlu.text.patterns import find_pattern_entities


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class PatternEntityExtractor(RuleEntityExtractor):
    def find(self, message: Message, normalised_text: str) -> list[Found]:
        return find_pattern_entities(normalised_text)
