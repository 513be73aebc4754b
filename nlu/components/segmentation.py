"""Rasa tokenizer: jieba for Chinese runs, spaCy for Latin runs."""
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.constants import NORMALISED_TEXT
from nlu.text.normalisation import normalise
from nlu.text.segmentation import load_segmenters, segment


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False
)
class BilingualTokenizer(Tokenizer):
    """Tokens carry normalised text; their offsets index the original text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "BilingualTokenizer":
        # Loaded here, with the model, not by the first message after a start (about 2 s).
        load_segmenters()
        return super().create(config, model_storage, resource, execution_context)

    @staticmethod
    def _normalised(message: Message, attribute: str) -> str:
        text = message.get(attribute) or ""
        stored = message.get(NORMALISED_TEXT) if attribute == TEXT else None
        if isinstance(stored, str) and len(stored) == len(text):
            return stored
        return normalise(text)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = self._normalised(message, attribute)
        tokens = [
            Token(piece.text, piece.start, piece.end, lemma=piece.lemma)
            for piece in segment(text)
        ]
        return self._apply_token_pattern(tokens)
