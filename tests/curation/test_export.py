"""Export of curated inbox items into a copy of the project's Rasa files: readable diffs, no
duplicates, conflicts reported, a new intent with its domain entry, registry entry, rule and catalogue row."""
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.migrate import migrated_engine
from curation.export import export
from curation.inbox import CurationInbox, Sighting
from curation.training_data import Project, annotated, plain
from registry.intents import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path):
    shutil.copy(ROOT / "config.yml", tmp_path / "config.yml")
    for name in ("domain", "data", "registry"):
        shutil.copytree(ROOT / name, tmp_path / name)
    catalogue = tmp_path / "intents.md"
    catalogue.write_text("# Intents\n\n| intent | wants | zh | en |\n|---|---|---|---|\n| greet | hi | 你好 | hi |\n\n"
                         "Entities: none.\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    return Project(tmp_path, catalogue)


@pytest.fixture
def inbox(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    return CurationInbox(engine)


def _labelled(inbox, text, intent, entities=(), proposal=None):
    item = inbox.add(Sighting(text, "web:x", 1, "out_of_scope", 0.1, None), "fallback")
    if proposal:
        return inbox.propose(item["id"], proposal, None)
    return inbox.label(item["id"], intent, list(entities), None)


def test_annotation_round_trip():
    line = annotated("苏州的社保卡挂失在哪弄", [{"start": 0, "end": 2, "entity": "city"}])
    assert line == "[苏州](city)的社保卡挂失在哪弄"
    assert plain(line) == "苏州的社保卡挂失在哪弄"
    assert plain('[昆山]{"entity": "county", "value": "320583"}在哪') == "昆山在哪"


def test_examples_go_to_the_end_of_their_intents_block_sorted(project, inbox, tmp_path):
    _labelled(inbox, "社保卡被ATM吞了咋整", "social_security_card")
    _labelled(inbox, "苏州的社保卡挂失在哪弄", "social_security_card", [{"start": 0, "end": 2, "entity": "city"}])
    result = export(inbox, project, tmp_path / "curated.yml")
    assert result.added == {"social_security_card": ["[苏州](city)的社保卡挂失在哪弄", "社保卡被ATM吞了咋整"]}
    diff = subprocess.run(["git", "diff", "-U0"], cwd=project.root, capture_output=True, text=True).stdout
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+    - [苏州](city)的社保卡挂失在哪弄", "+    - 社保卡被ATM吞了咋整"]
    data = yaml.safe_load(project.file_of("social_security_card").read_text(encoding="utf-8"))
    block = next(b for b in data["nlu"] if b.get("intent") == "social_security_card")
    assert block["examples"].rstrip().endswith("- 社保卡被ATM吞了咋整")
    assert inbox.to_export() == [] and len(inbox.items("exported")) == 2
    curated = yaml.safe_load((tmp_path / "curated.yml").read_text(encoding="utf-8"))
    assert curated["nlu"][0]["intent"] == "social_security_card"


def test_no_duplicates_and_conflicts_are_reported(project, inbox, tmp_path):
    existing = next(iter(project.examples_by_text().items()))
    text, intent = existing
    _labelled(inbox, text, intent)
    other = "social_security_card" if intent != "social_security_card" else "greet"
    conflict = next(t for t, i in project.examples_by_text().items() if i == other)
    _labelled(inbox, conflict + " ", intent)
    result = export(inbox, project, tmp_path / "curated.yml")
    assert result.added == {} and len(result.skipped) == 1 and len(result.conflicts) == 1
    assert subprocess.run(["git", "diff", "--quiet"], cwd=project.root).returncode == 0
    assert len(inbox.to_export()) == 1, "a conflict stays for the trainer to look at"


def test_a_new_intent_gets_its_block_domain_entry_registry_entry_rule_and_catalogue_row(project, inbox, tmp_path):
    _labelled(inbox, "how do I register my dog in Nanjing", None,
              proposal={"name": "dog_registration", "description": "register a pet dog", "domain": "services"})
    result = export(inbox, project, tmp_path / "curated.yml")
    assert result.new_intents == ["dog_registration"]
    assert project.file_of("dog_registration") == project.nlu_dir / "services.yml"
    domain = yaml.safe_load((project.domain / "services.yml").read_text(encoding="utf-8"))
    assert "dog_registration" in domain["intents"]
    entry = load(project.registry).intents["dog_registration"]
    assert (entry.area, entry.handled_by) == ("services", "hotline")
    rules = yaml.safe_load((project.root / "data/rules/routing.yml").read_text(encoding="utf-8"))
    assert [{"intent": "dog_registration"}, {"action": "utter_human_handover"}, {"action": "action_handoff"}] \
        in [rule["steps"] for rule in rules["rules"]]
    assert "| dog_registration | register a pet dog | — | how do I register my dog in Nanjing |" in \
        project.catalogue.read_text(encoding="utf-8").splitlines()
