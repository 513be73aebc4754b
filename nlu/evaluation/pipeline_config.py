"""Reads settings of the NLU pipeline from config.yml without loading Rasa (evaluation and the trainers' tools)."""
from pathlib import Path

import yaml

CONFIG = Path(__file__).resolve().parents[2] / "config.yml"


def configured_threshold(config_path=CONFIG) -> float:
    """The FallbackClassifier's threshold: below it a message is not understood."""
    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
    for component in config.get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0


def configured_scope_gate(config_path=CONFIG):
    """(enabled, margin) of the intent classifier's scope gate."""
    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
    for component in config.get("pipeline", []):
        if component.get("name", "").endswith("LinearIntentClassifier"):
            return bool(component.get("scope_gate", False)), component.get("scope_gate_margin", 0.0)
    return False, None
