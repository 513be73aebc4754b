"""The trainers' routes of the desk (/api/desk/curation/...): the inbox, labelling, new intents,
dismissing, bulk actions, the most confused intents; and the agents' flag on a citizen message.
What curating does is the curation package's; these routes check requests and answer them."""
from itertools import pairwise
from typing import Any

from sanic import Blueprint, Request
from sanic.exceptions import InvalidUsage

from bot.desk.http import CURATION_ROLES, STAFF_ROLES, json_answer, json_body, requires, text_field
from bot.desk.matters import INTENT_NAME
from bot.store import in_thread
from curation.inbox import CurationError
from curation.models import CURATION_STATES, EXPORTED, OPEN
from registry.intents import registry

MAX_BULK = 200
MAX_LIST = 500
NEW_INTENT_DOMAINS = registry().areas()

curation_routes = Blueprint("desk_curation")


def _inbox(request: Request):
    return request.app.ctx.desk_inbox


def _known_intent(request: Request, value: Any) -> str:
    if not isinstance(value, str) or value not in request.app.ctx.desk_matters:
        raise InvalidUsage("intent must be one of the domain's intents (GET /api/desk/curation/intents)")
    return value


def _entities(request: Request, value: Any, text: str) -> list[dict[str, Any]]:
    """Marked spans, checked against the item's text; each gets the value it covers."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > 20:
        raise InvalidUsage("entities must be a list of at most 20 spans")
    spans: list[dict[str, Any]] = []
    for span in value:
        start, end, entity = (span.get(key) for key in ("start", "end", "entity")) if isinstance(span, dict) \
            else (None, None, None)
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise InvalidUsage("each entity needs 0 <= start < end <= the text's length")
        if entity not in request.app.ctx.desk_entity_types:
            raise InvalidUsage(f"unknown entity type {entity!r}")
        spans.append({"start": start, "end": end, "entity": entity, "value": text[start:end]})
    spans.sort(key=lambda span: span["start"])
    if any(a["end"] > b["start"] for a, b in pairwise(spans)):
        raise InvalidUsage("entities must not overlap")
    return spans


def _proposal(request: Request, body: dict[str, Any]) -> dict[str, str]:
    name = body.get("intent")
    if not isinstance(name, str) or not INTENT_NAME.match(name):
        raise InvalidUsage("a new intent needs a snake_case name, e.g. marriage_registration")
    if name in request.app.ctx.desk_matters:
        raise InvalidUsage(f"{name} already exists: label the message with it instead")
    domain = body.get("domain") or "general"
    if domain not in NEW_INTENT_DOMAINS:
        raise InvalidUsage(f"domain must be one of {', '.join(NEW_INTENT_DOMAINS)}")
    return {"name": name, "description": text_field(body, "description"), "domain": domain}


async def _item(request: Request, item_id: int) -> dict[str, Any]:
    item = await in_thread(_inbox(request).get, item_id)
    if item is None:
        raise CurationError(f"no curation item {item_id}")
    return item


@curation_routes.get("/api/desk/curation/items")
@requires(*CURATION_ROLES)
async def list_items(request: Request):
    status = request.args.get("status", OPEN)
    if status not in CURATION_STATES:
        raise InvalidUsage(f"status must be one of {', '.join(CURATION_STATES)}")
    try:
        limit = min(MAX_LIST, max(1, int(request.args.get("limit", 200))))
    except ValueError:
        raise InvalidUsage("limit must be a number") from None
    items = await in_thread(_inbox(request).items, status, limit)
    return json_answer({"items": items, "threshold": request.app.ctx.desk_trainers.threshold})


@curation_routes.get("/api/desk/curation/intents")
@requires(*CURATION_ROLES)
async def intents(request: Request):
    return json_answer({"intents": sorted(request.app.ctx.desk_matters),
                        "entities": sorted(request.app.ctx.desk_entity_types),
                        "domains": list(NEW_INTENT_DOMAINS)})


@curation_routes.post("/api/desk/curation/items/<item_id:int>/label")
@requires(*CURATION_ROLES)
async def label(request: Request, item_id: int):
    body = json_body(request)
    intent = _known_intent(request, body.get("intent"))
    item = await _item(request, item_id)
    spans = _entities(request, body.get("entities"), item["text"])
    return await _changed(request, _inbox(request).label, item_id, intent, spans, request.ctx.staff.id)


@curation_routes.post("/api/desk/curation/items/<item_id:int>/propose")
@requires(*CURATION_ROLES)
async def propose(request: Request, item_id: int):
    proposal = _proposal(request, json_body(request))
    return await _changed(request, _inbox(request).propose, item_id, proposal, request.ctx.staff.id)


@curation_routes.post("/api/desk/curation/items/<item_id:int>/dismiss")
@requires(*CURATION_ROLES)
async def dismiss(request: Request, item_id: int):
    return await _changed(request, _inbox(request).dismiss, item_id, request.ctx.staff.id)


@curation_routes.post("/api/desk/curation/bulk")
@requires(*CURATION_ROLES)
async def bulk(request: Request):
    """One action on several near-duplicates: all of them, or none when one cannot be changed."""
    body = json_body(request)
    ids = body.get("ids")
    if not isinstance(ids, list) or not ids or len(ids) > MAX_BULK or not all(isinstance(i, int) for i in ids):
        raise InvalidUsage(f"ids must be a list of 1-{MAX_BULK} item ids")
    action = body.get("action")
    if action not in ("label", "dismiss"):
        raise InvalidUsage("action must be label or dismiss")
    intent = _known_intent(request, body.get("intent")) if action == "label" else None
    for item_id in ids:
        if (await _item(request, item_id))["status"] == EXPORTED:
            raise CurationError(f"item {item_id} is already in the training data")
    inbox, staff_id = _inbox(request), request.ctx.staff.id
    items = [await in_thread(inbox.label, item_id, intent, [], staff_id) if intent
             else await in_thread(inbox.dismiss, item_id, staff_id) for item_id in ids]
    for item in items:
        request.app.ctx.desk_hub.publish("curation", item)
    return json_answer({"items": items})


@curation_routes.get("/api/desk/curation/confusions")
@requires(*CURATION_ROLES)
async def confusions(request: Request):
    return json_answer({"confusions": await in_thread(_inbox(request).confusions)})


@curation_routes.post("/api/desk/messages/<message_id:int>/flag")
@requires(*STAFF_ROLES)
async def flag(request: Request, message_id: int):
    message = await in_thread(request.app.ctx.store.message, message_id)
    if message is not None:
        await request.app.ctx.desk_transcripts.ensure_readable(request.ctx.staff, message["conversation_id"])
    item = await request.app.ctx.desk_trainers.flag(message_id)
    return json_answer({"item": item}, status=201)


async def _changed(request: Request, change, *args):
    item = await in_thread(change, *args)
    request.app.ctx.desk_hub.publish("curation", item)
    return json_answer({"item": item})
