"""Notices when Rasa 3.6 could not really complete a turn. Rasa carries on when a custom action
cannot be reached or the tracker store fails: it logs an error, drops the action's events (or
falls back to an in-memory tracker) and answers from a broken state. The REST channel runs each
turn inside `watching()`; a turn with such a failure is rolled back and answered 503, so the
gateway keeps the message and sends it again when the dependency is back."""
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

# The errors Rasa logs, and goes on, when a turn cannot be completed (rasa 3.6.21).
WATCHED = {
    "rasa.core.processor": ("Encountered an exception while running action",),
    "rasa.core.tracker_store": ("Error happened when trying to save conversation tracker",
                                "Error happened when trying to retrieve conversation tracker"),
}


@dataclass
class Turn:
    failures: list[str] = field(default_factory=list)
    stored_event_ids: list[int] = field(default_factory=list)   # what this turn wrote, for the rollback

    @property
    def failed(self) -> bool:
        return bool(self.failures)


_current: ContextVar[Turn | None] = ContextVar("tongban_turn", default=None)


def current() -> Turn | None:
    """The turn being handled in this task, if the REST channel is watching one."""
    return _current.get()


@contextmanager
def watching() -> Iterator[Turn]:
    _install()
    turn = Turn()
    token = _current.set(turn)
    try:
        yield turn
    finally:
        _current.reset(token)


class _FailureNoticer(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        turn = _current.get()
        if turn is not None and record.levelno >= logging.ERROR:
            message = record.getMessage()
            if message.startswith(WATCHED.get(record.name, ())):
                turn.failures.append(message[:200])


_noticer = _FailureNoticer(level=logging.ERROR)


def _install() -> None:
    for name in WATCHED:
        watched = logging.getLogger(name)
        if _noticer not in watched.handlers:
            watched.addHandler(_noticer)
