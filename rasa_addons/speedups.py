"""Two per-turn costs of Rasa 3.6.21 removed without changing what Rasa does (`install()` is called
by tools/rasa_run.py before Rasa starts):

- Every answer of the action server is checked with `jsonschema.validate`, which also checks
  Rasa's schema against its meta-schema on every call; here one validator is built once.
- Every event read back from the tracker store or the action server finds its class by listing
  all subclasses of Event; here the type name → class map is built once (and again if a name is
  missing, e.g. after a new subclass was imported).

The profile behind both is in bench/profile_turn.py's output: together they were a third of
Rasa's CPU time in a long conversation."""
import functools

import jsonschema
import rasa.shared.utils.common
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

_installed = False


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> jsonschema.protocols.Validator:
    schema = RemoteAction.action_response_format_spec()
    return jsonschema.validators.validator_for(schema)(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, object]) -> bool:
    try:
        _action_response_validator().validate(result)
    except jsonschema.ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your response from "
                          "the Action endpoint is valid.")
        raise
    return True


_event_classes: dict[str, type[Event]] = {}
_original_resolve_by_type = Event.resolve_by_type


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name not in _event_classes:
        for cls in reversed(rasa.shared.utils.common.all_subclasses(Event)):
            _event_classes[cls.type_name] = cls  # reversed: the first class listed wins, as in Rasa
    found = _event_classes.get(type_name)
    return found if found is not None else _original_resolve_by_type(type_name, default)


def install() -> None:
    global _installed
    if _installed:
        return
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    _installed = True
