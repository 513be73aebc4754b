"""Platform services: service halls, former county apps, application status."""
import re
from typing import Any

from actions.divisions import division_name, is_city
from actions.govapi_client import NOT_FOUND, GovApiError
from actions.notifications import offer_buttons
from actions.replies import Conversation, status_text

CASE_NUMBER = re.compile(r"JS\d{14}", re.IGNORECASE)


def halls_of(talk: Conversation, place: str) -> list:
    query = {"city": place} if is_city(place) else {"county": place}
    halls = talk.govapi.get("/v1/halls", **query).get("halls", [])
    if is_city(place):
        # the city's own centre first, then its counties
        halls.sort(key=lambda hall: hall.get("code") != place)
    return halls


def show_hall(talk: Conversation, hall: dict[str, Any]) -> None:
    talk.say("utter_hall", name=talk.pick(hall.get("name_zh"), hall.get("name_en")),
             address=talk.pick(hall.get("address_zh"), hall.get("address_en")),
             hours=talk.pick(hall.get("hours_zh"), hall.get("hours_en")), phone=hall.get("phone", ""))


def find_service_hall(talk: Conversation) -> str:
    halls = halls_of(talk, talk.tracker.get_slot("place"))
    for hall in halls[:1]:
        show_hall(talk, hall)
    return "done"


def app_migration(talk: Conversation) -> str:
    place = talk.tracker.get_slot("place")
    query = {"city": place} if is_city(place) else {"county": place}
    answer = talk.govapi.get("/v1/app-migrations", **query)
    unified = answer.get("unified_app", {})
    apps = answer.get("apps", [])
    if not apps:
        talk.say("utter_app_migration_none", county=division_name(place, talk.language),
                 unified_link=unified.get("link", ""))
        return "done"
    for app in apps[:3]:
        functions = [{"function": talk.pick(f.get("name_zh"), f.get("name_en")),
                      "matter": talk.pick(f.get("matter_name_zh"), f.get("matter_name_en")), "link": f.get("link", "")}
                     for f in app.get("functions", [])]
        talk.say("utter_app_migration", app=talk.pick(app.get("name_zh"), app.get("name_en")),
                 county=talk.pick(app.get("county_name_zh"), app.get("county_name_en")),
                 shut_down_on=app.get("shut_down_on", ""), unified_link=unified.get("link", ""),
                 functions=talk.lines("utter_line_app_function", functions))
    return "done"


def case_number_from(talk: Conversation) -> str | None:
    value = next(talk.tracker.get_latest_entity_values("case_number"), None)
    if not value:
        found = CASE_NUMBER.search(talk.tracker.latest_message.get("text") or "")
        value = found.group(0) if found else talk.tracker.get_slot("case_number")
    return value.upper() if value else None


def application_status(talk: Conversation) -> str:
    case_number = talk.tracker.get_slot("case_number")
    if case_number:
        return _one_case(talk, case_number)
    answer = talk.govapi.get("/v1/me/applications", chat_user=talk.chat_user)
    items = [{"case_number": a["case_number"], "matter": talk.pick(a.get("matter_name_zh"), a.get("matter_name_en")),
              "status": status_text(talk, a.get("status"))} for a in answer.get("applications", [])]
    if not items:
        talk.say("utter_application_none")
    else:
        talk.say("utter_application_list", buttons=offer_buttons(talk),
                 items=talk.lines("utter_line_application", items))
    return "done"


def _one_case(talk: Conversation, case_number: str) -> str:
    try:
        case = talk.govapi.get(f"/v1/applications/{case_number}", chat_user=talk.chat_user)["application"]
    except GovApiError as error:
        if error.kind != NOT_FOUND:
            raise
        talk.say("utter_case_not_found", case_number=case_number)
        return "done"
    talk.say("utter_application_status", buttons=offer_buttons(talk), case_number=case_number,
             matter=talk.pick(case.get("matter_name_zh"), case.get("matter_name_en")),
             status=status_text(talk, case.get("status")), submitted=case.get("submitted_at", "")[:10],
             updated=case.get("updated_at", "")[:10])
    return "done"
