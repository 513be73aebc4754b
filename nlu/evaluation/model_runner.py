"""Train an NLU-only Rasa model and parse messages with it (used by the
evaluation and the benchmark)."""
import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.model_training import train_nlu
from rasa.utils.log_utils import configure_structlog


def quiet_logs() -> None:
    # Without a structlog configuration Rasa prints every parse at debug level.
    configure_structlog(logging.ERROR)
    for name in ("rasa", "tensorflow", "absl", "matplotlib", "urllib3"):
        logging.getLogger(name).setLevel(logging.ERROR)


def train_model(config: str, nlu_data: str, out_dir: Path, name: str) -> tuple[Path, float]:
    """Train into ``out_dir`` (never models/); return the model path and seconds.

    Rasa's training cache is pointed at an empty folder inside ``out_dir``:
    the time measured is a full training, and changed resources (jieba user
    dictionary, gazetteer) can never be hidden behind cached outputs.
    """
    os.environ["RASA_CACHE_DIRECTORY"] = str(out_dir / f".rasa-cache-{name}")
    started = time.perf_counter()
    model = train_nlu(config, nlu_data, str(out_dir), fixed_model_name=name)
    if not model:
        raise RuntimeError(f"training {name} with {config} on {nlu_data} produced no model")
    return Path(model), time.perf_counter() - started


class ModelParser:
    """Parses text the way the running bot does (channel metadata included)."""

    def __init__(self, model_path: Path) -> None:
        self._loop = asyncio.new_event_loop()
        self._agent = Agent.load(str(model_path))

    def parse(self, text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        message = UserMessage(text, metadata=metadata)
        return self._loop.run_until_complete(self._agent.processor.parse_message(message))

    def close(self) -> None:
        self._loop.close()


def top_intent_before_fallback(parse: dict[str, Any]) -> tuple[str, float]:
    """The classifier's own best intent, ignoring the fallback classifier."""
    for candidate in parse.get("intent_ranking") or [parse.get("intent") or {}]:
        if candidate.get("name") and candidate.get("name") != "nlu_fallback":
            return candidate["name"], float(candidate.get("confidence") or 0.0)
    return "nlu_fallback", 0.0
