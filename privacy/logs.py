"""Every log line of a process with its personal data masked, at every level.

The masking sits in the log-record factory, so it covers every logger of the process
(its own, Sanic's, Rasa's structlog output, which ends in the standard library) and
every handler, including handlers configured after `install()`."""
import logging
import os
import re

from privacy.masking import mask_personal_data

DEFAULT_LEVEL = "INFO"
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def level() -> str:
    """The level of every process: LOG_LEVEL, INFO by default."""
    return os.environ.get("LOG_LEVEL", DEFAULT_LEVEL).upper()


def install() -> None:
    """Masks every log record made from now on; calling it twice changes nothing."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_personal_data", False):
        return

    def masking_factory(*args, **kwargs) -> logging.LogRecord:
        return _masked(previous(*args, **kwargs))

    masking_factory.masks_personal_data = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masking_factory)


def _masked(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string is logging's own error to report
        return record
    record.msg, record.args = mask_personal_data(_unescaped(message)), None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_personal_data(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = mask_personal_data(record.stack_info)
    return record


def _unescaped(message: str) -> str:
    """JSON's \\uXXXX escapes (Rasa logs JSON) written out, so that a number right after an escaped
    character ("卡" is "\\u5361") is seen as a number of its own."""
    return _JSON_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), message)
