"""The intent registry agrees with the domain, the training data in data/nlu, the rules, the actions
and the platform's catalogue; the generated rules files are what `python -m registry.rules` writes."""
import re
from pathlib import Path

import pytest
import yaml

from govapi.seed.matters import MATTERS
from registry import domain as domain_files
from registry.intents import FALLBACK_INTENT, GATEWAY, HOTLINE, registry
from registry.rules import ROOT, generated

REGISTRY = registry()
DOMAIN = domain_files.load()
DOMAIN_INTENTS = set(DOMAIN.get("intents") or [])
DOMAIN_ACTIONS = set(DOMAIN.get("actions") or []) | set(DOMAIN.get("responses") or {}) | set(DOMAIN.get("forms") or {})
RASA_INTENTS = [intent for intent in REGISTRY.intents.values() if intent.seen_by_rasa]
NLU_DIR = ROOT / "data" / "nlu"
INTENT_LINE = re.compile(r"^- intent: (\w+)\s*$", re.MULTILINE)


def _intents_with_data(path: Path) -> set[str]:
    return set(INTENT_LINE.findall(path.read_text(encoding="utf-8"))) if path.exists() else set()


def _rules() -> list[dict]:
    rules = []
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        rules += yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []
    return rules


def _first_steps(rules: list[dict]) -> dict[str, list[list[str]]]:
    """For each intent a rule starts with (outside any form), the actions that follow it."""
    following: dict[str, list[list[str]]] = {}
    for rule in rules:
        steps = rule["steps"]
        if "intent" in steps[0] and not rule.get("condition"):
            actions = [step["action"] for step in steps[1:] if "action" in step]
            following.setdefault(steps[0]["intent"], []).append(actions)
    return following


RULE_STARTS = _first_steps(_rules())


@pytest.mark.parametrize("relative", list(generated()), ids=str)
def test_the_generated_rules_are_current(relative):
    committed = (ROOT / relative).read_text(encoding="utf-8")
    assert committed == generated()[relative], f"{relative} is out of date: run `python -m registry.rules`"


def test_what_an_intent_does_inside_a_form_is_only_in_the_generated_rules():
    inside = {intent for entries in REGISTRY.inside_forms.values() for intent in entries}
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        if path.relative_to(ROOT) in generated():
            continue
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []:
            in_form = any(step.get("active_loop") in REGISTRY.forms for step in rule.get("condition") or [])
            assert not (in_form and rule["steps"][0].get("intent") in inside), \
                f"{path.name}: {rule['rule']!r} is generated into forms.yml from registry/intents.yml (inside_forms)"


def test_every_domain_intent_is_in_the_registry():
    assert DOMAIN_INTENTS - set(REGISTRY.intents) == set()


@pytest.mark.parametrize("intent", RASA_INTENTS, ids=lambda intent: intent.name)
def test_every_intent_rasa_sees_is_in_the_domain_with_training_data_in_its_area(intent):
    assert intent.name in DOMAIN_INTENTS, f"{intent.name} is not in any file of domain/"
    assert intent.name in _intents_with_data(NLU_DIR / f"{intent.area}.yml"), \
        f"data/nlu/{intent.area}.yml has no examples of {intent.name}"


def test_intents_the_gateway_answers_are_unknown_to_rasa():
    for intent in REGISTRY.intents.values():
        if intent.handled_by == GATEWAY:
            assert intent.name not in DOMAIN_INTENTS and intent.name not in RULE_STARTS


def test_the_training_data_has_no_intent_the_registry_lacks():
    for path in sorted(NLU_DIR.glob("*.yml")):
        unknown = _intents_with_data(path) - {intent.name for intent in RASA_INTENTS}
        assert unknown == set(), f"{path.name} trains intents that are not in registry/intents.yml"


@pytest.mark.parametrize("intent", RASA_INTENTS, ids=lambda intent: intent.name)
def test_every_intent_has_the_rule_of_its_handling(intent):
    expected = {"action_route_request": ["action_route_request"],
                HOTLINE: ["utter_human_handover", "action_handoff"]}.get(intent.handled_by, [intent.handled_by])
    assert any(actions[:len(expected)] == expected for actions in RULE_STARTS.get(intent.name, [])), \
        f"no rule in data/rules runs {expected} after {intent.name}"


def test_rules_start_only_with_registry_intents():
    assert set(RULE_STARTS) - set(REGISTRY.intents) - {FALLBACK_INTENT} == set()


def test_every_action_named_in_the_registry_is_in_the_domain():
    named = {form.then for form in REGISTRY.forms.values()}
    named |= {action for entries in REGISTRY.inside_forms.values() for intent, actions in entries.items()
              if intent in DOMAIN_INTENTS for action in actions}
    named |= {intent.handled_by for intent in RASA_INTENTS
              if intent.handled_by != HOTLINE and intent.name in DOMAIN_INTENTS}
    assert named - DOMAIN_ACTIONS == set()


def test_the_registry_forms_are_the_domain_forms():
    assert set(REGISTRY.forms) == set(DOMAIN.get("forms") or {})


def test_every_routed_intent_is_completed_by_a_function_a_form_or_its_matters():
    from actions.routing import REQUESTS  # resolving an `answer` that names no function fails here

    for intent in REGISTRY.routed():
        assert intent.answer or intent.form in REGISTRY.forms or intent.matters or intent.name == "inform", \
            f"nothing completes {intent.name}"
        assert intent.name == "inform" or callable(REQUESTS[intent.name].handle)


def test_matters_are_in_the_platform_catalogue_and_teams_are_desk_teams():
    codes = {matter.code for matter in MATTERS}
    for intent in REGISTRY.intents.values():
        assert set(intent.matters) <= codes, intent.name
        assert intent.team in REGISTRY.teams, intent.name
        assert intent.needs_identity in (True, False, "when_applying"), intent.name
        assert intent.kind in ("matter", "conversation"), intent.name
    assert "general" in REGISTRY.teams


def test_the_desk_and_the_actions_share_the_registry():
    from actions.catalogue import MATTERS_OF_INTENT
    from actions.handoff import TOPIC_OF_INTENT
    from actions.routing import REQUESTS
    from bot.desk.teams import REASONS, TEAMS, team_for

    assert MATTERS_OF_INTENT["id_card"] == ("id_card_renewal", "id_card_replacement")
    assert team_for(TOPIC_OF_INTENT["pension_payment"]) == "social_security"
    assert team_for(TOPIC_OF_INTENT.get("business_registration")) == "general"
    assert set(TEAMS) == {"social_security", "medical", "household", "housing_fund", "general"}
    assert set(REASONS) == {"request_human", "fallback", "complaint", "lockout", "staff"}
    assert REQUESTS["medical_insurance_balance"].needs_identity is True
    assert REQUESTS["find_service_hall"].needs_place and not REQUESTS["find_service_hall"].needs_identity
    assert callable(REQUESTS["id_card"].needs_identity), "a guided matter needs identity only to apply"
