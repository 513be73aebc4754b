"""The trainers' loop through the whole stack: a message the model is unsure about reaches the
inbox masked, a trainer labels it in the desk, it is exported into a copy of the training data,
a candidate is trained and compared, and the candidate classifies the message as labelled.
The gate refuses a deliberately damaged candidate. (Several minutes: two trainings.)"""
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml

from tests.desk.desk_client import Staff, create_staff
from tests.e2e.chatting import Chat
from tools.stack import ROOT

CURRENT_MODEL = ROOT / "models" / "tongban.tar.gz"
MESSAGE = "我叫王小明，捡到一只流浪狗要去哪里登记，电话13912345678"
MASKED = "我叫**，捡到一只流浪狗要去哪里登记，电话139****5678"
LABEL = "service_guide"


def curation(*args: str, env=None, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "curation", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def trainer(stack):
    done = create_staff(stack.env["GATEWAY_DATABASE_URL"], "loop_trainer", "trainer", env=stack.env)
    assert done.returncode == 0 or "taken" in done.stderr, done.stderr
    return Staff(stack.url("gateway"), "loop_trainer")


@pytest.fixture
def project(tmp_path):
    shutil.copy(ROOT / "config.yml", tmp_path / "config.yml")
    for name in ("domain", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def _inbox_item(trainer, text: str, timeout_s: float = 15) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for item in trainer.call("GET", "/api/desk/curation/items")["items"]:
            if item["text"] == text:
                return item
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not reach the inbox")


def _load_model(stack, model: Path) -> None:
    response = requests.put(f"{stack.url('rasa')}/model", params={"token": stack.env["RASA_TOKEN"]},
                            json={"model_file": str(model)}, timeout=300)
    assert response.status_code == 204, response.text


def _understood(stack, message: str) -> str:
    chat = Chat(stack.url("gateway"))
    chat.say(message)
    tracker = requests.get(f"{stack.url('rasa')}/conversations/web:{chat.sender}/tracker",
                           params={"token": stack.env["RASA_TOKEN"], "include_events": "NONE"}, timeout=10).json()
    return tracker["latest_message"]["intent"]["name"]


def test_label_export_retrain_and_compare(stack, trainer, project, tmp_path):
    before = _understood(stack, MESSAGE)
    assert before != LABEL, "the message must be one the current model gets wrong"
    item = _inbox_item(trainer, MASKED)
    assert "13912345678" not in str(item) and "王小明" not in str(item)
    assert item["predicted_intent"] == before or before == "nlu_fallback"
    trainer.call("POST", f"/api/desk/curation/items/{item['id']}/label", {"intent": LABEL})

    env = dict(stack.env, INTENT_CATALOGUE=str(tmp_path / "absent.md"))
    curated = tmp_path / "curated.yml"
    exported = curation("export", "--project", str(project), "--curated", str(curated), env=env)
    assert exported.returncode == 0, exported.stderr
    guide = yaml.safe_load((project / "data/nlu/services.yml").read_text(encoding="utf-8"))
    examples = next(b["examples"] for b in guide["nlu"] if b.get("intent") == LABEL)
    assert f"- {MASKED}" in examples.splitlines()

    started = time.monotonic()
    retrained = curation("retrain", "--project", str(project), "--out", str(tmp_path / "models"),
                         "--current", str(CURRENT_MODEL), "--curated", str(curated), env=env)
    print(f"label -> retrained and compared: {time.monotonic() - started:.0f} s")
    assert "intent accuracy" in retrained.stdout and "curated all" in retrained.stdout, retrained.stderr[-3000:]
    assert retrained.returncode in (0, 1) and ("ACCEPTED" in retrained.stdout or "REFUSED" in retrained.stdout)
    curated_row = next(line for line in retrained.stdout.splitlines() if line.startswith("curated all"))
    assert curated_row.split()[3] == "1.000", curated_row

    candidate = tmp_path / "models" / "candidate.tar.gz"
    _load_model(stack, candidate)
    try:
        assert _understood(stack, MESSAGE) == LABEL
    finally:
        _load_model(stack, CURRENT_MODEL)


def test_the_gate_refuses_a_damaged_candidate(tmp_path):
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component["name"] == "nlu.components.intent_classifier.LinearIntentClassifier":
            component["C"] = 1e-6   # the damage: a classifier that has barely learnt anything
    damaged_config = tmp_path / "damaged.yml"
    damaged_config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    trained = subprocess.run([sys.executable, "-m", "rasa", "train", "nlu", "--config", str(damaged_config),
                              "--nlu", str(ROOT / "data/nlu"), "--out", str(tmp_path), "--fixed-model-name",
                              "damaged"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert trained.returncode == 0, trained.stdout[-3000:]
    compared = curation("compare", str(CURRENT_MODEL), str(tmp_path / "damaged.tar.gz"),
                        "--curated", str(tmp_path / "none.yml"))
    assert compared.returncode == 1, compared.stdout + compared.stderr[-3000:]
    assert "REFUSED" in compared.stdout and "held-out zh" in compared.stdout
