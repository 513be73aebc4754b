"""Scores for the held-out evaluation: language categories, intent and
entity metrics, fallback threshold sweep."""
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

from sklearn.metrics import accuracy_score, f1_score

from nlu.text.normalisation import to_halfwidth, to_simplified
from nlu.text.unicode_scripts import HAN_CHAR, LATIN_WORD

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
CATEGORIES = ("zh", "en", "mixed", "zh_hant")
RULE_BASED_ENTITIES = ("id_number", "phone", "case_number", "otp", "date", "city", "county", "language")


def language_category(text: str) -> str:
    """zh_hant if OpenCC t2s changes the text; mixed if Han and Latin words
    are both present; en if there is no Han; zh otherwise."""
    if to_simplified(text) != text:
        return "zh_hant"
    has_han = bool(HAN_CHAR.search(text))
    has_latin = bool(LATIN_WORD.search(to_halfwidth(text)))
    if has_han and has_latin:
        return "mixed"
    return "zh" if has_han else "en"


@dataclass
class Prediction:
    text: str
    category: str
    true_intent: str
    classifier_intent: str  # before the fallback classifier
    confidence: float
    true_entities: list[dict[str, Any]] = field(default_factory=list)
    predicted_entities: list[dict[str, Any]] = field(default_factory=list)
    # The scope gate's margin and the classifier's choice before the gate, when there is a gate.
    scope_margin: float | None = None
    ungated_intent: str | None = None

    def intent_at(self, threshold: float) -> str:
        """Below the threshold the fallback answers; it is scored as out_of_scope."""
        return OUT_OF_SCOPE if self.confidence < threshold else self.classifier_intent

    def gated_at(self, max_margin: float | None) -> "Prediction":
        """This prediction as a scope gate at ``max_margin`` (None: no gate) would have made it."""
        if self.scope_margin is None:
            return self
        out_of_scope = max_margin is not None and self.scope_margin > max_margin
        assert self.ungated_intent is not None  # recorded with the margin
        return replace(self, classifier_intent=OUT_OF_SCOPE if out_of_scope else self.ungated_intent)


class IntentScores(TypedDict):
    examples: int
    intent_accuracy: float
    macro_f1: float
    oos_examples: int
    oos_recall: float | None        # None without out-of-scope examples
    oos_precision: float | None     # None when nothing was called out of scope


def intent_scores(predictions: Sequence[Prediction], threshold: float) -> IntentScores:
    truth = [p.true_intent for p in predictions]
    guess = [p.intent_at(threshold) for p in predictions]
    oos = [g for t, g in zip(truth, guess, strict=True) if t == OUT_OF_SCOPE]
    said_oos = [t for t, g in zip(truth, guess, strict=True) if g == OUT_OF_SCOPE]
    return {
        "examples": len(predictions),
        "intent_accuracy": accuracy_score(truth, guess) if truth else 0.0,
        "macro_f1": (f1_score(truth, guess, average="macro", labels=sorted(set(truth)), zero_division=0)
                     if truth else 0.0),
        "oos_examples": len(oos),
        "oos_recall": (sum(g == OUT_OF_SCOPE for g in oos) / len(oos)) if oos else None,
        "oos_precision": (sum(t == OUT_OF_SCOPE for t in said_oos) / len(said_oos)) if said_oos else None,
    }


def _entity_key(entity: dict[str, Any], text: str) -> tuple:
    return entity["entity"], entity["start"], entity["end"]


def _value_matches(truth: dict[str, Any], predicted: dict[str, Any], text: str) -> bool:
    """Annotated values equal to the surface text (dates, ids, phones) are
    only span-checked; explicit values (admin codes, en/zh) must match."""
    surface = text[truth["start"] : truth["end"]]
    if str(truth.get("value")) == surface:
        return True
    return str(truth.get("value")).upper() == str(predicted.get("value")).upper()


def entity_scores(predictions: Iterable[Prediction], types: Iterable[str]) -> dict[str, dict[str, float]]:
    counts: dict[str, Counter] = {t: Counter() for t in types}
    for p in predictions:
        predicted = {_entity_key(e, p.text): e for e in p.predicted_entities if e["entity"] in counts}
        matched = set()
        for truth in p.true_entities:
            if truth["entity"] not in counts:
                continue
            key = _entity_key(truth, p.text)
            if key in predicted and _value_matches(truth, predicted[key], p.text):
                counts[truth["entity"]]["tp"] += 1
                matched.add(key)
            else:
                counts[truth["entity"]]["fn"] += 1
        for key in predicted:
            if key not in matched:
                counts[key[0]]["fp"] += 1
    return {entity_type: _prf(c) for entity_type, c in counts.items()}


def _prf(c: Counter) -> dict[str, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn, "predicted": tp + fp}


def threshold_sweep(predictions: Sequence[Prediction], thresholds: Iterable[float]) -> list[dict[str, float]]:
    rows = []
    for threshold in thresholds:
        in_scope = [p for p in predictions if p.true_intent != OUT_OF_SCOPE]
        scores = intent_scores(predictions, threshold)
        in_scope_accuracy = intent_scores(in_scope, threshold)["intent_accuracy"] if in_scope else 0.0
        rows.append({"threshold": round(threshold, 2), "accuracy": scores["intent_accuracy"],
                     "in_scope_accuracy": in_scope_accuracy, "oos_recall": scores["oos_recall"] or 0.0})
    return rows


def choose_threshold(rows: list[dict[str, float]]) -> dict[str, float]:
    """Highest overall accuracy (fallback scored as out_of_scope); ties go to
    the higher threshold, which answers 'not understood' more readily."""
    return max(rows, key=lambda row: (round(row["accuracy"], 4), row["threshold"]))


def worst_confusions(predictions: Sequence[Prediction], threshold: float, limit: int = 20):
    pairs: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for p in predictions:
        guess = p.intent_at(threshold)
        if guess != p.true_intent:
            pairs[(p.true_intent, guess)] += 1
            examples.setdefault((p.true_intent, guess), p.text)
    return [(true, guess, count, examples[(true, guess)]) for (true, guess), count in pairs.most_common(limit)]
