"""Log records are masked when they are made, whatever logger, level or handler."""
import io
import logging

import pytest

from privacy import logs


@pytest.fixture
def captured():
    logs.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("test.privacy.logs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.removeHandler(handler)


def test_messages_and_their_arguments_are_masked_at_every_level(captured):
    logger, stream = captured
    logger.debug("user said %s", "身份证320102198503121234 手机13800000001")
    logger.info("code %s", "482913")
    assert stream.getvalue().splitlines() == ["user said 身份证3201**********1234 手机138****0001", "code ******"]


def test_a_number_after_an_escaped_character_in_logged_json_is_masked(captured):
    logger, stream = captured
    logger.debug('{"text": "\\u94f6\\u884c\\u53616222020200001234567"}')
    assert "6222020200001234567" not in stream.getvalue() and "***************4567" in stream.getvalue()


def test_tracebacks_are_masked(captured):
    logger, stream = captured
    try:
        raise ValueError("no citizen 320102198503121234")
    except ValueError:
        logger.exception("failed")
    assert "Traceback" in stream.getvalue() and "320102198503121234" not in stream.getvalue()


def test_installing_twice_masks_once(captured):
    logs.install()
    logger, stream = captured
    logger.info("%s", "13800000001")
    assert stream.getvalue().strip() == "138****0001"
