"""Fixtures for conversations through the gateway."""
import pytest

from tests.e2e.chatting import Chat


@pytest.fixture
def chat(stack):
    return Chat(stack.url("gateway"))
