"""Choose the fallback threshold (and the scope gate's margin) by
cross-validation on the training data.

The held-out sets (tests/nlu/holdout, tests/nlu/fresh) stay unseen: data/nlu
is split into ``--folds`` folds stratified by intent; for each fold a model
is trained from config.yml on the other folds (into a temporary directory,
models/ is never touched) and the fold itself is parsed. The predictions of
all folds are pooled and swept over the thresholds of ``make eval``; with a
scope gate in config.yml every margin of MARGINS is swept too (the parse
result carries the gate's margin, so one training serves them all). The
setting with the best overall accuracy (nlu_fallback scored as out_of_scope)
is printed with the pooled accuracy per language; put it into config.yml.
"""
import argparse
import random
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from nlu.evaluation.evaluate import SWEEP, predict
from nlu.evaluation.metrics import (
    CATEGORIES,
    Prediction,
    choose_threshold,
    intent_scores,
    threshold_sweep,
    worst_confusions,
)
from nlu.evaluation.model_runner import ModelParser, quiet_logs, train_model
from nlu.evaluation.pipeline_config import configured_scope_gate, configured_threshold
from nlu.evaluation.public_out_of_scope import OUTPUT as PUBLIC_OUT_OF_SCOPE

CV_GOAL = 0.90
MARGINS = (None, 0.5, 0.25, 0.0, -0.25, -0.5)


def stratified_folds(labels: Sequence[str], folds: int, seed: int = 42) -> list[list[int]]:
    """Indexes of ``labels`` dealt into ``folds`` test folds, per label.

    Each label's indexes are shuffled with ``seed`` and dealt round robin,
    continuing where the previous label stopped, so every fold gets each
    label's share (±1) and the fold sizes differ by at most one. Every index
    is in exactly one fold; the result is the same for the same input.
    """
    if folds < 2:
        raise ValueError("need at least 2 folds")
    by_label = defaultdict(list)
    for index, label in enumerate(labels):
        by_label[label].append(index)
    rng = random.Random(seed)
    result: list[list[int]] = [[] for _ in range(folds)]
    position = 0
    for label in sorted(by_label):
        indexes = by_label[label]
        rng.shuffle(indexes)
        for index in indexes:
            result[position % folds].append(index)
            position += 1
    return [sorted(fold) for fold in result]


def split_sources(data: str):
    """(the data cross-validation tests on, the data every fold trains on
    besides): public out_of_scope examples are never tested."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    path = Path(data)
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    own = [load_data(str(f)) for f in files if f.name != PUBLIC_OUT_OF_SCOPE.name]
    public = [load_data(str(f)) for f in files if f.name == PUBLIC_OUT_OF_SCOPE.name]
    return TrainingData().merge(*own), TrainingData().merge(*public)


def cross_validated_predictions(config: str, data: str, folds: int, seed: int, workdir: Path):
    training_data, always_trained = split_sources(data)
    examples = training_data.intent_examples
    test_folds = stratified_folds([e.get("intent") for e in examples], folds, seed)
    pooled = []
    for number, test_indexes in enumerate(test_folds, start=1):
        test_ids = {id(examples[i]) for i in test_indexes}
        fold_data = training_data.filter_training_examples(
            lambda e, test_ids=test_ids: id(e) not in test_ids).merge(always_trained)
        fold_dir = workdir / f"fold{number}"
        fold_dir.mkdir(parents=True)
        fold_file = fold_dir / "nlu.yml"
        fold_file.write_text(fold_data.nlu_as_yaml(), encoding="utf-8")
        print(f"fold {number}/{folds}: training on {len(fold_data.intent_examples)} examples "
              f"({len(always_trained.intent_examples)} of them public out_of_scope), "
              f"testing on {len(test_indexes)} ...", flush=True)
        model, seconds = train_model(config, str(fold_file), fold_dir, f"fold{number}")
        print(f"fold {number}/{folds}: trained in {seconds:.1f} s", flush=True)
        parser = ModelParser(model)
        predictions, _ = predict(parser, [examples[i] for i in test_indexes])
        parser.close()
        pooled.extend(predictions)
    return pooled


def best_setting(predictions: Sequence[Prediction]):
    """(margin, sweep, best row) with the best accuracy; ties go to the
    smaller margin, which sends more near misses to out_of_scope."""
    gated = any(p.scope_margin is not None for p in predictions)
    settings = []
    for margin in (MARGINS if gated else (None,)):
        sweep = threshold_sweep([p.gated_at(margin) for p in predictions], SWEEP)
        settings.append((margin, sweep, choose_threshold(sweep)))
    return max(settings, key=lambda s: (round(s[2]["accuracy"], 4), -_margin_order(s[0])))


def _margin_order(margin):
    return float("inf") if margin is None else margin


def print_sweep(sweep, best, configured: float) -> None:
    print("Fallback threshold sweep: threshold, accuracy, in-scope accuracy, oos recall")
    for row in sweep:
        marker = "  <- best" if row is best else ("  <- configured" if row["threshold"] == configured else "")
        print(f"  {row['threshold']:.2f} {row['accuracy']:.3f} {row['in_scope_accuracy']:.3f} "
              f"{row['oos_recall']:.3f}{marker}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--data", default="data/nlu")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    quiet_logs()
    with tempfile.TemporaryDirectory(prefix="tongban-cv-") as tmp:
        predictions = cross_validated_predictions(args.config, args.data, args.folds, args.seed, Path(tmp))

    configured = configured_threshold(args.config)
    gate_enabled, configured_margin = configured_scope_gate(args.config)
    print(f"\n{args.folds}-fold cross-validation on {args.data}: {len(predictions)} predictions pooled")
    margin, sweep, best = best_setting(predictions)
    if gate_enabled:
        print("Scope gate margin: best threshold, accuracy, oos precision, oos recall")
        for candidate in MARGINS:
            candidate_sweep = threshold_sweep([p.gated_at(candidate) for p in predictions], SWEEP)
            row = choose_threshold(candidate_sweep)
            scores = intent_scores([p.gated_at(candidate) for p in predictions], row["threshold"])
            marker = ("  <- best" if candidate == margin
                      else "  <- configured" if candidate == configured_margin else "")
            print(f"  {str(candidate):>5} {row['threshold']:.2f} {row['accuracy']:.3f} "
                  f"{scores['oos_precision'] or 0:.3f} {scores['oos_recall'] or 0:.3f}{marker}")
    print(f"\nAt scope gate margin {margin}:")
    print_sweep(sweep, best, configured)
    chosen = [p.gated_at(margin) for p in predictions]
    overall = intent_scores(chosen, best["threshold"])
    print(f"\nIntent accuracy at threshold {best['threshold']:.2f}, margin {margin}: "
          f"all {overall['intent_accuracy']:.3f} (oos precision {overall['oos_precision'] or 0:.3f}, "
          f"recall {overall['oos_recall'] or 0:.3f})")
    for name in CATEGORIES:
        subset = [p for p in chosen if p.category == name]
        if subset:
            print(f"  {name:8} {len(subset):5d} {intent_scores(subset, best['threshold'])['intent_accuracy']:.3f}")
    print("20 worst confusions (true -> predicted, count, example)")
    for true, guess, count, example in worst_confusions(chosen, best["threshold"]):
        print(f"  {true:30} -> {guess:30} {count:3d}  {example[:60]!r}")
    verdict = "PASS" if overall["intent_accuracy"] >= CV_GOAL else "FAIL"
    print(f"{verdict} {args.folds}-fold cross-validation accuracy {overall['intent_accuracy']:.3f} (goal >= {CV_GOAL})")
    print(f"\nchosen threshold: {best['threshold']:.2f} (configured: {configured}); "
          f"scope gate margin: {margin} (configured: {configured_margin if gate_enabled else 'no gate'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
