"""Waits until every process of the stack answers its health check, then
prints the URLs. With --stay it keeps running (as a Procfile entry) until the
process manager stops the stack."""
import argparse
import json
import os
import signal
import sys
import time
import urllib.request

TIMEOUT_S = float(os.environ.get("READY_TIMEOUT_S", "180"))


def health_checks(env=os.environ):
    """(name, base URL, health path) of every process, from the environment."""
    return [
        ("govapi", env.get("GOVAPI_URL", "http://127.0.0.1:8000"), "/health"),
        ("actions", env.get("ACTION_SERVER_URL", "http://127.0.0.1:5055"), "/health"),
        ("rasa", env.get("RASA_URL", "http://127.0.0.1:5005"),
         f"/status?token={env.get('RASA_TOKEN', '')}"),
        ("gateway", env.get("GATEWAY_URL", "http://127.0.0.1:8080"), "/health"),
    ]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until_healthy(checks, timeout_s: float):
    """Names of the processes still unhealthy when the time is up (empty: all healthy)."""
    start = time.monotonic()
    pending = list(checks)
    while pending and time.monotonic() - start < timeout_s:
        pending = [check for check in pending if not _healthy(check[1] + check[2])]
        if pending:
            time.sleep(0.5)
    return [name for name, _, _ in pending]


def warm_up(rasa_url: str) -> None:
    """Sends Rasa one message per language so that TensorFlow's first-call
    tracing does not land on a citizen's first message."""
    for text in ("你好", "hello"):
        body = json.dumps({"sender": "warmup", "message": text}).encode()
        request = urllib.request.Request(f"{rasa_url}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=30).read()
        except OSError as error:
            print(f"warm-up message to Rasa failed: {error}")


def wait_until_ready(timeout_s: float) -> bool:
    start = time.monotonic()
    unhealthy = wait_until_healthy(health_checks(), timeout_s)
    if unhealthy:
        print(f"not healthy after {timeout_s:.0f} s: {', '.join(unhealthy)}")
        return False
    warm_up(os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    print("all processes healthy after %.1f s" % (time.monotonic() - start))
    for name, base, _ in health_checks():
        print(f"  {name:8s} {base}")
    gateway = os.environ.get("GATEWAY_URL", "http://127.0.0.1:8080")
    print(f"web chat: {gateway}/   terminal chat: make chat   (Ctrl-C stops everything)", flush=True)
    return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stay", action="store_true", help="keep running after the stack is ready")
    args = parser.parse_args()
    ready = wait_until_ready(TIMEOUT_S)
    if args.stay and ready:
        signal.pause()
    return 0 if ready else 1


if __name__ == "__main__":
    sys.exit(main())
