"""Mean token embeddings of a message: WordLlama's l2_supercat 256-dimensional
token vectors (trained for semantic similarity, MIT licence), averaged over
the message's tokens and L2-normalised, so paraphrases ("stop sending me
messages" / "no more notifications") land close together where they share
no words.

The vectors and their tokenizer ship inside the wordllama wheel on PyPI.
That package needs numpy>=2 and pydantic>=2, which Rasa 3.6's pins rule out,
so `make setup` (tools/token_embeddings.py) takes the two data files out of
the wheel into WEIGHTS_DIR instead of installing it; nothing is downloaded
at run time.
"""
import sys
from functools import cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

WHEEL = "wordllama==0.4.0.post1"
WEIGHTS_DIR = Path(sys.prefix) / "share" / "wordllama"
VECTORS = "l2_supercat_256.safetensors"
TOKENIZER = "l2_supercat_tokenizer_config.json"
DIMENSIONS = 256


@cache
def _model() -> tuple[Tokenizer, np.ndarray]:
    vectors, tokenizer = WEIGHTS_DIR / VECTORS, WEIGHTS_DIR / TOKENIZER
    if not (vectors.is_file() and tokenizer.is_file()):
        raise FileNotFoundError(f"token embeddings missing in {WEIGHTS_DIR}: run make setup")
    return Tokenizer.from_file(str(tokenizer)), load_file(str(vectors))["embedding.weight"]


def load_token_embeddings() -> None:
    """Load the vectors now (with the model) rather than on the first message."""
    _model()


def mean_embeddings(texts: list[str]) -> np.ndarray:
    """One unit vector per text (zeros for a text with no token)."""
    tokenizer, vectors = _model()
    result = np.zeros((len(texts), DIMENSIONS))
    for row, text in enumerate(texts):
        # one text at a time: encode_batch hands the texts to a thread pool as wide as the machine,
        # which every Rasa replica would start beside the others
        encoding = tokenizer.encode(text, add_special_tokens=False)
        if encoding.ids:
            mean = vectors[encoding.ids].mean(axis=0, dtype=np.float64)
            result[row] = mean / (np.linalg.norm(mean) or 1.0)
    return result
