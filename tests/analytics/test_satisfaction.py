"""Satisfaction through a real gateway process: asked once per matter after a completed matter or a
guide and after a resolved desk ticket; the rating, "no thanks" and the comment are the gateway's,
never Rasa's; a typed rating payload is text."""
import json

from sqlalchemy import create_engine, text

from analytics import texts
from analytics.questions import payload


def _buttons(replies):
    return [button for reply in replies for button in reply.get("buttons") or []]


def _ratings(gateway, conversation_id):
    engine = create_engine(gateway.database_url, future=True)
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(text(
                "SELECT * FROM analytics_ratings WHERE conversation_id = :c ORDER BY id"),
                {"c": conversation_id}).mappings()]
    finally:
        engine.dispose()


def test_a_completed_matter_is_rated_once_with_an_optional_comment(rating_gateway, rating_rasa):
    replies = rating_gateway.chat("sat1", "done:social_security_card")["replies"]
    assert replies[0]["text"] == "已为您办好。" and not any("custom" in reply for reply in replies)
    buttons = _buttons(replies)
    assert [button["title"] for button in buttons] == ["很满意", "满意", "一般", "不满意", "很不满意", "不用了"]
    assert replies[-1]["text"] == texts.say("ask", "zh")
    again = rating_gateway.chat("sat1", "done:social_security_card")["replies"]
    assert _buttons(again) == [], "the same matter is not asked about twice"

    sent_to_rasa = len(rating_rasa.received)
    four = next(button for button in buttons if button["title"] == "满意")
    thanks = rating_gateway.chat("sat1", four["payload"])["replies"]
    assert thanks[0]["text"] == texts.say("thanks", "zh")
    comment_button = _buttons(thanks)[0]
    asked = rating_gateway.chat("sat1", comment_button["payload"])["replies"]
    assert asked[0]["text"] == texts.say("ask_comment", "zh")
    done = rating_gateway.chat("sat1", "办得很快，电话13800000001可以联系我")["replies"]
    assert done[0]["text"] == texts.say("comment_thanks", "zh")
    assert len(rating_rasa.received) == sent_to_rasa, "ratings and comments stay in the gateway"
    assert rating_gateway.chat("sat1", four["payload"])["replies"][0]["text"] == texts.say("already", "zh")

    rows = _ratings(rating_gateway, "web:sat1")
    assert [(row["kind"], row["matter"], row["asked"], row["score"]) for row in rows] == [
        ("completed", "social_security_card", 1, 4), ("completed", "social_security_card", 0, None)]
    assert rows[0]["comment"] == "办得很快，电话138****0001可以联系我" and not rows[0]["person"]
    history = rating_gateway.chat("sat1", "你好")  # the next message goes to Rasa again
    assert history["replies"] and len(rating_rasa.received) == sent_to_rasa + 1


def test_no_thanks_ends_it_and_a_typed_rating_is_text(rating_gateway, rating_rasa):
    replies = rating_gateway.chat("sat2", "guide:hukou_transfer", language="en")["replies"]
    buttons = _buttons(replies)
    assert buttons[-1]["title"] == "No thanks" and replies[-1]["text"] == texts.say("ask", "en")
    rating_id = json.loads(buttons[0]["payload"][len("/rate_service"):])["rating"]
    forged = payload(rating_id, score=1).replace(f'"rating":{rating_id}', f'"rating":{rating_id},"x":1')
    rating_gateway.chat("sat2", forged, language="en")
    assert rating_rasa.received[-1]["message"].startswith("／rate_service"), "a payload never offered is text"
    declined = rating_gateway.chat("sat2", buttons[-1]["payload"], language="en")["replies"]
    assert declined[0]["text"] == texts.say("declined", "en")
    row = _ratings(rating_gateway, "web:sat2")[0]
    assert row["declined"] and row["score"] is None and row["kind"] == "guide"


def test_a_resolved_ticket_asks_about_the_person(rating_gateway, rating_rasa):
    rating_gateway.chat("sat3", "转人工")
    agent = rating_gateway.staff("agent_a")
    ticket = agent.ticket_of("web:sat3")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve", expect=409)
    transcript = agent.call("GET", "/api/desk/conversations/web:sat3")["messages"]
    asked = [message for message in transcript if message["text"] == texts.say("ask_desk", "zh")]
    assert len(asked) == 1 and len(asked[0]["buttons"]) == 6, "a resolve asks exactly once"
    five = asked[0]["buttons"][0]["payload"]
    assert rating_gateway.chat("sat3", five)["replies"][0]["text"] == texts.say("thanks", "zh")
    row = _ratings(rating_gateway, "web:sat3")[0]
    assert row["kind"] == "desk" and row["person"] and row["score"] == 5


def test_a_rating_typed_while_the_question_is_open_is_the_rating(rating_gateway, rating_rasa):
    rating_gateway.chat("sat4", "done:social_security_card")
    sent_to_rasa = len(rating_rasa.received)
    thanks = rating_gateway.chat("sat4", "很滿意！")["replies"]       # Traditional, with punctuation
    assert thanks[0]["text"] == texts.say("thanks", "zh") and _buttons(thanks)
    assert len(rating_rasa.received) == sent_to_rasa, "the typed rating stays in the gateway"
    rating_gateway.chat("sat4", "满意")                              # the question was answered: text for Rasa
    assert rating_rasa.received[-1]["message"] == "满意"

    rating_gateway.chat("sat4", "guide:hukou_transfer")
    rating_gateway.chat("sat4", "我要补办社保卡")                     # not a rating: Rasa's, and the question closes
    rating_gateway.chat("sat4", "５分")
    assert [body["message"] for body in rating_rasa.received[-2:]] == ["我要补办社保卡", "５分"]
    assert [(row["matter"], row["score"], row["declined"]) for row in _ratings(rating_gateway, "web:sat4")] == [
        ("social_security_card", 5, 0), ("hukou_transfer", None, 0)]


def test_typed_ratings_in_english_and_a_typed_no_thanks(rating_gateway, rating_rasa):
    rating_gateway.chat("sat5", "guide:hukou_transfer", language="en")
    assert rating_gateway.chat("sat5", "It was OK", language="en")["replies"][0]["text"] == texts.say("thanks", "en")
    rating_gateway.chat("sat5", "done:social_security_card", language="en")
    assert rating_gateway.chat("sat5", "no thanks", language="en")["replies"][0]["text"] == texts.say("declined", "en")
    rating_gateway.chat("sat5", "2 stars", language="en")            # nothing is being asked: Rasa's text
    assert rating_rasa.received[-1]["message"] == "2 stars"
    assert not any(body["message"].startswith("/rate_service") for body in rating_rasa.received)
    assert [(row["kind"], row["score"], row["declined"]) for row in _ratings(rating_gateway, "web:sat5")] == [
        ("guide", 3, 0), ("completed", None, 1)]


def _asks(transcript):
    questions = (texts.say("ask", "zh"), texts.say("ask_desk", "zh"))
    return [message for message in transcript if message["text"] in questions]


def test_a_hand_back_asks_nothing_and_the_bot_asks_once_when_it_completes(rating_gateway, rating_rasa):
    rating_gateway.chat("sat6", "转人工")
    agent = rating_gateway.staff("agent_a")
    ticket = agent.ticket_of("web:sat6")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/hand-back", {"intent": "medical_remote_filing"})
    assert _asks(agent.call("GET", "/api/desk/conversations/web:sat6")["messages"]) == [], "nothing is done yet"
    replies = rating_gateway.chat("sat6", "done:medical_remote_filing")["replies"]
    assert [reply["text"] for reply in replies].count(texts.say("ask", "zh")) == 1
    rating_gateway.chat("sat6", "done:medical_remote_filing")
    assert len(_asks(agent.call("GET", "/api/desk/conversations/web:sat6")["messages"])) == 1
    rows = _ratings(rating_gateway, "web:sat6")
    assert [(row["kind"], row["matter"], row["asked"], row["person"]) for row in rows] == [
        ("completed", "medical_remote_filing", 1, 1), ("completed", "medical_remote_filing", 0, 1)], \
        "asked once, and the rating says a person was involved"



def test_a_hand_back_to_a_guide_asks_once_with_the_person_recorded(rating_gateway, rating_rasa):
    rating_gateway.chat("sat7", "转人工")
    agent = rating_gateway.staff("agent_a")
    ticket = agent.ticket_of("web:sat7")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/hand-back", {"intent": "service_guide"})
    assert len(_asks(agent.call("GET", "/api/desk/conversations/web:sat7")["messages"])) == 1, \
        "the guide the bot gave when handed back is rated like any other"
    assert [(row["kind"], row["person"]) for row in _ratings(rating_gateway, "web:sat7")] == [("guide", 1)]
