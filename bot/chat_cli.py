"""`make chat`: a terminal conversation with the running stack, through the
gateway like any other channel. Buttons are listed by number; type the number
to press one."""
import os
import sys
import uuid

import requests


def _print_reply(reply: dict, buttons: list) -> None:
    if reply.get("text"):
        print(f"通办> {reply['text']}")
    for button in reply.get("buttons") or []:
        buttons.append(button)
        print(f"  [{len(buttons)}] {button['title']}")


def _message_for(line: str, buttons: list) -> str:
    if line.isdigit() and 1 <= int(line) <= len(buttons):
        return buttons[int(line) - 1]["payload"]
    return line


def main() -> int:
    url = os.environ.get("GATEWAY_URL", "http://127.0.0.1:8080") + "/api/chat"
    sender = f"cli-{uuid.uuid4().hex[:8]}"
    print("通办 Tongban — 输入消息后回车，Ctrl-D 退出 / type a message and press Enter, Ctrl-D to quit")
    buttons: list = []
    for line in sys.stdin:
        message = _message_for(line.strip(), buttons)
        buttons = []
        try:
            answer = requests.post(url, json={"sender": sender, "message": message}, timeout=15)
            body = answer.json()
        except (requests.RequestException, ValueError) as error:
            print(f"(gateway not reachable at {url}: {error}; is `make run` running?)")
            continue
        for reply in body.get("replies", []):
            _print_reply(reply, buttons)
        if "error" in body:
            print(body["error"]["message"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
