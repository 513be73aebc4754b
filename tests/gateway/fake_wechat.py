"""A fake WeChat official-account platform, as the gateway meets it. It pushes citizens' messages
to the gateway's /wechat as WeChat does: signed, in plaintext or AES-encrypted (its own
implementation of WeChat's scheme, not wechatpy's), giving up on an attempt after `patience_s`
(WeChat waits 5 seconds) and trying again up to three times, to the next gateway in its list.
It serves the API the gateway calls: the access token (each fetch counted, tokens expire) and
customer-service messages (recorded). An aiohttp server and client run in a thread of their own,
so synchronous tests and benchmarks can drive it."""
import asyncio
import base64
import hashlib
import itertools
import os
import secrets
import struct
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from tools.stack import free_port

TOKEN = "tongban-wechat-token"
APP_ID = "wx5d3c0e2b1a4f6789"
APP_SECRET = "fake-wechat-app-secret-0123456789"
ACCOUNT = "gh_0123456789ab"
AES_KEY = base64.b64encode(hashlib.sha256(b"current key").digest()).decode().rstrip("=")
PREVIOUS_AES_KEY = base64.b64encode(hashlib.sha256(b"previous key").digest()).decode().rstrip("=")
ACKNOWLEDGED = ("", "success")


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def encrypt(aes_key: str, app_id: str, plaintext: str) -> str:
    key = base64.b64decode(aes_key + "=")
    body = plaintext.encode()
    data = os.urandom(16) + struct.pack(">I", len(body)) + body + app_id.encode()
    padding = 32 - len(data) % 32
    data += bytes([padding]) * padding
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def decrypt(aes_key: str, app_id: str, encrypted: str) -> str:
    key = base64.b64decode(aes_key + "=")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    data = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    content = data[16:-data[-1]]
    length = struct.unpack(">I", content[:4])[0]
    assert content[4 + length:].decode() == app_id, "reply sealed for another app"
    return content[4:4 + length].decode()


def _cdata(value: str) -> str:
    return f"<![CDATA[{value}]]>"


def message_xml(openid: str, msg_type: str, msg_id: int | None = None, create_time: int | None = None,
                **fields: str) -> str:
    parts = [f"<ToUserName>{_cdata(ACCOUNT)}</ToUserName>", f"<FromUserName>{_cdata(openid)}</FromUserName>",
             f"<CreateTime>{create_time or int(time.time())}</CreateTime>", f"<MsgType>{_cdata(msg_type)}</MsgType>"]
    parts += [f"<{name}>{_cdata(str(value))}</{name}>" for name, value in fields.items()]
    if msg_id is not None:
        parts.append(f"<MsgId>{msg_id}</MsgId>")
    return "<xml>" + "".join(parts) + "</xml>"


def _field(xml: str, name: str) -> str | None:
    found = ElementTree.fromstring(xml).find(name)
    return None if found is None else found.text


@dataclass
class Answer:
    kind: str      # "passive" (in the HTTP response) or "custom" (customer-service message)
    text: str
    at_s: float    # seconds after the message was first pushed


@dataclass
class Attempt:
    target: str
    status: int | None      # None: WeChat gave up waiting
    body: str = ""
    at_s: float = 0.0


@dataclass
class Delivery:
    openid: str
    msg_id: int | None
    started: float
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def statuses(self) -> list[int | None]:
        return [attempt.status for attempt in self.attempts]


class FakeWechat:
    def __init__(self, targets: Sequence[str] = (), patience_s: float = 5.0, retries: int = 3,
                 aes_key: str | None = None, token_expires_in: int = 7200) -> None:
        self.targets = list(targets)
        self.patience_s = patience_s
        self.retries = retries
        self.aes_key = aes_key                 # seal pushed messages with it (safe mode)
        self.token_expires_in = token_expires_in
        self.port = free_port()
        self.token_fetches = 0
        self.custom_messages: list[dict] = []  # {"openid", "text", "at" (monotonic)}
        self._valid_tokens: dict[str, float] = {}
        self._failures: list[dict] = []
        self._started: dict[str, float] = {}   # openid -> when its latest message was pushed
        self._passive: list[dict] = []         # {"openid", "text", "at"}
        self._lock = threading.Lock()
        self._msg_ids = itertools.count(int(time.time() * 1000) * 1000)
        self._target_turn = itertools.count()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def gateway_env(self, **extra: str) -> dict[str, str]:
        """The gateway settings that point it at this fake."""
        return {"WECHAT_TOKEN": TOKEN, "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": APP_SECRET,
                "WECHAT_API_BASE": self.api_base, **extra}

    # --- lifecycle -----------------------------------------------------------------

    def start(self) -> "FakeWechat":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _serve(self) -> None:
        self._http = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._custom_send)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _shutdown(self) -> None:
        await self._http.close()
        await self._runner.cleanup()

    # --- the API the gateway calls ---------------------------------------------------

    async def _token(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("grant_type") != "client_credential" or query.get("appid") != APP_ID:
            return web.json_response({"errcode": 40013, "errmsg": "invalid appid"})
        if query.get("secret") != APP_SECRET:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        token = "ACCESS_" + secrets.token_hex(16)
        with self._lock:
            self.token_fetches += 1
            self._valid_tokens[token] = time.monotonic() + self.token_expires_in
        return web.json_response({"access_token": token, "expires_in": self.token_expires_in})

    async def _custom_send(self, request: web.Request) -> web.Response:
        with self._lock:
            expires = self._valid_tokens.get(request.query.get("access_token", ""))
            failure = self._failures.pop(0) if self._failures else None
        if expires is None or expires < time.monotonic():
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"})
        if failure:
            return web.json_response(failure["body"], status=failure["status"])
        body = await request.json()
        if body.get("msgtype") != "text" or not body.get("touser"):
            return web.json_response({"errcode": 40008, "errmsg": "invalid message type"})
        with self._lock:
            self.custom_messages.append({"openid": body["touser"], "text": body["text"]["content"],
                                         "at": time.monotonic()})
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    def fail_next_custom(self, status: int = 502, times: int = 1, errcode: int | None = None) -> None:
        body = {"errcode": errcode, "errmsg": "system error"} if errcode is not None else {"error": "bad gateway"}
        with self._lock:
            self._failures.extend({"status": status, "body": body} for _ in range(times))

    def expire_tokens(self) -> None:
        """WeChat invalidates every token it gave (as when the secret is reset elsewhere)."""
        with self._lock:
            self._valid_tokens.clear()

    # --- pushing citizens' messages -------------------------------------------------

    def signed_query(self, body: str = "", encrypted: bool = False, openid: str = "o-citizen",
                     timestamp: int | None = None, token: str = TOKEN) -> dict[str, str]:
        timestamp, nonce = str(timestamp or int(time.time())), secrets.token_hex(5)
        query = {"signature": signature(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce,
                 "openid": openid}
        if encrypted:
            encrypted_part = _field(body, "Encrypt") or ""
            query.update(encrypt_type="aes", msg_signature=signature(token, timestamp, nonce, encrypted_part))
        return query

    def seal(self, xml: str, aes_key: str | None = None) -> str:
        return (f"<xml><ToUserName>{_cdata(ACCOUNT)}</ToUserName>"
                f"<Encrypt>{_cdata(encrypt(aes_key or self.aes_key, APP_ID, xml))}</Encrypt></xml>")

    def push(self, xml: str, openid: str, aes_key: str | None = None) -> Delivery:
        """Pushes a message as WeChat does and waits until WeChat would stop trying."""
        return self.push_async(xml, openid, aes_key).result(self.patience_s * (self.retries + 2) + 30)

    def push_async(self, xml: str, openid: str, aes_key: str | None = None) -> Future:
        return asyncio.run_coroutine_threadsafe(self._push(xml, openid, aes_key), self._loop)

    async def _push(self, xml: str, openid: str, aes_key: str | None) -> Delivery:
        started = time.monotonic()
        with self._lock:
            self._started[openid] = started
        msg_id = _field(xml, "MsgId")
        delivery = Delivery(openid, int(msg_id) if msg_id else None, started)
        key = aes_key or self.aes_key
        body = self.seal(xml, key) if key else xml
        for _ in range(1 + self.retries):
            attempt = await self._attempt(body, openid, encrypted=bool(key), started=started, key=key)
            delivery.attempts.append(attempt)
            if attempt.status is not None and attempt.status < 500:
                break
        return delivery

    async def _attempt(self, body: str, openid: str, encrypted: bool, started: float,
                       key: str | None) -> Attempt:
        target = self.targets[next(self._target_turn) % len(self.targets)]
        query = self.signed_query(body, encrypted, openid)
        try:
            async with self._http.post(target + "/wechat", params=query, data=body.encode(),
                                       headers={"Content-Type": "text/xml"},
                                       timeout=aiohttp.ClientTimeout(total=self.patience_s)) as response:
                text = await response.text()
                attempt = Attempt(target, response.status, text, time.monotonic() - started)
        except (asyncio.TimeoutError, aiohttp.ClientError):
            return Attempt(target, None, "", time.monotonic() - started)
        if attempt.status == 200 and text not in ACKNOWLEDGED:
            content = self._passive_content(text, key)
            with self._lock:
                self._passive.append({"openid": openid, "text": content, "at": time.monotonic()})
        return attempt

    @staticmethod
    def _passive_content(text: str, key: str | None) -> str:
        if key:
            sealed = _field(text, "Encrypt")
            expected = signature(TOKEN, _field(text, "TimeStamp"), _field(text, "Nonce"), sealed)
            assert _field(text, "MsgSignature") == expected, "passive reply signed wrongly"
            text = decrypt(key, APP_ID, sealed)
        assert _field(text, "MsgType") == "text" and _field(text, "ToUserName"), text
        return _field(text, "Content")

    # --- what tests do -------------------------------------------------------------

    def next_msg_id(self) -> int:
        return next(self._msg_ids)

    def text(self, openid: str, content: str, msg_id: int | None = None, **kwargs) -> Delivery:
        return self.push(message_xml(openid, "text", msg_id or self.next_msg_id(), Content=content), openid, **kwargs)

    def answers(self, openid: str) -> list[Answer]:
        """Every answer this citizen got, in arrival order, timed from their latest message."""
        with self._lock:
            started = self._started.get(openid, 0.0)
            found = [("passive", item) for item in self._passive if item["openid"] == openid]
            found += [("custom", item) for item in self.custom_messages if item["openid"] == openid]
        found.sort(key=lambda pair: pair[1]["at"])
        return [Answer(kind, item["text"], item["at"] - started) for kind, item in found]

    def wait_for_answers(self, openid: str, count: int, timeout_s: float = 30, quiet_s: float = 0.0) -> list[Answer]:
        """Waits for at least `count` answers (and then until none came for `quiet_s`)."""
        deadline = time.monotonic() + timeout_s
        while len(self.answers(openid)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {count} answers: {self.answers(openid)}")
            time.sleep(0.05)
        seen = len(self.answers(openid))
        while quiet_s:
            time.sleep(quiet_s)
            if len(self.answers(openid)) == seen:
                break
            seen = len(self.answers(openid))
        return self.answers(openid)


def main() -> None:
    """Chat as a WeChat citizen with a gateway started by `make run` (see README, "WeChat")."""
    import argparse
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=8099, help="where the gateway finds this fake (WECHAT_API_BASE)")
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--aes-key", default="", help="the gateway's WECHAT_ENCODING_AES_KEY, for safe mode")
    parser.add_argument("--openid", default="oTerminalCitizen_0000000001")
    options = parser.parse_args()
    fake = FakeWechat([options.gateway], aes_key=options.aes_key or None)
    fake.port = options.port
    fake.start()
    print(f"fake WeChat API on {fake.api_base}; type messages (\"/subscribe\" follows the account), Ctrl-D ends")
    try:
        for line in sys.stdin:
            already = len(fake.answers(options.openid))
            xml = (message_xml(options.openid, "event", Event="subscribe", EventKey="") if line.strip() == "/subscribe"
                   else message_xml(options.openid, "text", fake.next_msg_id(), Content=line.rstrip("\n")))
            delivery = fake.push(xml, options.openid)
            try:
                answers = fake.wait_for_answers(options.openid, already + 1, timeout_s=30, quiet_s=1.0)[already:]
            except AssertionError:
                answers = []
            print(f"  [{delivery.statuses}]")
            for answer in answers:
                print(f"  {answer.kind} after {answer.at_s:.2f} s: {answer.text}")
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
