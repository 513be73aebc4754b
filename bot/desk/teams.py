"""Desk teams, why a conversation waits in a queue, and which hand-off topic goes to which team's queue:
all named once in registry/intents.yml."""

from registry.intents import GENERAL_TEAM, registry

TEAMS: dict[str, dict[str, str]] = registry().teams
REASON_LABELS: dict[str, dict[str, str]] = registry().handoff_reasons
REASONS = tuple(REASON_LABELS)


def team_for(topic) -> str:
    """The queue of a hand-off topic; anything unknown goes to the general team."""
    return topic if topic in TEAMS else GENERAL_TEAM
