"""Booking a time at a service hall: matter, hall (by county or city), day -> a booked slot."""
import datetime as dt
import os
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.catalogue import fetch_matter, matter_buttons, resolve_matter
from actions.confirmation import confirmation
from actions.dates import date_from
from actions.divisions import divisions, place_from
from actions.govapi_client import CONFLICT, NOT_FOUND, GovApiClient, GovApiError
from actions.opening import part_of_day
from actions.read_back import ReadBackFormValidationAction
from actions.replies import Conversation, skip_empty

APPOINTMENT_SLOTS = ("appointment_matter", "appointment_place", "appointment_date", "appointment_part_of_day",
                     "appointment_confirmed", "matter_candidates")
# parts of the day the NLU names, as the times of the hall's slots they cover
PARTS_OF_DAY = {"morning": ("00:00", "12:00"), "noon": ("11:00", "14:00"), "afternoon": ("12:00", "18:00"),
                "evening": ("17:00", "24:00"), "night": ("17:00", "24:00")}
MATTER_CODE = re.compile(r"[a-z][a-z0-9_]{2,60}")


def _slots(govapi: GovApiClient, hall: str, day: dt.date) -> dict[str, Any]:
    return govapi.get(f"/v1/halls/{hall}/slots", date=day.isoformat())


class ValidateAppointmentForm(ReadBackFormValidationAction):
    """Matter, hall and day (which the opening message may already have given), then the citizen
    confirms a summary; a correction at the summary ("不对，是下周三") changes only that value."""

    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "validate_appointment_form"

    def _talk(self, dispatcher, tracker, domain) -> Conversation:
        return Conversation(dispatcher, tracker, domain, self.govapi)

    @skip_empty
    async def validate_appointment_matter(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        talk = self._talk(dispatcher, tracker, domain)
        choice = next(tracker.get_latest_entity_values("choice"), None)
        matter: dict[str, Any] | None
        try:
            if choice:
                matter = {"code": choice}
            else:
                matter = _known_matter(talk, value) or resolve_matter(talk, str(value or ""))
        except GovApiError as error:
            talk.explain(error)
            return {"appointment_matter": None}
        if matter is None:
            dispatcher.utter_message(response="utter_matter_unknown")
            return {"appointment_matter": None}
        return {"appointment_matter": matter["code"], "matter_candidates": None}

    @skip_empty
    async def validate_appointment_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: DomainDict) -> dict[str, Any]:
        place = place_from(tracker) or (value if value in divisions() else None)
        if place is None:
            dispatcher.utter_message(response="utter_place_unknown")
        return {"appointment_place": place}

    @skip_empty
    async def validate_appointment_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> dict[str, Any]:
        day = date_from(tracker) or _iso_day(value)
        if day is None:
            dispatcher.utter_message(response="utter_date_invalid")
            return {"appointment_date": None}
        talk = self._talk(dispatcher, tracker, domain)
        checked = {"appointment_date": _bookable(talk, tracker.get_slot("appointment_place"), day)}
        part = part_of_day(tracker)
        return {**checked, "appointment_part_of_day": part} if part else checked

    async def validate_appointment_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                             domain: DomainDict) -> dict[str, Any]:
        if value is None:
            return {"appointment_confirmed": None}
        talk = self._talk(dispatcher, tracker, domain)
        changed = self._corrections(talk)
        if changed:
            return {**changed, "appointment_confirmed": None}
        return confirmation(talk, "appointment_confirmed")

    def _corrections(self, talk: Conversation) -> dict[str, Any]:
        """The values a message at the summary changes: a day, a hall."""
        tracker = talk.tracker
        changed: dict[str, Any] = {}
        place = place_from(tracker)
        if place and place != tracker.get_slot("appointment_place"):
            changed["appointment_place"] = place
        day = date_from(tracker)
        if day:
            changed["appointment_date"] = _bookable(talk, changed.get("appointment_place")
                                                    or tracker.get_slot("appointment_place"), day)
            part = part_of_day(tracker)
            if part:
                changed["appointment_part_of_day"] = part
        return changed


def _known_matter(talk: Conversation, value: Any) -> dict[str, Any] | None:
    """A catalogue code set before the form started (from the opening message)."""
    if not MATTER_CODE.fullmatch(str(value or "")):
        return None
    try:
        return fetch_matter(talk, str(value))
    except GovApiError as error:
        if error.kind == NOT_FOUND:
            return None
        raise


def _iso_day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _bookable(talk: Conversation, hall: str | None, day: dt.date) -> str | None:
    """The day (ISO) when the hall takes bookings on it; else None, with the reason said."""
    if not hall:
        return day.isoformat()
    try:
        timetable = _slots(talk.govapi, hall, day)
    except GovApiError as error:
        talk.explain(error)
        return None
    if not timetable.get("open"):
        talk.say("utter_date_not_bookable", first=timetable.get("bookable_from", ""),
                 last=timetable.get("bookable_until", ""))
        return None
    return day.isoformat()


class ActionAskAppointmentMatter(Action):
    """Asks for the matter; when the opening message named several equally well, offers those."""

    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_ask_appointment_matter"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        codes = tracker.get_slot("matter_candidates") or []
        try:
            matters = [fetch_matter(talk, code) for code in codes]
        except GovApiError:
            matters = []
        if matters:
            talk.say("utter_matter_choose", buttons=matter_buttons(talk, matters, "inform"))
        else:
            talk.say("utter_ask_appointment_matter")
        return []


class ActionAskAppointmentDate(Action):
    """Asks for the day, naming the days the hall takes bookings for (the platform's window)."""

    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_ask_appointment_date"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        first = tomorrow.isoformat()
        last = (dt.date.today() + dt.timedelta(days=int(os.environ.get("GOVAPI_BOOKING_DAYS", 30)))).isoformat()
        hall = tracker.get_slot("appointment_place")
        if hall:
            try:
                timetable = _slots(self.govapi, hall, tomorrow)
                first, last = timetable.get("bookable_from") or first, timetable.get("bookable_until") or last
            except GovApiError:
                pass  # the window the platform is configured with, without its answer
        dispatcher.utter_message(response="utter_ask_appointment_date", first=first, last=last)
        return []


class ActionAskAppointmentConfirmed(Action):
    """The booking's summary, with buttons to confirm or change it."""

    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_ask_appointment_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        try:
            matter = fetch_matter(talk, tracker.get_slot("appointment_matter"))
            hall = talk.govapi.get(f"/v1/halls/{tracker.get_slot('appointment_place')}").get("hall", {})
        except GovApiError as error:
            talk.explain(error)
            return []
        part = tracker.get_slot("appointment_part_of_day")
        talk.say("utter_confirm_appointment", date=tracker.get_slot("appointment_date"),
                 part_of_day=talk.line(f"utter_part_{part}") if part in PARTS_OF_DAY else "",
                 hall=talk.pick(hall.get("name_zh"), hall.get("name_en")),
                 matter=talk.pick(matter.get("name_zh"), matter.get("name_en")))
        return []


def _free_time(timetable: dict[str, Any], part: str | None = None) -> str | None:
    """The first free time, in the part of the day asked for when it has one."""
    free = [slot["time"] for slot in timetable.get("slots", []) if slot.get("available", 0) > 0]
    slots = timetable.get("slots", [])
    start, end = PARTS_OF_DAY.get(part or "", ("00:00", "24:00"))
    in_part = [time for time in free if start <= time < end]
    return (in_part or free or [slot["time"] for slot in slots] or [None])[0]


def book(talk: Conversation, matter: str, hall: str, day: dt.date, part: str | None = None) -> None:
    """Books the first free time of the day (of its part asked for); a full day offers the nearest
    free days as buttons."""
    timetable = _slots(talk.govapi, hall, day)
    body = {"hall_code": hall, "matter_code": matter, "date": day.isoformat(),
            "time": _free_time(timetable, part) or "09:00"}
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

    def name(self) -> str:
        return "action_book_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        day = dt.date.fromisoformat(tracker.get_slot("appointment_date"))
        try:
            book(talk, tracker.get_slot("appointment_matter"), tracker.get_slot("appointment_place"), day,
                 tracker.get_slot("appointment_part_of_day"))
        except GovApiError as error:
            talk.explain(error)
        # matter and hall are kept so that a button with another day books straight away
        return [{"event": "slot", "timestamp": None, "name": name, "value": None}
                for name in ("appointment_date", "appointment_part_of_day", "appointment_confirmed")]


def start_booking(talk: Conversation) -> str:
    """Routing's step for a booking: a day picked from the buttons is booked, else the form starts."""
    return "done" if rebook(talk) else "appointment_form"


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
