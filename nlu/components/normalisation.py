"""Rasa component storing a normalised copy of the message text.

Registered as a tokenizer-type component because only those run over the
training data too; it does not subclass Rasa's Tokenizer and sets no tokens.
"""

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.constants import NORMALISED_TEXT
from nlu.components.stateless import StatelessComponent
from nlu.text.normalisation import normalise


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False
)
class TextNormaliser(StatelessComponent):
    """Full-width to half-width, Traditional to Simplified, Latin case folding."""

    @staticmethod
    def normalise_message(message: Message) -> None:
        text = message.get(TEXT)
        if isinstance(text, str):
            message.set(NORMALISED_TEXT, normalise(text))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self.normalise_message(example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.normalise_message(message)
        return messages
