"""Split normalised text into word tokens: jieba for Han runs, spaCy's blank
English tokenizer with the lookup lemmatizer for everything else.

Offsets index the text given, which is the normalised text; because
normalisation preserves length they also index what the user typed.
Whitespace and punctuation never become tokens.
"""
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import jieba
import spacy

from nlu.text.domain_dictionary import load_divisions, user_dictionary
from nlu.text.unicode_scripts import HAN_RUN, is_word_char

jieba.setLogLevel(logging.WARNING)

SHORT_NAME_FREQUENCY = 20000
FULL_NAME_FREQUENCY = 2000


@dataclass(frozen=True)
class TextToken:
    text: str
    start: int
    end: int
    lemma: str


@lru_cache(maxsize=1)
def chinese_segmenter() -> jieba.Tokenizer:
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    for word in user_dictionary():
        segmenter.add_word(word)
    # With jieba's suggested frequency a division name loses to a common
    # neighbouring word (在建|湖, 东|台办, 泰|兴办). Short forms get about a
    # common word's frequency, full names less, so 江宁区|办 and 苏州|市民
    # both come out whole, and 上海|安排 is not split.
    for row in load_divisions():
        if row["short_zh"]:
            segmenter.add_word(row["short_zh"], freq=SHORT_NAME_FREQUENCY)
        segmenter.add_word(row["name_zh"], freq=FULL_NAME_FREQUENCY)
    return segmenter


@lru_cache(maxsize=1)
def english_pipeline() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def load_segmenters() -> None:
    chinese_segmenter()
    english_pipeline()


def _chinese_tokens(run: str, offset: int) -> Iterator[TextToken]:
    for word, start, end in chinese_segmenter().tokenize(run):
        yield TextToken(word, offset + start, offset + end, word)


def _other_tokens(segment: str, offset: int) -> Iterator[TextToken]:
    if not any(is_word_char(char) for char in segment):
        return
    for token in english_pipeline()(segment):
        yield TextToken(
            token.text,
            offset + token.idx,
            offset + token.idx + len(token.text),
            token.lemma_ or token.text,
        )


def _is_word(token: TextToken) -> bool:
    return any(is_word_char(char) for char in token.text)


def segment(text: str) -> list[TextToken]:
    """Tokens of ``text``; never raises, returns [] for blank text."""
    if not text or not text.strip():
        return []
    tokens: list[TextToken] = []
    position = 0
    for match in HAN_RUN.finditer(text):
        tokens.extend(_other_tokens(text[position : match.start()], position))
        tokens.extend(_chinese_tokens(match.group(), match.start()))
        position = match.end()
    tokens.extend(_other_tokens(text[position:], position))
    return [token for token in tokens if _is_word(token)]
