"""A model trained once per test session from the real config.yml pipeline
on data/nlu (the linear intent classifier trains in well under a minute)."""
from pathlib import Path

import pytest
import yaml

from nlu.evaluation.model_runner import ModelParser, quiet_logs, train_model

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def trained_parser(tmp_path_factory):
    quiet_logs()
    workdir = tmp_path_factory.mktemp("nlu-model")
    config = yaml.safe_load((REPO / "config.yml").read_text(encoding="utf-8"))
    config.pop("policies", None)
    config_path = workdir / "config.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    model, _ = train_model(str(config_path), str(REPO / "data" / "nlu"), workdir, "test-nlu")
    parser = ModelParser(model)
    yield parser
    parser.close()
