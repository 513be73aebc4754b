"""A long conversation handed to Rasa as its state plus its latest events.

Rasa 3.6 reads a conversation's whole session for every turn and its policies go over every
event several times a turn, so a turn costs more the longer the conversation (a desk hand-off
makes conversations long). The tracker store therefore keeps, beside the events, the state the
conversation ended in (slots, active form, paused), and builds the tracker of a long session as
that state followed by the last events: what the dialogue reads (slots, form, latest messages,
the last turns the policies look at) is the same, the cost is bounded.

Replaying the last events over the final state ends in the final state again: every slot the
last events change ends as they left it, the others as the state says."""
from typing import Any

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, ConversationPaused, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

# Sessions up to this many events are read whole; longer ones as state + this many last events
# (about 10 turns: more than the 5 turns the policies look back and the longest rule).
WINDOW_EVENTS = 80

State = dict[str, Any]


def state_of(tracker: DialogueStateTracker) -> State:
    """What a conversation carries forward: slots off their initial value, the form, a pause."""
    slots = {name: slot.value for name, slot in tracker.slots.items() if slot.value != slot.initial_value}
    return {"slots": slots, "active_loop": tracker.active_loop_name, "paused": tracker.is_paused()}


def state_events(state: State) -> list[Event]:
    events: list[Event] = [SlotSet(name, value) for name, value in state["slots"].items()]
    if state.get("active_loop"):
        events.append(ActiveLoop(state["active_loop"]))
    if state.get("paused"):
        events.append(ConversationPaused())
    return events


def advanced(state: State, new_events: list[dict[str, Any]], slots: list[Any]) -> State:
    """The state after these (stored) events."""
    tracker = DialogueStateTracker.from_events("state", state_events(state), slots)
    for event in new_events:
        parsed = Event.from_parameters(event)
        if parsed is not None:
            tracker.update(parsed)
    return state_of(tracker)


def from_turn_start(events: list[Event]) -> list[Event]:
    """The events from the first citizen turn on (a window must not start in the middle of one)."""
    for index, event in enumerate(events):
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            return events[index:]
    return events


def windowed(sender_id: str, state: State, last_events: list[Event], slots: list[Any]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender_id, state_events(state) + from_turn_start(last_events), slots)


def window_needed(session_events: int | None) -> bool:
    return session_events is not None and session_events > WINDOW_EVENTS
