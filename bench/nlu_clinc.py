"""Benchmark: our NLU pipeline vs Rasa's default English pipeline on CLINC150.

CLINC150 (Larson et al. 2019, CC BY 3.0): 150 intents + ``oos``; we train on
the "full" train split with ``oos`` as an ordinary intent and test on the
test split (4,500 in-scope + 1,000 out-of-scope). Both pipelines are trained
and tested in the same run. A prediction of ``nlu_fallback`` counts as
``oos`` (that is how the bot answers); figures without the fallback
classifier are printed beside them.

Environment / options:
  CLINC150_DIR          data folder (default ../shared/data/clinc150 from the repo)
  --train-per-intent N  subsample N training examples per intent, 5N of oos (default: all)
  --test-per-intent N   subsample N test examples per in-scope intent (oos: 10x)
  --only ours|rasa      train just one of the two pipelines
Writes var/bench/nlu_clinc.json. Reference (paper, Table 2, full): Rasa
91.5 / 45.3, BERT 96.9 / 40.3 (in-scope accuracy / oos recall).
"""
import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlu.model_runner import ModelParser, quiet_logs, top_intent_before_fallback, train_model  # noqa: E402

OOS = "oos"
SEED = 42
PAPER = {"Rasa (paper)": (91.5, 45.3), "BERT (paper)": (96.9, 40.3)}

Example = Tuple[str, str]


def clinc_dir() -> Path:
    return Path(os.environ.get("CLINC150_DIR", REPO / ".." / "shared" / "data" / "clinc150")).resolve()


def load_clinc(folder: Path) -> Tuple[List[Example], List[Example]]:
    data = json.loads((folder / "data_full.json").read_text(encoding="utf-8"))
    train = [tuple(pair) for pair in data["train"] + data["oos_train"]]
    test = [tuple(pair) for pair in data["test"] + data["oos_test"]]
    return train, test


def subsample(examples: List[Example], per_intent: int, oos_factor: int = 1) -> List[Example]:
    if not per_intent:
        return examples
    rng = random.Random(SEED)
    by_intent: Dict[str, List[Example]] = {}
    for example in examples:
        by_intent.setdefault(example[1], []).append(example)
    chosen = []
    for intent, items in sorted(by_intent.items()):
        limit = per_intent * (oos_factor if intent == OOS else 1)
        chosen.extend(rng.sample(items, min(limit, len(items))))
    return chosen


def write_training_data(examples: List[Example], path: Path) -> None:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    messages = [Message(data={"text": text, "intent": intent}) for text, intent in examples]
    path.write_text(RasaYAMLWriter().dumps(TrainingData(messages)), encoding="utf-8")


def our_config(path: Path) -> Path:
    config = yaml.safe_load((REPO / "config.yml").read_text(encoding="utf-8"))
    config.pop("policies", None)
    config["language"] = "en"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def rasa_default_config() -> Path:
    import rasa.engine.recipes.default_recipe as recipe

    return Path(recipe.__file__).parent / "config_files" / "default_config.yml"


def evaluate(model: Path, test: List[Example]) -> Dict[str, float]:
    parser = ModelParser(model)
    latencies, with_fallback, classifier_only = [], [], []
    for text, truth in test:
        started = time.perf_counter()
        parse = parser.parse(text)
        latencies.append((time.perf_counter() - started) * 1000)
        predicted = parse["intent"]["name"]
        with_fallback.append((truth, OOS if predicted in ("nlu_fallback", None) else predicted))
        classifier_only.append((truth, top_intent_before_fallback(parse)[0]))
    parser.close()
    return {**_scores(with_fallback, ""), **_scores(classifier_only, "_no_fallback"),
            "parse_ms_p50": statistics.median(latencies),
            "parse_ms_p95": statistics.quantiles(latencies, n=20)[-1]}


def _scores(pairs: List[Tuple[str, str]], suffix: str) -> Dict[str, float]:
    in_scope = [(t, p) for t, p in pairs if t != OOS]
    oos = [(t, p) for t, p in pairs if t == OOS]
    return {f"in_scope_accuracy{suffix}": 100 * sum(t == p for t, p in in_scope) / max(len(in_scope), 1),
            f"oos_recall{suffix}": 100 * sum(p == OOS for _, p in oos) / max(len(oos), 1)}


def run(name: str, config: Path, data: Path, test: List[Example], workdir: Path) -> Dict[str, float]:
    print(f"[{name}] training with {config} ...", flush=True)
    model, seconds = train_model(str(config), str(data), workdir, name)
    print(f"[{name}] trained in {seconds:.0f} s; parsing {len(test)} test messages ...", flush=True)
    result = {"training_seconds": seconds, **evaluate(model, test)}
    print(f"[{name}] {json.dumps(result)}", flush=True)
    return result


def print_table(results: Dict[str, Dict[str, float]]) -> None:
    print(f"\n{'pipeline':24} {'in-scope acc':>12} {'oos recall':>10} {'(no fallback)':>16} {'train s':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for name, r in results.items():
        print(f"{name:24} {r['in_scope_accuracy']:12.1f} {r['oos_recall']:10.1f} "
              f"{r['in_scope_accuracy_no_fallback']:7.1f} /{r['oos_recall_no_fallback']:6.1f} "
              f"{r['training_seconds']:8.0f} {r['parse_ms_p50']:7.1f} {r['parse_ms_p95']:7.1f}")
    for name, (accuracy, recall) in PAPER.items():
        print(f"{name:24} {accuracy:12.1f} {recall:10.1f}")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description="CLINC150 benchmark")
    parser.add_argument("--train-per-intent", type=int, default=0)
    parser.add_argument("--test-per-intent", type=int, default=0)
    parser.add_argument("--only", choices=("ours", "rasa"))
    parser.add_argument("--out", default=str(REPO / "var" / "bench" / "nlu_clinc.json"))
    args = parser.parse_args(argv)
    quiet_logs()
    train, test = load_clinc(clinc_dir())
    train = subsample(train, args.train_per_intent, oos_factor=5)
    test = subsample(test, args.test_per_intent, oos_factor=10)
    print(f"CLINC150 from {clinc_dir()}: {len(train)} training, {len(test)} test examples")
    results: Dict[str, Dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="tongban-clinc-") as tmp:
        workdir = Path(tmp)
        data = workdir / "clinc_train.yml"
        write_training_data(train, data)
        if args.only in (None, "ours"):
            results["tongban pipeline"] = run("ours", our_config(workdir / "ours.yml"), data, test, workdir)
        if args.only in (None, "rasa"):
            results["rasa default (en)"] = run("rasa-default", rasa_default_config(), data, test, workdir)
    print_table(results)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"train_examples": len(train), "test_examples": len(test),
                               "results": results}, indent=1), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
