"""Fixtures shared by the suites: a whole Tongban stack started from the Procfile."""
from pathlib import Path

import pytest

from tools.stack import ROOT, Stack, stack_env

MODEL = ROOT / "models" / "tongban.tar.gz"


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """govapi, actions, Rasa and the gateway on free ports with their own SQLite files."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it for you)")
    var_dir: Path = tmp_path_factory.mktemp("stack")
    running = Stack(stack_env(var_dir), var_dir)
    running.start(["govapi", "actions", "rasa", "gateway"])
    yield running
    running.stop()
