"""The trainers' command line (the desk does the same in the browser):

    python -m curation list [--status open]
    python -m curation label ITEM_ID INTENT
    python -m curation dismiss ITEM_ID
    python -m curation export [--project .] [--catalogue PATH]
    python -m curation compare CURRENT.tar.gz CANDIDATE.tar.gz     (exit 1: refused)
    python -m curation retrain [--promote]       (train a candidate, compare, promote if accepted)

The inbox is in GATEWAY_DATABASE_URL's database (default sqlite:///var/gateway.db)."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, inspect

from curation.inbox import CurationError, CurationInbox
from curation.models import CURATION_STATES, OPEN, CurationItem
from registry.domain import names

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "var" / "curation" / "curated.yml"
CATALOGUE = Path(os.environ.get("INTENT_CATALOGUE", ROOT.parent / "shared" / "docs" / "intents.md"))
MODELS = ROOT / "models"


def _inbox() -> CurationInbox:
    """The inbox in the gateway's database, whose schema the gateway keeps (it migrates on start)."""
    url = os.environ.get("GATEWAY_DATABASE_URL", "sqlite:///var/gateway.db")
    engine = create_engine(url, future=True, **({"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}))
    if not inspect(engine).has_table(CurationItem.__tablename__):
        sys.exit(f"no curation inbox in {engine.url!r}: start the gateway once (make run) or run python -m bot.migrate")
    return CurationInbox(engine)


def list_items(args) -> int:
    for item in _inbox().items(args.status, args.limit):
        confidence = "—" if item["confidence"] is None else f"{item['confidence']:.2f}"
        print(f"{item['id']:>6}  x{item['count']:<3} {item['language']}  {item['predicted_intent'] or '—'}"
              f" {confidence}  [{','.join(item['reasons'])}]  {item['text']}"
              + (f"  -> {item['label_intent']}" if item["label_intent"] else ""))
    return 0


def label(args) -> int:
    if args.intent not in names("intents", Path(args.project) / "domain"):
        print(f"error: {args.intent} is not an intent of the domain", file=sys.stderr)
        return 2
    print(json.dumps(_inbox().label(args.item_id, args.intent, [], None), ensure_ascii=False))
    return 0


def dismiss(args) -> int:
    print(json.dumps(_inbox().dismiss(args.item_id, None), ensure_ascii=False))
    return 0


def export_items(args) -> int:
    from curation.export import export
    from curation.training_data import Project

    result = export(_inbox(), Project(Path(args.project), Path(args.catalogue)), Path(args.curated))
    for intent, lines in result.added.items():
        print(f"{intent}: {len(lines)} new example(s)" + (" (new intent)" if intent in result.new_intents else ""))
    for line in result.skipped:
        print(f"already in the training data: {line}")
    for conflict in result.conflicts:
        print(f"conflict, not exported: {conflict}")
    print(f"exported {sum(map(len, result.added.values()))} example(s); all curated examples: {args.curated}")
    return 0


def compare_models(args) -> int:
    from curation.compare import compare_models as run
    from curation.compare import print_comparison
    from nlu.evaluation.model_runner import quiet_logs
    from nlu.evaluation.pipeline_config import configured_threshold

    quiet_logs()
    comparison = run(Path(args.current), Path(args.candidate), args.holdout, Path(args.curated),
                     configured_threshold(args.config))
    print_comparison(comparison)
    return 0 if comparison.accepted else 1


def retrain(args) -> int:
    """Trains a candidate from the project's files, compares it with the current model, promotes it."""
    project, out = Path(args.project), Path(args.out)
    started = time.perf_counter()
    command = [sys.executable, "-m", "rasa", "train", "--data", str(project / "data"),
               "--domain", str(project / "domain"), "--config", str(project / "config.yml"),
               "--out", str(out), "--fixed-model-name", "candidate"]
    trained = subprocess.run(command, cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED="0"))
    if trained.returncode != 0:
        return trained.returncode
    candidate = out / "candidate.tar.gz"
    print(f"candidate trained in {time.perf_counter() - started:.0f} s: {candidate}", flush=True)
    args.candidate, args.config = str(candidate), str(project / "config.yml")
    verdict = compare_models(args)
    print(f"train + compare took {time.perf_counter() - started:.0f} s")
    if verdict == 0 and args.promote:
        current = Path(args.current)
        if current.exists():
            shutil.copy2(current, current.with_name("previous.tar.gz"))
        shutil.move(str(candidate), current)
        print(f"promoted to {current} (the previous model is kept as {current.with_name('previous.tar.gz')});"
              " restart Rasa (make run) to serve it")
    return verdict


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m curation", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="show inbox items")
    listing.add_argument("--status", default=OPEN, choices=CURATION_STATES)
    listing.add_argument("--limit", type=int, default=200)
    listing.set_defaults(run=list_items)
    labelling = commands.add_parser("label", help="label an item with an existing intent")
    labelling.add_argument("item_id", type=int)
    labelling.add_argument("intent")
    labelling.add_argument("--project", default=str(ROOT))
    labelling.set_defaults(run=label)
    dismissing = commands.add_parser("dismiss", help="dismiss an item")
    dismissing.add_argument("item_id", type=int)
    dismissing.set_defaults(run=dismiss)
    exporting = commands.add_parser("export", help="write labelled items into data/nlu")
    exporting.add_argument("--project", default=str(ROOT))
    exporting.add_argument("--catalogue", default=str(CATALOGUE))
    exporting.add_argument("--curated", default=str(CURATED))
    exporting.set_defaults(run=export_items)
    for name, helps in (("compare", "compare two models; exit 1 when the candidate is refused"),
                        ("retrain", "train a candidate from the project, compare it, promote it if accepted")):
        command = commands.add_parser(name, help=helps)
        if name == "compare":
            command.add_argument("current")
            command.add_argument("candidate")
            command.add_argument("--config", default=str(ROOT / "config.yml"))
        else:
            command.add_argument("--current", default=str(MODELS / "tongban.tar.gz"))
            command.add_argument("--project", default=str(ROOT))
            command.add_argument("--out", default=str(MODELS))
            command.add_argument("--promote", action="store_true")
        command.add_argument("--holdout", default=str(ROOT / "tests" / "nlu" / "holdout"))
        command.add_argument("--curated", default=str(CURATED))
        command.set_defaults(run=compare_models if name == "compare" else retrain)
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except CurationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
