"""The trainers' curation inbox through a real gateway process: what lands in it (fallbacks, the
messages before a hand-off, agents' flags), masked and deduplicated; labelling, new intents,
dismissing, bulk actions, the confusions view; and who may do what."""
import time

import pytest

from tests.desk.desk_client import new_sender


def wait_for_item(trainer, text_part: str, status: str = "open", timeout_s: float = 10) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = [i for i in trainer.call("GET", f"/api/desk/curation/items?status={status}")["items"]
                 if text_part in i["text"]]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no {status} item with {text_part!r}")


def understood(staff, sender: str) -> list:
    """The conversation's citizen turns once Rasa's understanding of each is recorded."""
    deadline = time.monotonic() + 10
    while True:
        transcript = staff.call("GET", f"/api/desk/conversations/web:{sender}")
        citizen = [m for m in transcript["messages"] if m["who"] == "citizen"]
        if all(m["intent"] for m in citizen) or time.monotonic() > deadline:
            return citizen
        time.sleep(0.1)


@pytest.fixture
def trainer(desk_gateway):
    return desk_gateway.staff("trainer_t")


def test_a_fallback_lands_masked_with_its_guess_and_counts_repeats(desk_gateway, trainer):
    first, second = new_sender(), new_sender()
    desk_gateway.chat(first, "unsure 我叫王小明，身份证320102198503121234，孩子那个补贴咋领")
    item = wait_for_item(trainer, "孩子那个补贴咋领")
    assert item["text"] == "unsure 我叫**，身份证3201**********1234，孩子那个补贴咋领"
    assert (item["predicted_intent"], item["confidence"], item["language"]) == ("complaint", 0.12, "zh")
    assert item["reasons"] == ["fallback"] and item["count"] == 1
    assert item["conversation_id"] == f"web:{first}"
    transcript = trainer.call("GET", f"/api/desk/conversations/web:{first}")
    assert item["message_id"] in [m["id"] for m in transcript["messages"]]

    desk_gateway.chat(second, "unsure  我叫李雷，身份证320102198503121234，孩子那个补贴咋领。")
    deadline = time.monotonic() + 10
    while wait_for_item(trainer, "孩子那个补贴咋领")["count"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    again = wait_for_item(trainer, "孩子那个补贴咋领")
    assert (again["id"], again["count"], again["conversation_id"]) == (item["id"], 2, f"web:{second}")


def test_a_confident_message_stays_out(desk_gateway, trainer):
    sender = new_sender()
    desk_gateway.chat(sender, "hello there, quite sure")
    desk_gateway.chat(sender, "unsure marker after the confident one")
    wait_for_item(trainer, "marker after the confident one")
    assert not [i for i in trainer.call("GET", "/api/desk/curation/items")["items"] if "quite sure" in i["text"]]


def test_the_messages_before_a_hand_off_land_chit_chat_and_buttons_left_out(desk_gateway, trainer):
    sender = new_sender()
    desk_gateway.chat(sender, "hello before the hand-off")
    understood(trainer, sender)
    desk_gateway.chat(sender, "unsure my pension went where after the county app closed")
    understood(trainer, sender)
    desk_gateway.chat(sender, "human:social_security")
    item = wait_for_item(trainer, "my pension went where")
    deadline = time.monotonic() + 10
    while "handoff" not in item["reasons"] and time.monotonic() < deadline:
        time.sleep(0.1)
        item = wait_for_item(trainer, "my pension went where")
    assert item["reasons"] == ["fallback", "handoff"] and item["language"] == "en"
    texts = [i["text"] for i in trainer.call("GET", "/api/desk/curation/items")["items"]]
    assert not any("hello before the hand-off" in t or t.startswith("human") for t in texts)


def test_an_agent_flags_a_message_of_a_desk_conversation(desk_gateway, trainer):
    agent = desk_gateway.staff("agent_a")
    sender = new_sender()
    desk_gateway.chat(sender, "my card was swallowed by the machine at the bank, phone 13800000001")
    understood(trainer, sender)
    desk_gateway.chat(sender, "human:social_security")
    transcript = agent.call("GET", f"/api/desk/conversations/web:{sender}")
    citizen = [m for m in transcript["messages"] if m["who"] == "citizen"]
    flagged = agent.call("POST", f"/api/desk/messages/{citizen[0]['id']}/flag", expect=201)["item"]
    assert flagged["reasons"] == ["flagged"] and "138****0001" in flagged["text"]
    assert flagged["predicted_intent"] == "greet"
    bot_turn = next(m for m in transcript["messages"] if m["who"] == "bot")
    agent.call("POST", f"/api/desk/messages/{bot_turn['id']}/flag", expect=404)
    agent.call("POST", "/api/desk/messages/99999999/flag", expect=404)
    trainer.call("POST", f"/api/desk/messages/{citizen[0]['id']}/flag", expect=403)

    elsewhere = new_sender()
    desk_gateway.chat(elsewhere, "a conversation that never came to the desk")
    unseen = agent.call("GET", f"/api/chat/history?sender={elsewhere}", expect=200)["messages"][0]
    agent.call("POST", f"/api/desk/messages/{unseen['id']}/flag", expect=403)


def test_who_may_curate(desk_gateway):
    import requests
    assert requests.get(desk_gateway.url + "/api/desk/curation/items", timeout=5).status_code == 401
    desk_gateway.staff("agent_a").call("GET", "/api/desk/curation/items", expect=403)
    desk_gateway.staff("agent_a").call("POST", "/api/desk/curation/bulk", {"ids": [1], "action": "dismiss"},
                                       expect=403)
    assert "items" in desk_gateway.staff("boss").call("GET", "/api/desk/curation/items")


def test_label_with_entities_then_the_confusions_view(desk_gateway, trainer):
    desk_gateway.chat(new_sender(), "unsure 苏州的社保卡挂失在哪弄")
    item = wait_for_item(trainer, "苏州的社保卡挂失在哪弄")
    path = f"/api/desk/curation/items/{item['id']}/label"
    trainer.call("POST", path, {"intent": "no_such_intent"}, expect=400)
    trainer.call("POST", path, {"intent": "social_security_card", "entities": [{"start": 7, "end": 99,
                                                                               "entity": "city"}]}, expect=400)
    trainer.call("POST", path, {"intent": "social_security_card", "entities": [{"start": 7, "end": 9,
                                                                               "entity": "weather"}]}, expect=400)
    labelled = trainer.call("POST", path, {"intent": "social_security_card",
                                           "entities": [{"start": 7, "end": 9, "entity": "city"}]})["item"]
    assert labelled["status"] == "accepted" and labelled["label_intent"] == "social_security_card"
    assert labelled["entities"] == [{"start": 7, "end": 9, "entity": "city", "value": "苏州"}]
    assert labelled["curated_by"] == trainer.id
    assert item["id"] not in [i["id"] for i in trainer.call("GET", "/api/desk/curation/items")["items"]]
    accepted = trainer.call("GET", "/api/desk/curation/items?status=accepted")["items"]
    assert item["id"] in [i["id"] for i in accepted]
    confusions = trainer.call("GET", "/api/desk/curation/confusions")["confusions"]
    assert {"predicted": "complaint", "labelled": "social_security_card", "count": 1} in confusions
    trainer.call("GET", "/api/desk/curation/items?status=nonsense", expect=400)


def test_propose_a_new_intent(desk_gateway, trainer):
    desk_gateway.chat(new_sender(), "unsure how do I register my dog in Nanjing")
    item = wait_for_item(trainer, "register my dog")
    path = f"/api/desk/curation/items/{item['id']}/propose"
    trainer.call("POST", path, {"intent": "greet", "description": "x"}, expect=400)
    trainer.call("POST", path, {"intent": "Dog Licence!", "description": "x"}, expect=400)
    trainer.call("POST", path, {"intent": "dog_registration"}, expect=400)
    proposed = trainer.call("POST", path, {"intent": "dog_registration", "domain": "services",
                                           "description": "register a pet dog"})["item"]
    assert proposed["status"] == "proposed" and proposed["label_intent"] == "dog_registration"
    assert proposed["proposed_intent"] == {"name": "dog_registration", "description": "register a pet dog",
                                           "domain": "services"}


def test_near_duplicates_are_named_and_handled_in_bulk(desk_gateway, trainer):
    for text in ("unsure 退休金怎么还没到账呢", "unsure 退休金怎么还没到账啊", "unsure 退休金怎么还没有到账"):
        desk_gateway.chat(new_sender(), text)
    items = [wait_for_item(trainer, text[7:]) for text in ("unsure 退休金怎么还没到账呢", "unsure 退休金怎么还没到账啊",
                                                           "unsure 退休金怎么还没有到账")]
    ids = sorted(item["id"] for item in items)
    fresh = {i["id"]: i for i in trainer.call("GET", "/api/desk/curation/items")["items"]}
    assert set(ids) - {ids[0]} <= set(fresh[ids[0]]["similar_ids"])

    trainer.call("POST", "/api/desk/curation/bulk", {"ids": ids + [99999999], "action": "dismiss"}, expect=409)
    assert set(ids) <= set(i["id"] for i in trainer.call("GET", "/api/desk/curation/items")["items"]), \
        "nothing changes when one id is wrong"
    trainer.call("POST", "/api/desk/curation/bulk", {"ids": ids, "action": "label"}, expect=400)
    done = trainer.call("POST", "/api/desk/curation/bulk", {"ids": ids, "action": "label",
                                                            "intent": "pension_payment"})["items"]
    assert {i["status"] for i in done} == {"accepted"} and {i["label_intent"] for i in done} == {"pension_payment"}
    trainer.call("POST", "/api/desk/curation/bulk", {"ids": [], "action": "dismiss"}, expect=400)


def test_the_same_message_seen_twice_counts_once(desk_gateway, trainer):
    agent = desk_gateway.staff("agent_a")
    sender = new_sender()
    desk_gateway.chat(sender, "unsure the subsidy office never called me back")
    understood(trainer, sender)
    desk_gateway.chat(sender, "human:general")
    item = wait_for_item(trainer, "the subsidy office never called me back")
    flagged = agent.call("POST", f"/api/desk/messages/{item['message_id']}/flag", expect=201)["item"]
    again = agent.call("POST", f"/api/desk/messages/{item['message_id']}/flag", expect=201)["item"]
    assert flagged["count"] == again["count"] == 1 and "flagged" in again["reasons"]
