"""Looks for raw personal data where it must never be: database tables, broker messages, log files.

Every value is matched as a whole number (digits around it mean it is part of another number); a
6-digit code is also not counted right after a dot, where it is the fraction of a timestamp."""
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, text


@dataclass(frozen=True)
class Hit:
    where: str
    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind} {self.value[:4]}… in {self.where}"


@dataclass(frozen=True)
class RawValues:
    id_numbers: list[str]
    phones: list[str]
    bank_cards: list[str]
    codes: list[str]

    def patterns(self):
        for kind, values, before in (("ID number", self.id_numbers, r"(?<![\dXx])"),
                                     ("phone", self.phones, r"(?<!\d)"),
                                     ("bank card", self.bank_cards, r"(?<!\d)"),
                                     ("SMS code", self.codes, r"(?<![\d.])")):
            for value in values:
                yield kind, value, re.compile(before + re.escape(value) + r"(?![\dXx])")

    def find(self, content: str, where: str) -> list[Hit]:
        content = _unescaped(content)
        return [Hit(where, kind, value) for kind, value, pattern in self.patterns() if pattern.search(content)]


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _unescaped(content: str) -> str:
    """JSON's \\uXXXX escapes written out: "卡6222…" is stored as "\\u53616222…", where the
    escape's last hex digit would hide the number from a whole-number match."""
    return _JSON_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), content)


def sqlite_hits(path: Path, raw: RawValues) -> list[Hit]:
    hits: list[Hit] = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            content = "\n".join(" ".join(map(str, row)) for row in db.execute(f'SELECT * FROM "{table}"'))
            hits += raw.find(content, f"{path.name}:{table}")
    return hits


def database_hits(url: str, raw: RawValues) -> list[Hit]:
    """Every table of a database reached through SQLAlchemy (PostgreSQL in the production test)."""
    engine = create_engine(url, future=True)
    hits: list[Hit] = []
    try:
        with engine.connect() as connection:
            for table in inspect(connection).get_table_names():
                rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
                dump = "\n".join(" ".join(map(str, row)) for row in rows)
                hits += raw.find(dump, f"{url.rsplit('/', 1)[-1]}:{table}")
    finally:
        engine.dispose()
    return hits


def log_hits(paths: Iterable[Path], raw: RawValues) -> list[Hit]:
    return [hit for path in paths for hit in raw.find(path.read_text(errors="replace"), path.name)]
