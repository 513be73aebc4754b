"""Evaluate the NLU pipeline on the held-out sets.

By default a fresh model is trained from config.yml on data/nlu into a
temporary directory (so the figures always match the current data and code;
models/ is never touched). ``--model PATH`` evaluates an existing model.

Two sets are parsed: ``tests/nlu/holdout`` (older; it guided earlier rounds
of data writing) and ``tests/nlu/fresh`` (frozen before NLU round 2, never
used to choose data or settings). Examples whose intent is not among the
intents of the training data (``--data``) are counted and reported as
skipped, not scored. For each set and language category (zh / en / mixed /
zh_hant, detected from the text): intent accuracy, macro-F1, out_of_scope
precision and recall; entity P/R/F1 per type. Date value accuracy comes
from tests/nlu/dates/values.yml (fixed today). PASS/FAIL per goal of
NLU round 2 (fresh set) and of issue 4 (holdout). Writes
var/eval/confusion_matrix.png (fresh set) and var/eval/report.json.
Always exits 0 when the evaluation ran: the figures are the result.
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlu.components.intent_classifier import SCOPE_GATE
from nlu.evaluation.date_values import date_value_accuracy
from nlu.evaluation.metrics import (
    CATEGORIES,
    RULE_BASED_ENTITIES,
    Prediction,
    choose_threshold,
    entity_scores,
    intent_scores,
    language_category,
    threshold_sweep,
    worst_confusions,
)
from nlu.evaluation.model_runner import ModelParser, quiet_logs, top_intent_before_fallback, train_model
from nlu.evaluation.pipeline_config import configured_threshold

HOLDOUT, FRESH = "holdout", "fresh"
SETS = {HOLDOUT: "tests/nlu/holdout", FRESH: "tests/nlu/fresh"}
HOLDOUT_INTENT_GOAL = 0.95
HOLDOUT_ENTITY_F1_GOAL = 0.95
FRESH_INTENT_GOAL = 0.97
FRESH_OOS_RECALL_GOAL = 0.92
FRESH_OOS_PRECISION_GOAL = 0.90
FRESH_ENTITY_F1_GOALS = {"date": 0.95, "county": 0.98, "city": 0.98}
PARSE_P50_GOAL_MS = 10.0
SWEEP = [round(0.05 * step, 2) for step in range(0, 20)]


def load_examples(folder: str):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(folder).training_examples


def known_intents(data: str) -> set[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    return set(load_data(data).intents)


def split_known(examples, known: set[str]) -> tuple[list, Counter]:
    """The examples the model can be scored on, and a count of the others per intent."""
    scored = [e for e in examples if e.get("intent") in known]
    skipped = Counter(e.get("intent") for e in examples if e.get("intent") not in known)
    return scored, skipped


def predict(parser: ModelParser, examples) -> tuple[list[Prediction], list[float]]:
    predictions, latencies = [], []
    for example in examples:
        text = example.get("text")
        started = time.perf_counter()
        parse = parser.parse(text)
        latencies.append((time.perf_counter() - started) * 1000)
        intent, confidence = top_intent_before_fallback(parse)
        gate = parse.get(SCOPE_GATE) or {}
        predictions.append(Prediction(
            text=text, category=language_category(text), true_intent=example.get("intent"),
            classifier_intent=intent, confidence=confidence,
            true_entities=list(example.get("entities") or []),
            predicted_entities=[e for e in parse.get("entities", []) if e.get("entity") != "message_language"],
            scope_margin=gate.get("margin"), ungated_intent=gate.get("intent"),
        ))
    return predictions, latencies


def save_confusion_matrix(predictions: list[Prediction], threshold: float, title: str, path: Path) -> None:
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
    axes.set_title(f"{title} (fallback threshold {threshold})")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80)
    plt.close(figure)


def _fmt(value) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


def report(name: str, predictions: list[Prediction], skipped: Counter, threshold: float) -> dict:
    by_category = {c: [p for p in predictions if p.category == c] for c in CATEGORIES}
    result: dict[str, Any] = {"overall": intent_scores(predictions, threshold), "categories": {},
                              "skipped": dict(skipped), "skipped_examples": sum(skipped.values())}
    print(f"\n=== {name}: {len(predictions)} scored, {sum(skipped.values())} skipped"
          f" (intents the model does not know: {dict(sorted(skipped.items())) or 'none'})")
    print(f"Intents at fallback threshold {threshold} (nlu_fallback scored as out_of_scope)")
    print(f"{'category':10} {'n':>5} {'accuracy':>9} {'macro-F1':>9} {'oos n':>6} {'oos P':>7} {'oos R':>7}")
    for category, subset in [("all", predictions)] + list(by_category.items()):
        scores = intent_scores(subset, threshold) if subset else None
        if category != "all":
            result["categories"][category] = scores
        if scores:
            print(f"{category:10} {scores['examples']:5d} {scores['intent_accuracy']:9.3f} {scores['macro_f1']:9.3f}"
                  f" {scores['oos_examples']:6d} {_fmt(scores['oos_precision']):>7} {_fmt(scores['oos_recall']):>7}")
        else:
            print(f"{category:10}     0  (no examples)")
    types = sorted({e["entity"] for p in predictions for e in p.true_entities} | set(RULE_BASED_ENTITIES))
    result["entities"] = {"all": entity_scores(predictions, types)}
    for category, subset in by_category.items():
        result["entities"][category] = entity_scores(subset, types)
    print(f"Entities (span + value) {'':14} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'predicted':>9}")
    for entity_type, s in result["entities"]["all"].items():
        print(f"{entity_type:38} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
              f"{s['support']:8d} {s['predicted']:9d}")
    print("20 worst confusions (true -> predicted, count, example)")
    for true, guess, count, example in worst_confusions(predictions, threshold):
        print(f"  {true:30} -> {guess:30} {count:3d}  {example[:60]!r}")
    result["misclassified"] = [
        {"text": p.text, "category": p.category, "true": p.true_intent,
         "predicted": p.intent_at(threshold), "confidence": round(p.confidence, 3)}
        for p in predictions if p.intent_at(threshold) != p.true_intent]
    return result


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _intent_accuracy_lines(result: dict, name: str, goal: float, goal_label: str) -> list[str]:
    lines = []
    for category in CATEGORIES:
        scores = result["categories"].get(category)
        accuracy = scores["intent_accuracy"] if scores else 0.0
        lines.append(f"{_verdict(accuracy >= goal)} {name} intent accuracy {category} "
                     f"{accuracy:.3f} ({goal_label} >= {goal})")
    return lines


def goal_lines(results: dict[str, dict], dates: dict, parse_p50: float) -> list[str]:
    fresh = results[FRESH]
    lines = _intent_accuracy_lines(fresh, "fresh", FRESH_INTENT_GOAL, "goal")
    overall = fresh["overall"]
    recall, precision = overall["oos_recall"] or 0.0, overall["oos_precision"] or 0.0
    lines.append(f"{_verdict(recall >= FRESH_OOS_RECALL_GOAL and precision >= FRESH_OOS_PRECISION_GOAL)} "
                 f"fresh out_of_scope recall {recall:.3f} at precision {precision:.3f} "
                 f"(goal recall >= {FRESH_OOS_RECALL_GOAL} at precision >= {FRESH_OOS_PRECISION_GOAL})")
    for entity_type, goal in FRESH_ENTITY_F1_GOALS.items():
        s = fresh["entities"]["all"][entity_type]
        lines.append(f"{_verdict(s['support'] > 0 and s['f1'] >= goal)} fresh entity F1 {entity_type} "
                     f"{s['f1']:.3f} (goal >= {goal})")
    lines.append(f"info date value accuracy {dates['accuracy']:.3f} ({dates['correct']}/{dates['dates']}, "
                 f"tests/nlu/dates/values.yml, today {dates['today']})")
    lines.append(f"{_verdict(parse_p50 <= PARSE_P50_GOAL_MS)} parse p50 {parse_p50:.1f} ms "
                 f"(goal <= {PARSE_P50_GOAL_MS})")
    holdout = results[HOLDOUT]
    lines += _intent_accuracy_lines(holdout, "holdout", HOLDOUT_INTENT_GOAL, "issue 4 goal")
    for entity_type in RULE_BASED_ENTITIES:
        s = holdout["entities"]["all"][entity_type]
        lines.append(f"{_verdict(s['support'] > 0 and s['f1'] >= HOLDOUT_ENTITY_F1_GOAL)} holdout entity F1 "
                     f"{entity_type} {s['f1']:.3f} (issue 4 goal >= {HOLDOUT_ENTITY_F1_GOAL})")
    return lines


def _percentiles(latencies: Sequence[float]) -> dict[str, float]:
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
    return {"p50": statistics.median(latencies), "p95": p95}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="evaluate this model instead of training one")
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--data", default="data/nlu")
    parser.add_argument("--holdout", default=SETS[HOLDOUT])
    parser.add_argument("--fresh", default=SETS[FRESH])
    parser.add_argument("--out", default="var/eval")
    args = parser.parse_args(argv)
    quiet_logs()
    out = Path(args.out)
    known = known_intents(args.data)
    folders = {HOLDOUT: args.holdout, FRESH: args.fresh}
    predictions: dict[str, list[Prediction]] = {}
    skipped: dict[str, Counter] = {}
    latencies: list[float] = []
    with tempfile.TemporaryDirectory(prefix="tongban-eval-") as tmp:
        training_seconds = None
        if args.model:
            model = Path(args.model)
        else:
            print(f"training on {args.data} with {args.config} into {tmp} ...", flush=True)
            model, training_seconds = train_model(args.config, args.data, Path(tmp), "eval")
            print(f"training time: {training_seconds:.1f} s")
        runner = ModelParser(model)
        for name, folder in folders.items():
            scored, skipped[name] = split_known(load_examples(folder), known)
            predictions[name], set_latencies = predict(runner, scored)
            latencies.extend(set_latencies)
        runner.close()

    threshold = configured_threshold(args.config)
    results = {name: report(f"{name} ({folders[name]})", predictions[name], skipped[name], threshold)
               for name in folders}
    summary: dict[str, Any] = {"threshold": threshold, "training_seconds": training_seconds, "sets": results,
                               "parse_ms": _percentiles(latencies)}
    print(f"\nparse latency over {len(latencies)} messages: p50 {summary['parse_ms']['p50']:.1f} ms, "
          f"p95 {summary['parse_ms']['p95']:.1f} ms")

    sweep = threshold_sweep(predictions[HOLDOUT], SWEEP)
    best = choose_threshold(sweep)
    summary["holdout_threshold_sweep"] = sweep
    print("\nFallback threshold sweep on the holdout set (information only; make choose-threshold chooses):")
    print("  threshold, accuracy, in-scope accuracy, oos recall")
    for row in sweep:
        marker = "  <- best" if row is best else ("  <- configured" if row["threshold"] == threshold else "")
        print(f"  {row['threshold']:.2f} {row['accuracy']:.3f} {row['in_scope_accuracy']:.3f} "
              f"{row['oos_recall']:.3f}{marker}")

    summary["date_values"] = date_value_accuracy()
    for miss in summary["date_values"]["misses"]:
        print(f"date value miss: {miss['text']!r} expected {miss['expected']} found {miss['found']}")
    print("\nGoals (NLU round 2 on the fresh set; issue 4 on the holdout set)")
    for line in goal_lines(results, summary["date_values"], summary["parse_ms"]["p50"]):
        print(line)
    save_confusion_matrix(predictions[FRESH], threshold, "Fresh held-out intents", out / "confusion_matrix.png")
    (out / "report.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwrote {out / 'confusion_matrix.png'} and {out / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
