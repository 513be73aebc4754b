"""Choose the fallback threshold by cross-validation on the training data.

The held-out set (tests/nlu/holdout) stays unseen: data/nlu is split into
``--folds`` folds stratified by intent; for each fold a model is trained from
config.yml on the other folds (into a temporary directory, models/ is never
touched) and the fold itself is parsed. The predictions of all folds are
pooled, swept over the thresholds of ``make eval`` and the threshold with the
best overall accuracy (nlu_fallback scored as out_of_scope) is printed; put
it into config.yml (FallbackClassifier threshold).
"""
import argparse
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import List, Sequence

from nlu.evaluate import SWEEP, predict
from nlu.evaluation_metrics import CATEGORIES, choose_threshold, intent_scores, threshold_sweep
from nlu.model_runner import ModelParser, quiet_logs, train_model
from nlu.pipeline_config import configured_threshold


def stratified_folds(labels: Sequence[str], folds: int, seed: int = 42) -> List[List[int]]:
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
    result: List[List[int]] = [[] for _ in range(folds)]
    position = 0
    for label in sorted(by_label):
        indexes = by_label[label]
        rng.shuffle(indexes)
        for index in indexes:
            result[position % folds].append(index)
            position += 1
    return [sorted(fold) for fold in result]


def cross_validated_predictions(config: str, data: str, folds: int, seed: int, workdir: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    training_data = load_data(data)
    examples = training_data.intent_examples
    test_folds = stratified_folds([e.get("intent") for e in examples], folds, seed)
    pooled = []
    for number, test_indexes in enumerate(test_folds, start=1):
        test_ids = {id(examples[i]) for i in test_indexes}
        fold_data = training_data.filter_training_examples(lambda e: id(e) not in test_ids)
        fold_dir = workdir / f"fold{number}"
        fold_dir.mkdir(parents=True)
        fold_file = fold_dir / "nlu.yml"
        fold_file.write_text(fold_data.nlu_as_yaml(), encoding="utf-8")
        print(f"fold {number}/{folds}: training on {len(fold_data.intent_examples)} examples, "
              f"testing on {len(test_indexes)} ...", flush=True)
        model, seconds = train_model(config, str(fold_file), fold_dir, f"fold{number}")
        print(f"fold {number}/{folds}: trained in {seconds:.1f} s", flush=True)
        parser = ModelParser(model)
        predictions, _ = predict(parser, [examples[i] for i in test_indexes])
        parser.close()
        pooled.extend(predictions)
    return pooled


def main(argv: List[str]) -> int:
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
    sweep = threshold_sweep(predictions, SWEEP)
    best = choose_threshold(sweep)
    print(f"\n{args.folds}-fold cross-validation on {args.data}: {len(predictions)} predictions pooled")
    print("Fallback threshold sweep: threshold, accuracy, in-scope accuracy, oos recall")
    for row in sweep:
        marker = "  <- best" if row is best else ("  <- configured" if row["threshold"] == configured else "")
        print(f"  {row['threshold']:.2f} {row['accuracy']:.3f} {row['in_scope_accuracy']:.3f} {row['oos_recall']:.3f}{marker}")
    print(f"\nIntent accuracy at {best['threshold']:.2f} per category")
    for name in CATEGORIES:
        subset = [p for p in predictions if p.category == name]
        if subset:
            print(f"  {name:8} {len(subset):5d} {intent_scores(subset, best['threshold'])['intent_accuracy']:.3f}")
    print(f"\nchosen threshold: {best['threshold']:.2f} (configured: {configured})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
