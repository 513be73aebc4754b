"""Saying things to the citizen: bilingual responses from the domain, masking, error explanations.

Every text lives in the domain (domain/) with an English and a Chinese variation. Lines that
make up a list (months, transactions, materials ...) are responses too; `line()`
renders them in the citizen's language so that the list can be passed to the
response that shows it. The action server reads the responses from the domain file
itself, so that Rasa need not send the whole domain with every call (selective domain).
"""
import functools
import logging
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import plain_words, platform_errors
from actions.govapi_client import GovApiClient, GovApiError
from actions.satisfaction import rating_mark
from registry import domain

logger = logging.getLogger(__name__)

@functools.lru_cache(maxsize=1)
def responses() -> dict[str, list[dict[str, Any]]]:
    """The domain's responses, read once."""
    return domain.load()["responses"]


def variation_for(variations: list[dict[str, Any]], slots: dict[str, Any]) -> dict[str, Any]:
    """The variation Rasa chooses for these slot values: one whose conditions all hold (the domain
    makes at most one hold), else the one without conditions."""
    for variation in variations:
        conditions = variation.get("condition") or []
        if conditions and all(slots.get(condition.get("name")) == condition.get("value") for condition in conditions):
            return variation
    return next((variation for variation in variations if not variation.get("condition")), variations[-1])


@dataclass
class Conversation:
    """One turn of one citizen: where to say things, in which language, as which chat user."""

    dispatcher: CollectingDispatcher
    tracker: Tracker
    domain: dict[str, Any]
    govapi: GovApiClient
    events: list[dict[str, Any]] = field(default_factory=list)
    # buttons of the lines rendered since the last message (elder mode names links as buttons)
    line_buttons: list[dict[str, str]] = field(default_factory=list)

    @property
    def language(self) -> str:
        return "en" if self.tracker.get_slot("language") == "en" else "zh"

    @property
    def english(self) -> bool:
        return self.language == "en"

    @property
    def elder_mode(self) -> bool:
        return bool(self.tracker.get_slot("elder_mode"))

    def variation(self, response: str) -> dict[str, Any]:
        """The variation of a response this citizen is shown (language, elder mode)."""
        variations = responses().get(response) or [{"text": ""}]
        return variation_for(variations, {"language": self.language, "elder_mode": self.elder_mode})

    @property
    def chat_user(self) -> str:
        return self.tracker.sender_id

    def pick(self, zh: str | None, en: str | None) -> str:
        """The citizen's language of a bilingual value that govapi returns."""
        return (en if self.english else zh) or zh or en or ""

    def say(self, response: str, buttons: list[dict[str, str]] | None = None, **values: Any) -> None:
        values = self._worded(values)
        buttons = (buttons or []) + self.line_buttons
        self.line_buttons = []
        mark = rating_mark(self.tracker, response)   # sent with the response: the gateway may ask for a rating
        if buttons:
            self.dispatcher.utter_message(response=response, buttons=buttons, json_message=mark, **values)
        else:
            self.dispatcher.utter_message(response=response, json_message=mark, **values)

    def line(self, response: str, **values: Any) -> str:
        """A response rendered to text in the citizen's language (for lists inside other responses)."""
        variation = self.variation(response)
        values = self._worded(values)
        try:
            self._keep_buttons(variation.get("buttons") or [], values)
            return variation.get("text", "").format(**values)
        except (KeyError, IndexError, ValueError):
            logger.warning("could not render %s", response)
            return variation.get("text", "")

    def _keep_buttons(self, buttons: list[dict[str, str]], values: dict[str, Any]) -> None:
        """A line's buttons go with the message the line ends up in (once per target)."""
        for button in buttons:
            rendered = {key: str(value).format(**values) for key, value in button.items()}
            if rendered.get("payload") and all(kept["payload"] != rendered["payload"] for kept in self.line_buttons):
                self.line_buttons.append(rendered)

    def amount(self, value: Any) -> str:
        """A sum of money as the citizen's mode writes it (2,350.00; in elder mode 2350 / 2,350)."""
        return plain_words.amount(value, self.language) if self.elder_mode else money(value)

    def _worded(self, values: dict[str, Any]) -> dict[str, Any]:
        return plain_words.plain_values(values, self.language) if self.elder_mode else values

    def lines(self, response: str, rows: list[dict[str, Any]]) -> str:
        return "\n".join(self.line(response, **row) for row in rows) or self.line("utter_none")

    def set(self, slot: str, value: Any) -> None:
        self.events.append({"event": "slot", "timestamp": None, "name": slot, "value": value})

    def explain(self, error: GovApiError) -> None:
        """Tells the citizen why govapi could not do it, with a next step (never the platform's own text)."""
        values = platform_errors.values_of(error)
        if "minutes" in values:
            values["wait"] = self.plural(values["minutes"], "utter_part_minutes_one", "utter_part_minutes")
        self.say(platform_errors.response_of(error), **values)

    def working_days(self, days: Any) -> str:
        return self.plural(int(days or 0), "utter_part_working_days_one", "utter_part_working_days")

    def plural(self, count: int, one: str, many: str) -> str:
        """A count with its noun in the citizen's language (`one`/`many` are line responses with {count})."""
        return self.line(one if count == 1 else many, count=count)


def money(amount: Any) -> str:
    try:
        return f"{float(amount):,.2f}"
    except (TypeError, ValueError):
        return str(amount)


def status_text(talk: Conversation, code: Any) -> str:
    """A status code of govapi (in_review, paying ...) in the citizen's language."""
    name = f"utter_part_status_{code}"
    return talk.line(name) if name in responses() else str(code)


def skip_empty(validate):
    """For a form's `validate_<slot>`: a slot emptied by an action (not typed by the citizen) is
    passed through without a word, since forms validate every slot set since the last message."""
    slot = validate.__name__[len("validate_"):]

    @functools.wraps(validate)
    async def wrapper(self, value, dispatcher, tracker, domain):
        if value is None:
            return {slot: None}
        return await validate(self, value, dispatcher, tracker, domain)

    return wrapper


def say_filled(talk: Conversation, response: str, **placeholders: str) -> None:
    """Sends a response whose button payloads carry placeholders (`{intent}`, `{code}` ...), which
    Rasa does not fill in payloads that are JSON themselves."""
    variation = talk.variation(response)

    def fill(text: str) -> str:
        for name, value in placeholders.items():
            text = text.replace("{" + name + "}", value)
        return text

    buttons = [{"title": fill(b["title"]), "payload": fill(b["payload"])} for b in variation.get("buttons", [])]
    talk.dispatcher.utter_message(text=fill(variation.get("text", "")), buttons=buttons)
