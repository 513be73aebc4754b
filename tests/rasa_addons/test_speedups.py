"""The speed-ups change nothing Rasa does: every event type resolves to the class Rasa would pick,
and action server answers are accepted and refused as before."""
import jsonschema
import pytest
import rasa.shared.utils.common
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

from rasa_addons import speedups


@pytest.fixture(scope="module", autouse=True)
def installed():
    speedups.install()


def test_every_event_type_resolves_to_the_class_rasa_would_pick():
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        expected = next(c for c in rasa.shared.utils.common.all_subclasses(Event) if c.type_name == cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is expected
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=Event) is Event


def test_action_server_answers_are_checked_as_before():
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}], "responses": []})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"events": [{"event": "slot"}], "responses": "not a list"})
