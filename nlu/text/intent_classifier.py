"""A linear SVM over ``intent_features`` with softmax confidences, and a
second, binary SVM on the same features that decides in scope vs out of
scope.

LinearSVC margins are turned into a distribution with a softmax at a fixed
temperature, so the FallbackClassifier's threshold has the same meaning for
every model trained from the same config. The scope gate is trained on every
example, out_of_scope against all the rest: one class of its own instead of
one of many, it weighs the words that make a message a near miss (a bank
card's balance, a shop's booking) against the service words it shares with
an intent. Its margin and the fallback threshold are chosen together by
cross-validation (make choose-threshold, nlu/README.md).
"""
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from nlu.text.intent_features import MessageView, fit_features, transform

OUT_OF_SCOPE = "out_of_scope"
Ranking = list[tuple[str, float]]


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    scaled = scores / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    exponentials = np.exp(scaled)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


@dataclass
class Scored:
    ranking: Ranking              # best first, before the scope gate
    scope_margin: float | None  # > 0 leans out of scope; None without a gate


@dataclass
class LinearIntentModel:
    features: FeatureUnion
    svm: LinearSVC
    temperature: float
    scope_gate: LinearSVC | None = None

    @classmethod
    def fit(cls, views: Sequence[MessageView], intents: Sequence[str], c: float, temperature: float,
            random_seed: int = 42, scope_gate: bool = False) -> "LinearIntentModel":
        if len(set(intents)) < 2:
            raise ValueError("the intent classifier needs at least two intents")
        features, matrix = fit_features(views)
        svm = LinearSVC(C=c, random_state=random_seed).fit(matrix, list(intents))
        gate = None
        out_of_scope = [intent == OUT_OF_SCOPE for intent in intents]
        if scope_gate and 0 < sum(out_of_scope) < len(out_of_scope):
            gate = LinearSVC(C=c, random_state=random_seed).fit(matrix, out_of_scope)
        return cls(features, svm, temperature, gate)

    def _scores(self, matrix) -> np.ndarray:
        scores = self.svm.decision_function(matrix)
        if scores.ndim == 1:  # two intents: one margin for the second
            scores = np.column_stack([-scores, scores])
        return scores

    def score(self, views: Sequence[MessageView], limit: int) -> list[Scored]:
        """Per message the ``limit`` most likely intents and the scope gate's margin."""
        matrix = transform(self.features, views)
        probabilities = softmax(self._scores(matrix), self.temperature)
        # a message with no word (？？？, say) still has character n-grams (the mark, the padding
        # space) and would get the intercepts' favourite: it gets no intent, which the fallback answers
        probabilities[[not view.tokens for view in views]] = 1.0 / probabilities.shape[1]
        margins = self.scope_gate.decision_function(matrix) if self.scope_gate is not None else None
        results = []
        for index, row in enumerate(probabilities):
            best = np.argsort(-row)[:limit]
            ranking = [(str(self.svm.classes_[i]), float(row[i])) for i in best]
            results.append(Scored(ranking, None if margins is None else float(margins[index])))
        return results

    def rank(self, views: Sequence[MessageView], limit: int) -> list[Ranking]:
        return [scored.ranking for scored in self.score(views, limit)]


def gated(ranking: Ranking, scope_margin: float | None, max_margin: float | None) -> Ranking:
    """The ranking after the scope gate: when the margin exceeds ``max_margin``
    out_of_scope moves to the front and every other intent one place down;
    the confidences stay where they were (best first)."""
    if max_margin is None or scope_margin is None or scope_margin <= max_margin or not ranking:
        return ranking
    names = [OUT_OF_SCOPE] + [name for name, _ in ranking if name != OUT_OF_SCOPE]
    return list(zip(names[: len(ranking)], [confidence for _, confidence in ranking], strict=True))

