"""The reply language follows the citizen's words, not the numbers they type, and an explicit
choice sticks; the policy sets it right after a citizen message and never predicts an action."""
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.reply_language import ReplyLanguagePolicy, reply_language

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [inform, switch_language]
entities: [message_language, language]
slots:
  language: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  language_explicit: {type: bool, initial_value: false, influence_conversation: false, mappings: [{type: custom}]}
actions: [action_x]
""")


def tracker_after(text, detected=None, slots=None, intent="inform", requested=None, metadata=None):
    entities = [{"entity": "message_language", "value": detected}] if detected else []
    if requested:
        entities.append({"entity": "language", "value": requested})
    events = [ActionExecuted("action_listen")]
    events += [SlotSet(name, value) for name, value in (slots or {}).items()]
    events.append(UserUttered(text, intent={"name": intent, "confidence": 1.0}, entities=entities,
                              metadata=metadata or {}))
    return DialogueStateTracker.from_events("web:x", events, DOMAIN.slots)


def test_numbers_keep_the_current_language():
    for text in ("32030219580215456X", "13800000003", "123456", "JS20261119000001", "2026-12-01"):
        assert reply_language(tracker_after(text, "en", {"language": "zh"})) == {}, text
        assert reply_language(tracker_after(text, "zh", {"language": "en"})) == {}, text


def test_words_switch_the_reply_language():
    assert reply_language(tracker_after("check my balance", "en", {"language": "zh"})) == {"language": "en"}
    assert reply_language(tracker_after("公积金余额", "zh", {"language": "en"})) == {"language": "zh"}
    assert reply_language(tracker_after("我的身份证是32030219580215456X", "zh", {"language": "en"})) == {
        "language": "zh"}


def test_an_explicit_choice_sticks_and_the_channel_decides_first():
    assert reply_language(tracker_after("English please", "en", intent="switch_language", requested="en")) == {
        "language": "en", "language_explicit": True}
    assert reply_language(tracker_after("公积金余额", "zh", {"language": "en", "language_explicit": True})) == {}
    assert reply_language(tracker_after("123", metadata={"language_code": "en-GB"})) == {"language": "en"}
    assert reply_language(tracker_after("123")) == {"language": "zh"}


def test_the_policy_sets_the_slot_after_a_citizen_message_only_and_predicts_nothing():
    policy = ReplyLanguagePolicy.create({}, None, None, type("Context", (), {"is_finetuning": False})())
    prediction = policy.predict_action_probabilities(tracker_after("check my balance", "en"), DOMAIN)
    assert prediction.events == [SlotSet("language", "en")]
    assert prediction.max_confidence == 0
    later = tracker_after("check my balance", "en")
    later.update(ActionExecuted("action_x"))
    assert policy.predict_action_probabilities(later, DOMAIN).events == []
