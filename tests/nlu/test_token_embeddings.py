import numpy as np
import pytest

import nlu.text.token_embeddings as token_embeddings
from nlu.text.intent_features import fit_features, message_view, transform
from nlu.text.token_embeddings import mean_embeddings


def test_a_paraphrase_is_nearer_than_another_request():
    stop, paraphrase, pension, empty = mean_embeddings(
        ["stop sending me messages", "no more notifications please", "how do i pay my pension", ""])
    assert np.isclose(np.linalg.norm(stop), 1.0) and not empty.any()
    assert stop @ paraphrase > stop @ pension + 0.1


def test_the_block_is_part_of_every_parse_vector():
    views = [message_view("stop sending me messages", ["stop", "sending", "me", "messages"])]
    features, matrix = fit_features(views)
    block = dict(features.transformer_list)["token_embedding"]
    assert block.transform(views).shape == (1, token_embeddings.DIMENSIONS)
    assert abs(transform(features, views) - matrix).max() < 1e-12


def test_missing_vectors_name_the_command_that_puts_them_there(tmp_path, monkeypatch):
    monkeypatch.setattr(token_embeddings, "WEIGHTS_DIR", tmp_path)
    token_embeddings._model.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="make setup"):
            mean_embeddings(["hello"])
    finally:
        monkeypatch.undo()
        token_embeddings._model.cache_clear()
