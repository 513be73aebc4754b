"""A candidate model against the current one: per-language intent accuracy on the held-out set and
on the curated examples, per-intent F1 changes, confusions the candidate makes that the current one
does not. The gate refuses a candidate that loses more than one point in any language."""
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import f1_score

from nlu.evaluation.evaluate import load_examples, predict
from nlu.evaluation.metrics import CATEGORIES, Prediction, intent_scores
from nlu.evaluation.model_runner import ModelParser

MAX_DROP = 0.01


@dataclass
class Comparison:
    accuracy: dict[str, dict[str, float | None]]     # set/category -> {"current", "candidate"}
    f1_changes: list[tuple[str, float, float]]          # (intent, current, candidate), biggest change first
    new_confusions: list[tuple[str, str, int]]          # (true, predicted, count) only the candidate makes
    refusals: list[str]

    @property
    def accepted(self) -> bool:
        return not self.refusals


def score_model(model: Path, examples) -> list[Prediction]:
    parser = ModelParser(model)
    try:
        return predict(parser, examples)[0]
    finally:
        parser.close()


def _accuracy_by_category(predictions: Sequence[Prediction], threshold: float) -> dict[str, float | None]:
    scores = {"all": intent_scores(predictions, threshold)["intent_accuracy"] if predictions else None}
    for category in CATEGORIES:
        subset = [p for p in predictions if p.category == category]
        scores[category] = intent_scores(subset, threshold)["intent_accuracy"] if subset else None
    return scores


def _dropped(before: float | None, after: float | None) -> bool:
    return before is not None and after is not None and after < before - MAX_DROP


def _f1_by_intent(predictions: Sequence[Prediction], threshold: float) -> dict[str, float]:
    labels = sorted({p.true_intent for p in predictions})
    values = f1_score([p.true_intent for p in predictions], [p.intent_at(threshold) for p in predictions],
                      labels=labels, average=None, zero_division=0)
    return dict(zip(labels, values, strict=True))


def _confusions(predictions: Sequence[Prediction], threshold: float) -> Counter:
    return Counter((p.true_intent, p.intent_at(threshold)) for p in predictions
                   if p.intent_at(threshold) != p.true_intent)


def compare(current: Sequence[Prediction], candidate: Sequence[Prediction], threshold: float,
            curated_current: Sequence[Prediction] = (), curated_candidate: Sequence[Prediction] = ()
            ) -> Comparison:
    """Both models' predictions on the same held-out examples (and curated ones, if any)."""
    before, after = _accuracy_by_category(current, threshold), _accuracy_by_category(candidate, threshold)
    accuracy = {f"held-out {name}": {"current": before[name], "candidate": after[name]} for name in before}
    if curated_current:
        accuracy["curated all"] = {"current": _accuracy_by_category(curated_current, threshold)["all"],
                                   "candidate": _accuracy_by_category(curated_candidate, threshold)["all"]}
    refusals = [f"held-out {name}: {before[name]:.3f} -> {after[name]:.3f}" for name in CATEGORIES
                if _dropped(before[name], after[name])]
    f1_before, f1_after = _f1_by_intent(current, threshold), _f1_by_intent(candidate, threshold)
    f1_changes = sorted(((intent, f1_before[intent], f1_after[intent]) for intent in f1_before
                         if abs(f1_after[intent] - f1_before[intent]) > 1e-9),
                        key=lambda change: -abs(change[2] - change[1]))
    old = _confusions(current, threshold)
    new_confusions = [(true, guess, count) for (true, guess), count in _confusions(candidate, threshold).most_common()
                      if (true, guess) not in old]
    return Comparison(accuracy, f1_changes, new_confusions, refusals)


def compare_models(current: Path, candidate: Path, holdout: str, curated: Path | None,
                   threshold: float) -> Comparison:
    examples = load_examples(holdout)
    curated_examples = load_examples(str(curated)) if curated and curated.exists() else []
    return compare(score_model(current, examples), score_model(candidate, examples), threshold,
                   score_model(current, curated_examples) if curated_examples else (),
                   score_model(candidate, curated_examples) if curated_examples else ())


def print_comparison(comparison: Comparison) -> None:
    def fmt(value):
        return "   n/a" if value is None else f"{value:6.3f}"

    print(f"{'intent accuracy':22} {'current':>8} {'candidate':>9} {'change':>7}")
    for name, pair in comparison.accuracy.items():
        current, candidate = pair["current"], pair["candidate"]
        change = "" if current is None or candidate is None else f"{candidate - current:+7.3f}"
        print(f"{name:22} {fmt(pair['current']):>8} {fmt(pair['candidate']):>9} {change:>7}")
    print("\nper-intent F1 changes (held-out)")
    for intent, before, after in comparison.f1_changes[:20] or [("(none)", 0.0, 0.0)]:
        print(f"  {intent:34} {before:6.3f} -> {after:6.3f}")
    print("\nnew confusions (true -> predicted, count)")
    for true, guess, count in comparison.new_confusions[:20] or [("(none)", "", 0)]:
        print(f"  {true} -> {guess} {count or ''}")
    verdict = "ACCEPTED" if comparison.accepted else "REFUSED (loses more than one point): " + \
        "; ".join(comparison.refusals)
    print(f"\n{verdict}")
