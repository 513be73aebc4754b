"""Rasa component for the pattern-based entities: id_number (or
id_number_invalid), phone, case_number, otp, date and language."""
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from nlu.extractor_component import RuleEntityExtractor
from nlu.rules import Found
from nlu.rules.case_numbers import find_case_numbers
from nlu.rules.dates import find_dates
from nlu.rules.id_numbers import find_id_numbers
from nlu.rules.languages import find_languages
from nlu.rules.otp import find_otps
from nlu.rules.phones import find_phones

# Earlier finders win when spans overlap.
FINDERS = (find_id_numbers, find_case_numbers, find_phones, find_otps, find_dates, find_languages)


def find_pattern_entities(normalised_text: str) -> List[Found]:
    found: List[Found] = []
    for finder in FINDERS:
        for candidate in finder(normalised_text):
            if not any(candidate.overlaps(other) for other in found):
                found.append(candidate)
    return sorted(found, key=lambda item: item.start)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class PatternEntityExtractor(RuleEntityExtractor):
    def find(self, message: Message, normalised_text: str) -> List[Found]:
        return find_pattern_entities(normalised_text)
