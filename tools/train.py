"""`make train`: trains the Rasa model only when something it is built from changed.

The fingerprint covers the training data, domain, config and the code and
resources of the custom NLU components. Rasa's own cache reuses unchanged
components (a story change does not retrain the NLU), but it does not see
changes to component code, so those force a full training."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
MODEL_NAME = "tongban"
FINGERPRINT_FILE = MODELS / "fingerprint.txt"
DATA_SOURCES = ["domain", "config.yml", "data"]
CODE_SOURCES = ["nlu"]
IGNORED_PARTS = {"__pycache__", "evaluation"}  # offline evaluation is not pipeline code


def _files(sources):
    for source in sources:
        path = ROOT / source
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in candidates:
            if file.is_file() and not IGNORED_PARTS.intersection(file.parts) and file.suffix != ".pyc":
                yield file


def fingerprint(sources) -> str:
    digest = hashlib.sha256()
    for file in _files(sources):
        digest.update(str(file.relative_to(ROOT)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _previous() -> list:
    return FINGERPRINT_FILE.read_text().split() if FINGERPRINT_FILE.exists() else []


def main() -> int:
    current = [fingerprint(DATA_SOURCES), fingerprint(CODE_SOURCES)]
    model = MODELS / f"{MODEL_NAME}.tar.gz"
    previous = _previous()
    if model.exists() and previous == current:
        print(f"model {model.relative_to(ROOT)} is up to date (fingerprint {current[0][:12]})")
        return 0
    print(f"training {model.relative_to(ROOT)} (fingerprint {current[0][:12]}) ...", flush=True)
    env = dict(os.environ, PYTHONHASHSEED="0", TF_DETERMINISTIC_OPS="1")
    command = [sys.executable, "-m", "rasa", "train", "--domain", "domain", "--out", str(MODELS),
               "--fixed-model-name", MODEL_NAME]
    if previous[1:] != current[1:]:
        command.append("--force")
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        return result.returncode
    FINGERPRINT_FILE.write_text("\n".join(current) + "\n")
    print(f"trained {model.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
