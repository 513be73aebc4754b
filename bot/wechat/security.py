"""Is a request from WeChat, and what does it say: the query signature (token, timestamp, nonce),
in safe mode the message signature and AES decryption (the previous EncodingAESKey still works
during a key rotation), and encryption of the passive reply with the key the message came in."""
import time
from dataclasses import dataclass

from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.utils import check_signature

from bot.config import WechatSettings

# WeChat's timestamps are seconds; older signatures are not accepted again.
MAX_CLOCK_SKEW_S = 300


class Forbidden(Exception):
    """Not signed by WeChat with our token."""


class Unreadable(Exception):
    """Signed, but not a message this channel can read."""


@dataclass(frozen=True)
class Signed:
    signature: str
    timestamp: str
    nonce: str
    msg_signature: str = ""
    encrypted: bool = False

    @classmethod
    def from_query(cls, args) -> "Signed":
        return cls(signature=args.get("signature", ""), timestamp=args.get("timestamp", ""),
                   nonce=args.get("nonce", ""), msg_signature=args.get("msg_signature", ""),
                   encrypted=args.get("encrypt_type", "raw").lower() == "aes")


class Envelope:
    def __init__(self, settings: WechatSettings) -> None:
        self.token = settings.token
        keys = [key for key in (settings.encoding_aes_key, settings.previous_aes_key) if key]
        self.cryptos: list[WeChatCrypto] = [WeChatCrypto(settings.token, key, settings.app_id) for key in keys]

    def verify(self, signed: Signed) -> None:
        """The query signature every request carries (the server check, every message)."""
        if not (signed.signature and signed.timestamp.isdigit() and signed.nonce):
            raise Forbidden("unsigned")
        if abs(time.time() - int(signed.timestamp)) > MAX_CLOCK_SKEW_S:
            raise Forbidden("stale timestamp")
        try:
            check_signature(self.token, signed.signature, signed.timestamp, signed.nonce)
        except InvalidSignatureException:
            raise Forbidden("bad signature") from None

    def open(self, signed: Signed, body: str) -> tuple[str, WeChatCrypto | None]:
        """The message XML and the crypto it was sealed with (None in plaintext mode). In safe mode a
        plaintext message is refused: its body is covered by no signature."""
        self.verify(signed)
        if not self.cryptos:
            if signed.encrypted:
                raise Unreadable("encrypted message, but no WECHAT_ENCODING_AES_KEY")
            return body, None
        if not signed.encrypted:
            raise Forbidden("plaintext message in safe mode")
        for crypto in self.cryptos:
            try:
                return crypto.decrypt_message(body, signed.msg_signature, signed.timestamp, signed.nonce), crypto
            except InvalidSignatureException:
                raise Forbidden("bad message signature") from None
            except Exception:  # noqa: BLE001 - wrong key or garbage: try the previous key
                continue
        raise Unreadable("cannot decrypt")

    @staticmethod
    def seal(xml: str, crypto: WeChatCrypto | None, nonce: str) -> str:
        return xml if crypto is None else crypto.encrypt_message(xml, nonce)
