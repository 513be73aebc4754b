"""What the intent classifier sees of a message, as one sparse vector.

Five blocks, each L2-normalised on its own (the first four tf-idf weighted):
  * character 1–4-grams of the normalised text (typos, Chinese without
    word boundaries, Traditional already converted to Simplified);
  * word uni- and bigrams of our tokens, and the pinyin initials of Chinese
    words, which abbreviations typed in Latin letters share (公积金 and gjj);
  * character 2–5-grams of the tokens in toneless pinyin (Latin tokens as
    they are), so homophone typos from pinyin input methods (头诉 for 投诉)
    and pinyin spellings (shebao, gongjijin) share features with the right
    words;
  * which entity types the rule-based finders and the gazetteer see, so
    "a message that is just a city" generalises over all city names;
  * the message's mean token embedding (token_embeddings.py), so a
    paraphrase that shares no word with the training lines still lands
    near them.
3-fold cross-validation on data/nlu chose these blocks (see nlu/README.md).
"""
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
import scipy.sparse
from pypinyin import lazy_pinyin
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from nlu.text.gazetteer import division_gazetteer
from nlu.text.patterns import find_pattern_entities
from nlu.text.token_embeddings import mean_embeddings
from nlu.text.unicode_scripts import HAN_CHAR

CONSONANTS_ONLY = re.compile(r"[b-df-hj-np-tv-z]{2,4}")


@dataclass(frozen=True)
class MessageView:
    normalised: str
    tokens: tuple[str, ...]
    entity_types: tuple[str, ...]


def entity_types(normalised: str) -> tuple[str, ...]:
    found = find_pattern_entities(normalised) + division_gazetteer().find(normalised)
    return tuple(sorted({entity.entity for entity in found}))


def message_view(normalised: str, tokens: Iterable[str]) -> MessageView:
    return MessageView(normalised, tuple(tokens), entity_types(normalised))


def _text(view: MessageView) -> str:
    return view.normalised


@lru_cache(maxsize=4096)
def _syllables(token: str) -> tuple[str, ...]:
    """Toneless pinyin of a Han token (read by both the word and the pinyin block)."""
    return tuple(lazy_pinyin(token))


def _initials(token: str) -> str | None:
    """The pinyin initials a word is abbreviated to (公积金 gjj, 社保 sb), for a
    word of two or more Han characters and for a Latin token of consonants
    alone, which is such an abbreviation typed (gjj, sb, yb)."""
    if HAN_CHAR.search(token):
        return "".join(syllable[0] for syllable in _syllables(token)) if len(token) > 1 else None
    return token if CONSONANTS_ONLY.fullmatch(token) else None


def _words(view: MessageView) -> list[str]:
    tokens = list(view.tokens)
    initials = [f"initials:{found}" for found in map(_initials, tokens) if found]
    return tokens + [f"{first} {second}" for first, second in pairwise(tokens)] + initials


def _pinyin(view: MessageView) -> str:
    return " ".join("".join(_syllables(token)) if HAN_CHAR.search(token) else token for token in view.tokens)


def _entity_types(view: MessageView) -> list[str]:
    return [f"entity:{name}" for name in view.entity_types] or ["entity:none"]


class ParseTimeTfidfVectorizer(TfidfVectorizer):
    """sklearn's TfidfVectorizer with the same weights, keeping its idf as an
    array at fit time. sklearn's own transform rebuilds that array from a
    diagonal matrix of the whole vocabulary twice per call, which was half of
    the classifier's time on a one-message parse."""

    def fit(self, raw_documents, y=None):
        super().fit(raw_documents, y)
        self._keep_idf()
        return self

    def fit_transform(self, raw_documents, y=None):
        matrix = super().fit_transform(raw_documents, y)
        self._keep_idf()
        return matrix

    def _keep_idf(self) -> None:
        self.idf_weights_ = self.idf_ if self.use_idf else None

    def transform(self, raw_documents):
        matrix = CountVectorizer.transform(self, raw_documents).astype(np.float64)
        if self.sublinear_tf:
            np.log(matrix.data, matrix.data)
            matrix.data += 1
        if self.idf_weights_ is not None:
            matrix.data *= self.idf_weights_[matrix.indices]
        return normalize(matrix, norm=self.norm, copy=False) if self.norm else matrix


class MeanTokenEmbedding(BaseEstimator, TransformerMixin):
    """The token-embedding block: nothing to fit, the vectors are fixed."""

    def fit(self, views, y=None):
        return self

    def transform(self, views) -> scipy.sparse.csr_matrix:
        return scipy.sparse.csr_matrix(mean_embeddings([view.normalised for view in views]))


def build_features() -> FeatureUnion:
    """An unfitted vectoriser of ``MessageView`` objects."""
    return FeatureUnion([
        ("characters", ParseTimeTfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True,
                                                preprocessor=_text)),
        ("words", ParseTimeTfidfVectorizer(analyzer=_words, sublinear_tf=True)),
        ("pinyin", ParseTimeTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                            preprocessor=_pinyin)),
        ("entity_types", ParseTimeTfidfVectorizer(analyzer=_entity_types, use_idf=False, norm=None)),
        ("token_embedding", MeanTokenEmbedding()),
    ])


def fit_features(views: Sequence[MessageView]):
    features = build_features()
    return features, features.fit_transform(views)


def transform(features: FeatureUnion, views: Sequence[MessageView]) -> scipy.sparse.csr_matrix:
    """What ``features.transform`` gives, without FeatureUnion's joblib dispatch
    on every one-message parse."""
    return scipy.sparse.hstack([vectoriser.transform(views) for _, vectoriser in features.transformer_list],
                               format="csr")
