"""A linear SVM over ``intent_features`` with softmax confidences.

LinearSVC margins are turned into a distribution with a softmax at a fixed
temperature, so the FallbackClassifier's threshold has the same meaning for
every model trained from the same config (the temperature and the threshold
are chosen together by cross-validation, see nlu/README.md).
"""
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from nlu.intent_features import MessageView, fit_features

Ranking = List[Tuple[str, float]]


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    scaled = scores / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    exponentials = np.exp(scaled)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


@dataclass
class LinearIntentModel:
    features: FeatureUnion
    svm: LinearSVC
    temperature: float

    @classmethod
    def fit(cls, views: Sequence[MessageView], intents: Sequence[str], c: float, temperature: float,
            random_seed: int = 42) -> "LinearIntentModel":
        if len(set(intents)) < 2:
            raise ValueError("the intent classifier needs at least two intents")
        features, matrix = fit_features(views)
        svm = LinearSVC(C=c, random_state=random_seed).fit(matrix, list(intents))
        return cls(features, svm, temperature)

    def _scores(self, views: Sequence[MessageView]) -> np.ndarray:
        scores = self.svm.decision_function(self.features.transform(views))
        if scores.ndim == 1:  # two intents: one margin for the second
            scores = np.column_stack([-scores, scores])
        return scores

    def rank(self, views: Sequence[MessageView], limit: int) -> List[Ranking]:
        """Per message the ``limit`` most likely intents, best first."""
        probabilities = softmax(self._scores(views), self.temperature)
        rankings = []
        for row in probabilities:
            best = np.argsort(-row)[:limit]
            rankings.append([(str(self.svm.classes_[i]), float(row[i])) for i in best])
        return rankings
