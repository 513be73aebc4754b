"""Sparse features saying which entity types (rule-based and gazetteer) a
token belongs to, so DIET learns "a message that is just a city is inform"
from a few examples instead of once per city name."""
from typing import Any, Dict, List

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.constants import NORMALISED_TEXT
from nlu.gazetteer import division_gazetteer
from nlu.pattern_extractor import find_pattern_entities
from nlu.text_normalisation import normalise

ENTITY_TYPES = ("id_number", "id_number_invalid", "phone", "case_number", "otp", "date",
                "language", "city", "county")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class EntityTypeFeaturizer(SparseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return SparseFeaturizer.get_default_config()

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Nothing to validate: the component has no options of its own."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EntityTypeFeaturizer":
        return cls(execution_context.node_name, config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._featurize(message)
        return messages

    def _featurize(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        text = message.get(TEXT)
        if not tokens or not isinstance(text, str):
            return
        normalised = message.get(NORMALISED_TEXT) or normalise(text)
        found = find_pattern_entities(normalised) + division_gazetteer().find(normalised)
        sequence = np.zeros((len(tokens), len(ENTITY_TYPES)), dtype=np.float32)
        for entity in found:
            column = ENTITY_TYPES.index(entity.entity)
            for row, token in enumerate(tokens):
                if token.start < entity.end and entity.start < token.end:
                    sequence[row, column] = 1.0
        sentence = sequence.max(axis=0, keepdims=True)
        self.add_features_to_message(
            sequence=scipy.sparse.coo_matrix(sequence),
            sentence=scipy.sparse.coo_matrix(sentence),
            attribute=TEXT,
            message=message,
        )
