"""The citizen's text as the NLU reads it: Traditional characters in Simplified form, so that the
words the dialogue looks for ("怎么", "顺便", a matter's name) are found in either script."""
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    return _t2s().convert(text or "")
