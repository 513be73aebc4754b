"""Rasa component for ``LinearIntentModel``: trains on the intent examples,
sets ``intent`` and ``intent_ranking`` like Rasa's own classifiers. With
``scope_gate: true`` it also trains the in-scope/out-of-scope gate and puts
out_of_scope first when the gate's margin exceeds ``scope_gate_margin``; the
parse result then carries ``scope_gate`` = {margin, intent, confidence}
(the classifier's own choice) so the margin can be chosen afresh by
cross-validation."""
from pathlib import Path
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.constants import NORMALISED_TEXT
from nlu.text.intent_classifier import LinearIntentModel, gated
from nlu.text.intent_features import MessageView, message_view
from nlu.text.normalisation import normalise
from nlu.text.token_embeddings import load_token_embeddings

MODEL_FILE = "linear_intent_model.joblib"
SCOPE_GATE = "scope_gate"


def view_of(message: Message) -> MessageView:
    text = message.get(TEXT) or ""
    normalised = message.get(NORMALISED_TEXT) or normalise(text)
    tokens = [token.text for token in message.get(TOKENS_NAMES[TEXT]) or []]
    return message_view(normalised, tokens)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 1.0, "temperature": 0.2, "ranking_length": 10, "random_seed": 42,
                "scope_gate": False, "scope_gate_margin": 0.0}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: LinearIntentModel | None = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(Path(directory) / MODEL_FILE)
        except ValueError:  # nothing was persisted: no intent examples at training
            model = None
        if model is not None:
            load_token_embeddings()
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        if len({e.get(INTENT) for e in examples}) < 2:
            return self._resource
        self._model = LinearIntentModel.fit(
            [view_of(e) for e in examples], [e.get(INTENT) for e in examples],
            c=self._config["C"], temperature=self._config["temperature"],
            random_seed=self._config["random_seed"], scope_gate=self._config["scope_gate"])
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, Path(directory) / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None or not messages:
            return messages
        limit = self._config["ranking_length"]
        for message, scored in zip(messages, self._model.score([view_of(m) for m in messages], limit), strict=True):
            ranking = gated(scored.ranking, scored.scope_margin, self._config["scope_gate_margin"])
            intents = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence} for name, confidence in ranking]
            message.set(INTENT, intents[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, intents, add_to_output=True)
            if scored.scope_margin is not None:
                intent, confidence = scored.ranking[0]
                message.set(SCOPE_GATE, {"margin": scored.scope_margin, "intent": intent, "confidence": confidence},
                            add_to_output=True)
        return messages
