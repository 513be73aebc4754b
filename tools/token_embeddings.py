"""`make setup`: puts the token embeddings' two data files out of the
wordllama wheel (PyPI) into nlu.text.token_embeddings.WEIGHTS_DIR, once."""
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from nlu.text.token_embeddings import TOKENIZER, VECTORS, WEIGHTS_DIR, WHEEL

MEMBERS = {f"wordllama/weights/{VECTORS}": VECTORS, f"wordllama/tokenizers/{TOKENIZER}": TOKENIZER}


def main() -> int:
    if all((WEIGHTS_DIR / name).is_file() for name in MEMBERS.values()):
        return 0
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--only-binary", ":all:", "--dest", folder, WHEEL], check=True)
        [wheel] = Path(folder).glob("wordllama-*.whl")
        WEIGHTS_DIR.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            for member, name in MEMBERS.items():
                (WEIGHTS_DIR / name).write_bytes(archive.read(member))
    print(f"token embeddings from {WHEEL} in {WEIGHTS_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
