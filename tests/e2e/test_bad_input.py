"""Bad input at the gateway and at Rasa's REST path: a clear answer or a 4xx,
never a 500, never a crashed process."""
import requests

from tools.stack import processes_alive


def post(url, **kwargs):
    return requests.post(url, timeout=20, **kwargs)


def test_empty_message_gets_a_bilingual_prompt(stack, chat):
    for empty in ["", "   ", "\n\t"]:
        text = chat.text(empty)
        assert "请输入" in text and "Please type" in text


def test_huge_message_gets_a_bilingual_answer(stack, chat):
    text = chat.text("社保" * 5000)
    assert "太长" in text and "too long" in text


def test_emoji_and_control_characters_are_answered(stack, chat):
    assert chat.say("😀😀🎉")
    assert chat.say("你好\x00\x07\x1b[31m")


def test_malformed_requests_get_4xx_with_bilingual_error(stack):
    url = stack.url("gateway") + "/api/chat"
    cases = [
        dict(data=b"{not json", headers={"Content-Type": "application/json"}),
        dict(json=["a list"]),
        dict(json={"sender": "x"}),
        dict(json={"sender": 5, "message": "hi"}),
        dict(json={"sender": "../../etc", "message": "hi"}),
        dict(json={"sender": "x", "message": {"nested": True}}),
    ]
    for case in cases:
        response = post(url, **case)
        assert response.status_code == 400, (case, response.text)
        assert "请求格式不正确" in response.json()["error"]["message"]
    too_big = post(url, data=b'{"sender":"x","message":"' + b"a" * 200_000 + b'"}')
    assert too_big.status_code == 413
    assert requests.get(stack.url("gateway") + "/nowhere", timeout=5).status_code == 404


def test_rasa_rest_path_survives_bad_input(stack):
    url = stack.url("rasa") + "/webhooks/rest/webhook"
    assert post(url, json={"sender": "r1", "message": ""}).status_code < 500
    assert post(url, json={"sender": "r1", "message": "x" * 10_000}).status_code == 200
    assert post(url, json={"sender": "r1", "message": "😀"}).status_code == 200
    assert post(url, json={"sender": "r1", "message": "\x00\x01"}).status_code == 200
    assert post(url, data=b"{oops", headers={"Content-Type": "application/json"}).status_code < 500


def test_rasa_rest_path_answers_400_to_a_body_that_is_not_an_object(stack):
    url = stack.url("rasa") + "/webhooks/rest/webhook"
    for body in ([], None, 1, "text", {"sender": ["x"], "message": "hi"}, {"sender": "r2", "message": 5},
                 {"sender": "r2", "message": "hi", "metadata": []}):
        assert post(url, json=body).status_code == 400, body


def test_rasa_erase_and_purge_need_the_token(stack):
    base = stack.url("rasa") + "/webhooks/rest"
    assert requests.delete(base + "/conversations/web:someone", timeout=10).status_code == 401
    assert requests.delete(base + "/conversations/web:someone", params={"token": "wrong"},
                           timeout=10).status_code == 401
    assert post(base + "/purge", json={"retention_days": 1}).status_code == 401
    token = {"token": stack.env["RASA_TOKEN"]}
    assert post(base + "/purge", params=token, json={"retention_days": -1}).status_code == 400
    assert post(base + "/purge", params=token, json=[]).status_code == 400


def test_no_process_died(stack):
    assert sorted(processes_alive(stack)) == sorted(stack.processes)
