from collections import Counter

import pytest
import yaml

from nlu.evaluation.choose_threshold import stratified_folds
from nlu.evaluation.pipeline_config import CONFIG

LABELS = ["greet"] * 7 + ["thank"] * 5 + ["out_of_scope"] * 9 + ["cancel"] * 1


def test_every_example_is_tested_exactly_once():
    folds = stratified_folds(LABELS, 3)
    assert len(folds) == 3
    assert sorted(i for fold in folds for i in fold) == list(range(len(LABELS)))


def test_folds_are_stratified_by_intent_and_balanced_in_size():
    folds = stratified_folds(LABELS, 3)
    for label, total in Counter(LABELS).items():
        shares = [sum(LABELS[i] == label for i in fold) for fold in folds]
        assert sum(shares) == total
        assert max(shares) - min(shares) <= 1
    sizes = [len(fold) for fold in folds]
    assert max(sizes) - min(sizes) <= 1


def test_folds_are_reproducible_and_depend_on_the_seed():
    labels = ["a"] * 30 + ["b"] * 30
    assert stratified_folds(labels, 3, seed=1) == stratified_folds(labels, 3, seed=1)
    assert stratified_folds(labels, 3, seed=1) != stratified_folds(labels, 3, seed=2)


def test_fewer_than_two_folds_is_refused():
    with pytest.raises(ValueError):
        stratified_folds(LABELS, 1)


def test_public_out_of_scope_examples_train_every_fold_and_are_never_tested(tmp_path):
    from nlu.evaluation.choose_threshold import split_sources
    from nlu.evaluation.public_out_of_scope import OUTPUT

    (tmp_path / "general.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello\n    - hi\n', encoding="utf-8")
    (tmp_path / OUTPUT.name).write_text(
        'version: "3.1"\nnlu:\n- intent: out_of_scope\n  examples: |\n    - my bank balance\n', encoding="utf-8")
    tested, always_trained = split_sources(str(tmp_path))
    assert [e.get("text") for e in tested.intent_examples] == ["hello", "hi"]
    assert [e.get("text") for e in always_trained.intent_examples] == ["my bank balance"]


def test_the_fallback_has_no_ambiguity_rule_because_the_figures_score_the_threshold_only():
    # Prediction.intent_at, which every figure of make eval and make choose-threshold uses, applies the
    # threshold alone; an ambiguity rule in config.yml would make the bot answer differently from them.
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    [fallback] = [component for component in config["pipeline"] if component["name"] == "FallbackClassifier"]
    assert fallback["ambiguity_threshold"] == 0.0
