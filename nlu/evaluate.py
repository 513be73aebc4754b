"""Evaluate the NLU pipeline on the held-out set (tests/nlu/holdout/*.yml).

By default a fresh model is trained from config.yml on data/nlu into a
temporary directory (so the figures always match the current data and code;
models/ is never touched). ``--model PATH`` evaluates an existing model.

Prints per language category (zh / en / mixed / zh_hant, detected from the
text) intent accuracy, macro-F1, out_of_scope recall and entity P/R/F1 per
type; the 20 worst confusions; a fallback-threshold sweep; PASS/FAIL per goal
of issue 4. Writes var/eval/confusion_matrix.png and var/eval/report.json.
Always exits 0 when the evaluation ran: the figures are the result.
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from nlu.evaluation_metrics import (
    CATEGORIES, FALLBACK, OUT_OF_SCOPE, RULE_BASED_ENTITIES, Prediction, choose_threshold,
    entity_scores, intent_scores, language_category, threshold_sweep, worst_confusions,
)
from nlu.model_runner import ModelParser, quiet_logs, top_intent_before_fallback, train_model
from nlu.pipeline_config import configured_threshold

INTENT_GOAL = 0.95
ENTITY_F1_GOAL = 0.95
SWEEP = [round(0.05 * step, 2) for step in range(0, 20)]


def load_holdout(folder: str):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(folder).training_examples


def predict(parser: ModelParser, examples) -> (List[Prediction], List[float]):
    predictions, latencies = [], []
    for example in examples:
        text = example.get("text")
        started = time.perf_counter()
        parse = parser.parse(text)
        latencies.append((time.perf_counter() - started) * 1000)
        intent, confidence = top_intent_before_fallback(parse)
        predictions.append(Prediction(
            text=text, category=language_category(text), true_intent=example.get("intent"),
            classifier_intent=intent, confidence=confidence,
            true_entities=list(example.get("entities") or []),
            predicted_entities=[e for e in parse.get("entities", []) if e.get("entity") != "message_language"],
        ))
    return predictions, latencies


def save_confusion_matrix(predictions: List[Prediction], threshold: float, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    truth = [p.true_intent for p in predictions]
    guess = [p.intent_at(threshold) for p in predictions]
    labels = sorted(set(truth) | set(guess))
    figure, axes = plt.subplots(figsize=(22, 20))
    ConfusionMatrixDisplay.from_predictions(truth, guess, labels=labels, ax=axes, colorbar=False,
                                            xticks_rotation="vertical", include_values=True)
    axes.set_title(f"Held-out intents (fallback threshold {threshold})")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80)
    plt.close(figure)


def _fmt(value) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


def report(predictions: List[Prediction], threshold: float) -> Dict:
    by_category = {c: [p for p in predictions if p.category == c] for c in CATEGORIES}
    result = {"threshold": threshold, "overall": intent_scores(predictions, threshold), "categories": {}}
    print(f"\nIntents at fallback threshold {threshold} (nlu_fallback scored as out_of_scope)")
    print(f"{'category':10} {'n':>5} {'accuracy':>9} {'macro-F1':>9} {'oos n':>6} {'oos recall':>10}")
    for name, subset in [("all", predictions)] + list(by_category.items()):
        scores = intent_scores(subset, threshold) if subset else None
        if name != "all":
            result["categories"][name] = scores
        if scores:
            print(f"{name:10} {scores['examples']:5d} {scores['intent_accuracy']:9.3f} {scores['macro_f1']:9.3f}"
                  f" {scores['oos_examples']:6d} {_fmt(scores['oos_recall']):>10}")
        else:
            print(f"{name:10}     0  (no held-out examples)")
    types = sorted({e["entity"] for p in predictions for e in p.true_entities} | set(RULE_BASED_ENTITIES))
    result["entities"] = {"all": entity_scores(predictions, types)}
    for name, subset in by_category.items():
        result["entities"][name] = entity_scores(subset, types)
    print(f"\nEntities (span + value) {'':14} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'predicted':>9}")
    for entity_type, s in result["entities"]["all"].items():
        print(f"{entity_type:38} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['support']:8d} {s['predicted']:9d}")
    return result


def print_goals(result: Dict) -> None:
    print("\nGoals (issue 4)")
    for name in CATEGORIES:
        scores = result["categories"].get(name)
        if not scores:
            print(f"FAIL intent accuracy {name}: no held-out examples")
            continue
        verdict = "PASS" if scores["intent_accuracy"] >= INTENT_GOAL else "FAIL"
        print(f"{verdict} intent accuracy {name} {scores['intent_accuracy']:.3f} (goal >= {INTENT_GOAL})")
    for entity_type in RULE_BASED_ENTITIES:
        s = result["entities"]["all"][entity_type]
        if not s["support"]:
            print(f"FAIL entity F1 {entity_type}: no annotated held-out examples")
            continue
        verdict = "PASS" if s["f1"] >= ENTITY_F1_GOAL else "FAIL"
        print(f"{verdict} entity F1 {entity_type} {s['f1']:.3f} (goal >= {ENTITY_F1_GOAL})")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="evaluate this model instead of training one")
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--data", default="data/nlu")
    parser.add_argument("--holdout", default="tests/nlu/holdout")
    parser.add_argument("--out", default="var/eval")
    args = parser.parse_args(argv)
    quiet_logs()
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="tongban-eval-") as tmp:
        training_seconds = None
        if args.model:
            model = Path(args.model)
        else:
            print(f"training on {args.data} with {args.config} into {tmp} ...", flush=True)
            model, training_seconds = train_model(args.config, args.data, Path(tmp), "eval")
            print(f"training time: {training_seconds:.1f} s")
        runner = ModelParser(model)
        predictions, latencies = predict(runner, load_holdout(args.holdout))
        runner.close()

    threshold = configured_threshold(args.config)
    result = report(predictions, threshold)
    result["training_seconds"] = training_seconds
    result["parse_ms"] = {"p50": statistics.median(latencies),
                          "p95": statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]}
    print(f"\nparse latency: p50 {result['parse_ms']['p50']:.1f} ms, p95 {result['parse_ms']['p95']:.1f} ms")

    print(f"\n20 worst confusions at threshold {threshold} (true -> predicted, count, example)")
    for true, guess, count, example in worst_confusions(predictions, threshold):
        print(f"  {true:30} -> {guess:30} {count:3d}  {example[:60]!r}")

    sweep = threshold_sweep(predictions, SWEEP)
    best = choose_threshold(sweep)
    result["threshold_sweep"], result["best_threshold"] = sweep, best
    print("\nFallback threshold sweep: threshold, accuracy, in-scope accuracy, oos recall")
    for row in sweep:
        marker = "  <- best" if row is best else ("  <- configured" if row["threshold"] == threshold else "")
        print(f"  {row['threshold']:.2f} {row['accuracy']:.3f} {row['in_scope_accuracy']:.3f} {row['oos_recall']:.3f}{marker}")

    print_goals(result)
    save_confusion_matrix(predictions, threshold, out / "confusion_matrix.png")
    result["misclassified"] = [
        {"text": p.text, "category": p.category, "true": p.true_intent,
         "predicted": p.intent_at(threshold), "confidence": round(p.confidence, 3)}
        for p in predictions if p.intent_at(threshold) != p.true_intent]
    (out / "report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwrote {out / 'confusion_matrix.png'} and {out / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
