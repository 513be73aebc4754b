"""Booking a time at a service hall: matter, hall (by county or city), day -> a booked slot."""
import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.catalogue import resolve_matter
from actions.dates import date_from
from actions.divisions import place_from
from actions.govapi_client import CONFLICT, GovApiClient, GovApiError
from actions.replies import Conversation, skip_empty

APPOINTMENT_SLOTS = ("appointment_matter", "appointment_place", "appointment_date")


def _slots(govapi: GovApiClient, hall: str, day: dt.date) -> Dict[str, Any]:
    return govapi.get(f"/v1/halls/{hall}/slots", date=day.isoformat())


class ValidateAppointmentForm(FormValidationAction):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> Text:
        return "validate_appointment_form"

    def _talk(self, dispatcher, tracker, domain) -> Conversation:
        return Conversation(dispatcher, tracker, domain, self.govapi)

    @skip_empty
    async def validate_appointment_matter(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> Dict[Text, Any]:
        talk = self._talk(dispatcher, tracker, domain)
        choice = next(tracker.get_latest_entity_values("choice"), None)
        try:
            matter = {"code": choice} if choice else resolve_matter(talk, str(value or ""))
        except GovApiError as error:
            talk.explain(error)
            return {"appointment_matter": None}
        if matter is None:
            dispatcher.utter_message(response="utter_matter_unknown")
            return {"appointment_matter": None}
        return {"appointment_matter": matter["code"]}

    @skip_empty
    async def validate_appointment_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: DomainDict) -> Dict[Text, Any]:
        place = place_from(tracker)
        if place is None:
            dispatcher.utter_message(response="utter_place_unknown")
        return {"appointment_place": place}

    @skip_empty
    async def validate_appointment_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> Dict[Text, Any]:
        day = date_from(tracker)
        if day is None:
            dispatcher.utter_message(response="utter_date_invalid")
            return {"appointment_date": None}
        hall = tracker.get_slot("appointment_place")
        if not hall:
            return {"appointment_date": day.isoformat()}
        talk = self._talk(dispatcher, tracker, domain)
        try:
            timetable = _slots(self.govapi, hall, day)
        except GovApiError as error:
            talk.explain(error)
            return {"appointment_date": None}
        if not timetable.get("open"):
            talk.say("utter_date_not_bookable", first=timetable.get("bookable_from", ""),
                     last=timetable.get("bookable_until", ""))
            return {"appointment_date": None}
        return {"appointment_date": day.isoformat()}


def _free_time(timetable: Dict[str, Any]) -> Optional[str]:
    free = [slot["time"] for slot in timetable.get("slots", []) if slot.get("available", 0) > 0]
    slots = timetable.get("slots", [])
    return free[0] if free else (slots[0]["time"] if slots else None)


def book(talk: Conversation, matter: str, hall: str, day: dt.date) -> None:
    """Books the first free time of the day; a full day offers the nearest free days as buttons."""
    timetable = _slots(talk.govapi, hall, day)
    body = {"hall_code": hall, "matter_code": matter, "date": day.isoformat(), "time": _free_time(timetable) or "09:00"}
    try:
        booked = talk.govapi.post("/v1/me/appointments", body, chat_user=talk.chat_user)["appointment"]
    except GovApiError as error:
        if error.kind != CONFLICT:
            raise
        _not_booked(talk, error, hall, day)
        return
    talk.say("utter_appointment_booked", number=booked["number"], date=booked["date"], time=booked["time"],
             hall=talk.pick(booked.get("hall_name_zh"), booked.get("hall_name_en")),
             address=talk.pick(booked.get("address_zh"), booked.get("address_en")),
             matter=talk.pick(booked.get("matter_name_zh"), booked.get("matter_name_en")))


def _not_booked(talk: Conversation, error: GovApiError, hall: str, day: dt.date) -> None:
    detail = (error.payload or {}).get("error", {})
    if error.code == "already_booked":
        talk.say("utter_already_booked", number=detail.get("number", ""))
        return
    hall_info = talk.govapi.get(f"/v1/halls/{hall}").get("hall", {})
    name = talk.pick(hall_info.get("name_zh"), hall_info.get("name_en"))
    dates = detail.get("next_free_dates") or []
    if not dates:
        talk.say("utter_slot_full_no_dates", hall=name)
        return
    buttons = [{"title": d, "payload": f'/book_appointment{{"date":"{d}"}}'} for d in dates[:5]]
    talk.say("utter_slot_full", date=day.isoformat(), hall=name, buttons=buttons)


class ActionBookAppointment(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> Text:
        return "action_book_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        try:
            book(talk, tracker.get_slot("appointment_matter"), tracker.get_slot("appointment_place"),
                 dt.date.fromisoformat(tracker.get_slot("appointment_date")))
        except GovApiError as error:
            talk.explain(error)
        # matter and hall are kept so that a button with another day books straight away
        return [{"event": "slot", "timestamp": None, "name": "appointment_date", "value": None}]


def rebook(talk: Conversation) -> bool:
    """A day chosen from the buttons of a full day: book it with the matter and hall already given."""
    if not (talk.tracker.latest_message.get("text") or "").startswith("/"):
        return False
    day = date_from(talk.tracker)
    matter, hall = talk.tracker.get_slot("appointment_matter"), talk.tracker.get_slot("appointment_place")
    if not (day and matter and hall):
        return False
    book(talk, matter, hall, day)
    return True
