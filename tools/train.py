"""`make train`: trains the Rasa model only when something it is built from changed.

The fingerprint covers the training data, domain, config and the code and
resources of the custom NLU components (Rasa's own fingerprint does not see
changes to component code)."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
MODEL_NAME = "tongban"
FINGERPRINT_FILE = MODELS / "fingerprint.txt"
SOURCES = ["domain.yml", "config.yml", "data", "nlu"]
IGNORED_PARTS = {"__pycache__"}


def _files():
    for source in SOURCES:
        path = ROOT / source
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in candidates:
            if file.is_file() and not IGNORED_PARTS.intersection(file.parts) and file.suffix != ".pyc":
                yield file


def fingerprint() -> str:
    digest = hashlib.sha256()
    for file in _files():
        digest.update(str(file.relative_to(ROOT)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def main() -> int:
    current = fingerprint()
    model = MODELS / f"{MODEL_NAME}.tar.gz"
    if model.exists() and FINGERPRINT_FILE.exists() and FINGERPRINT_FILE.read_text().strip() == current:
        print(f"model {model.relative_to(ROOT)} is up to date (fingerprint {current[:12]})")
        return 0
    print(f"training {model.relative_to(ROOT)} (fingerprint {current[:12]}) ...", flush=True)
    env = dict(os.environ, PYTHONHASHSEED="0", TF_DETERMINISTIC_OPS="1")
    command = [sys.executable, "-m", "rasa", "train", "--force", "--out", str(MODELS),
               "--fixed-model-name", MODEL_NAME]
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        return result.returncode
    FINGERPRINT_FILE.write_text(current + "\n")
    print(f"trained {model.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
