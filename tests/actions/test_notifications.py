"""Notifications in the dialogue against a live govapi: "notify me" needs a verified chat user and
subscribes it in its language, a status answer offers the button until then, "stop notifications"
and deleting the history unsubscribe."""
from rasa_sdk.executor import CollectingDispatcher

from actions.history import ActionDeleteHistory
from actions.notifications import SUBSCRIBE_PAYLOAD, ActionNotificationsOff
from tests.actions.conftest import conversation, new_sender, texts
from tests.actions.test_routing import route, verified


def _subscribed(api, sender) -> bool:
    return api.get("/v1/me/notifications", chat_user=sender)["subscribed"]


def _run(action, domain, tracker):
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, domain)
    return texts(dispatcher)


def test_notify_me_without_verification_asks_for_identity_first(domain):
    slots, said, _ = route(domain, conversation("notifications_on", "要通知我"))
    assert slots["next_step"] == "verify_identity_form" and slots["request"] == "notifications_on"
    assert said == ["utter_identity_needed"]


def test_a_status_answer_offers_the_button_until_the_citizen_subscribes(domain, api):
    sender = new_sender()
    api.bind(sender, "li_na")
    _, said, messages = route(domain, verified("application_status", sender, "my applications", language="en"))
    assert said == ["utter_application_list"]
    assert messages[0]["buttons"] == [{"title": "Notify me of changes", "payload": SUBSCRIBE_PAYLOAD}]
    _, said, _ = route(domain, verified("notifications_on", sender, SUBSCRIBE_PAYLOAD, language="en"))
    assert said == ["utter_notifications_on"]
    shown = api.get("/v1/me/notifications", chat_user=sender)
    assert shown["subscribed"] and shown["subscription"]["language"] == "en"
    _, said, messages = route(domain, verified("application_status", sender, "my applications", language="en"))
    assert said == ["utter_application_list"] and not messages[0].get("buttons")


def test_stop_notifications_unsubscribes_and_says_so_either_way(domain, api):
    sender = new_sender()
    api.bind(sender, "zhang_wei")
    route(domain, verified("notifications_on", sender, "要通知我"))
    assert _subscribed(api, sender)
    assert _run(ActionNotificationsOff(), domain, conversation("notifications_off", "取消通知", sender=sender)) == [
        "utter_notifications_off"]
    assert not _subscribed(api, sender)
    assert _run(ActionNotificationsOff(), domain, conversation("notifications_off", "取消通知", sender=sender)) == [
        "utter_notifications_were_off"]


def test_deleting_the_history_stops_notifications(domain, api):
    sender = new_sender()
    api.bind(sender, "chen_ming")
    route(domain, verified("notifications_on", sender, "notify me", language="en"))
    assert _subscribed(api, sender)
    said = _run(ActionDeleteHistory(), domain, conversation("affirm", "是的", sender=sender))
    assert "utter_history_deleted" in said
    api.bind(sender, "chen_ming")  # even verified again, the chat is not subscribed any more
    assert not _subscribed(api, sender)


def test_platform_down_gets_an_apology(domain, monkeypatch):
    monkeypatch.setenv("GOVAPI_URL", "http://127.0.0.1:9")
    said = _run(ActionNotificationsOff(), domain, conversation("notifications_off", "stop notifications",
                                                              sender=new_sender()))
    assert said == ["utter_govapi_unavailable"]
