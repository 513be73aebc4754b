"""Labelled inbox items → the project's training data, and the file of all curated examples that
`compare` scores models on."""
from collections import defaultdict
from pathlib import Path

import yaml

from curation.inbox import CurationInbox, normalised
from curation.models import EXPORTED
from curation.training_data import ExportResult, Project, annotated, plain

ALL_CURATED = 100_000


def export(inbox: CurationInbox, project: Project, curated_file: Path) -> ExportResult:
    result = ExportResult()
    known = project.examples_by_text()
    new_lines: dict[str, list[str]] = defaultdict(list)
    proposals: dict[str, dict] = {}
    exported_ids: list[int] = []
    for item in inbox.to_export():
        intent, line = item["label_intent"], annotated(item["text"], item["entities"])
        key = normalised(plain(line))
        if known.get(key, intent) != intent:
            result.conflicts.append(f"{line!r} is labelled {intent} here but {known[key]} in the training data")
            continue
        exported_ids.append(item["id"])
        if key in known:
            result.skipped.append(line)
            continue
        known[key] = intent
        new_lines[intent].append(line)
        if item["proposed_intent"]:
            proposals.setdefault(intent, {**item["proposed_intent"], "language": item["language"], "text": line})
    for intent, lines in sorted(new_lines.items()):
        if project.file_of(intent) is None:
            proposal = proposals.get(intent) or {"domain": "general", "description": intent}
            example = plain(proposal.get("text", lines[0]))
            project.add_intent(intent, proposal["domain"], lines, proposal["description"],
                               example_zh=example if proposal.get("language") == "zh" else "",
                               example_en=example if proposal.get("language") == "en" else "")
            result.new_intents.append(intent)
        else:
            project.add_examples(intent, lines)
        result.added[intent] = sorted(lines)
    inbox.mark_exported(exported_ids)
    write_curated(inbox, curated_file)
    return result


def write_curated(inbox: CurationInbox, path: Path) -> None:
    """Every exported example in Rasa's NLU format, the newly curated set of `compare`."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for item in inbox.items(EXPORTED, ALL_CURATED):
        by_intent[item["label_intent"]].append(annotated(item["text"], item["entities"]))
    blocks = [{"intent": intent, "examples": "".join(f"- {line}\n" for line in sorted(lines))}
              for intent, lines in sorted(by_intent.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
