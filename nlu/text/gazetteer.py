"""Jiangsu cities and county-level divisions found with spaCy's PhraseMatcher.

Each division is known by its Chinese name (昆山市), its short form (昆山),
pinyin (Kunshan) and English name (Kunshan City / Gulou District). The value
is the 6-digit admin code. Chinese text is matched character by character,
then a match is kept only if it starts and ends on a token boundary of our
tokenizer (so 海安 is not found inside 上海安排) or is a full name.

Ambiguous names (鼓楼 / Gulou is a district of both Nanjing 320106 and Xuzhou
320302): the candidate whose city is also named in the message wins,
otherwise the Nanjing one; the entity then lists all ``candidates``.
"""
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlu.text.domain_dictionary import load_divisions
from nlu.text.found import Found
from nlu.text.segmentation import english_pipeline, segment
from nlu.text.unicode_scripts import HAN_RUN

CITY = "city"
COUNTY = "county"
PREFERRED_CITY = "320100"  # Nanjing, for names shared by two cities


@dataclass(frozen=True)
class Division:
    code: str
    city_code: str
    name_zh: str
    kind: str

    @property
    def entity(self) -> str:
        return CITY if self.kind == CITY else COUNTY


def _latin_variants(row: dict[str, str]) -> set[str]:
    variants = set()
    for name in (row["pinyin"], row["name_en"]):
        base = name.lower().strip()
        variants.update({base, base.replace("'", ""), base.replace("'", " ")})
    pinyin = row["pinyin"].lower().strip()
    suffix = {"city": "city", "district": "district", "county": "county", "county_city": "city"}[row["kind"]]
    variants.update(f"{form} {suffix}" for form in {pinyin, pinyin.replace("'", ""), pinyin.replace("'", " ")})
    return {variant for variant in variants if variant}


def _han_variants(row: dict[str, str]) -> set[str]:
    return {name for name in (row["name_zh"], row["short_zh"]) if name}


def _char_tokens(text: str) -> list[tuple[str, int, int]]:
    """Han characters one by one, everything else by the English tokenizer."""
    tokens: list[tuple[str, int, int]] = []
    position = 0

    def latin(segment_text: str, offset: int) -> None:
        if segment_text.strip():
            for token in english_pipeline().tokenizer(segment_text):
                if not token.is_space:
                    tokens.append((token.text, offset + token.idx, offset + token.idx + len(token)))

    for match in HAN_RUN.finditer(text):
        latin(text[position : match.start()], position)
        tokens.extend((char, match.start() + i, match.start() + i + 1) for i, char in enumerate(match.group()))
        position = match.end()
    latin(text[position:], position)
    return tokens


class DivisionGazetteer:
    def __init__(self) -> None:
        self.vocab = english_pipeline().vocab
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.divisions: dict[str, Division] = {}
        self.full_names: set[str] = set()
        for row in load_divisions():
            self._add(row)

    def _doc(self, text: str) -> Doc:
        words = [token[0] for token in _char_tokens(text)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    def _add(self, row: dict[str, str]) -> None:
        code = row["code"]
        self.divisions[code] = Division(code, row["city_code"], row["name_zh"], row["kind"])
        self.full_names.add(row["name_zh"])
        variants = _han_variants(row) | _latin_variants(row)
        self.matcher.add(code, [self._doc(variant) for variant in sorted(variants)])

    def find(self, normalised_text: str, boundaries: set[int] | None = None) -> list[Found]:
        if not normalised_text or not normalised_text.strip():
            return []
        tokens = _char_tokens(normalised_text)
        doc = Doc(self.vocab, words=[t[0] for t in tokens], spaces=[False] * len(tokens))
        if boundaries is None:
            boundaries = {b for token in segment(normalised_text) for b in (token.start, token.end)}
        spans: dict[tuple[int, int], list[str]] = {}
        aligned: set[tuple[int, int]] = set()
        for match_id, first, last in self.matcher(doc):
            start, end = tokens[first][1], tokens[last - 1][2]
            surface = normalised_text[start:end]
            on_boundaries = start in boundaries and end in boundaries
            if HAN_RUN.search(surface) and surface not in self.full_names and not on_boundaries:
                continue
            spans.setdefault((start, end), []).append(self.vocab.strings[match_id])
            if on_boundaries or not HAN_RUN.search(surface):
                aligned.add((start, end))
        return self._resolve(spans, aligned)

    def _resolve(self, spans: dict[tuple[int, int], list[str]], aligned: set[tuple[int, int]]) -> list[Found]:
        """Longest spans first, but a span on token boundaries beats a full
        name that cuts a word (苏州|市民: 苏州, not 苏州市)."""
        chosen: list[tuple[int, int, list[str]]] = []
        for (start, end), codes in sorted(spans.items(),
                                          key=lambda item: (item[0] not in aligned, item[0][0] - item[0][1])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, sorted(set(codes))))
        mentioned_cities = {codes[0] for _, _, codes in chosen if len(codes) == 1
                            and self.divisions[codes[0]].kind == CITY}
        found = [self._entity(start, end, codes, mentioned_cities) for start, end, codes in chosen]
        return sorted(found, key=lambda item: item.start)

    def _entity(self, start: int, end: int, codes: list[str], cities: set[str]) -> Found:
        if len(codes) == 1:
            division = self.divisions[codes[0]]
            return Found(division.entity, division.code, start, end)
        in_context = [code for code in codes if self.divisions[code].city_code in cities]
        preferred = [code for code in codes if self.divisions[code].city_code == PREFERRED_CITY]
        code = (in_context or preferred or codes)[0]
        return Found(self.divisions[code].entity, code, start, end, {"candidates": codes})


@lru_cache(maxsize=1)
def division_gazetteer() -> DivisionGazetteer:
    return DivisionGazetteer()
