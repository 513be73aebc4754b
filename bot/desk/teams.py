"""Desk teams and which hand-off topic goes to which team's queue."""
from typing import Dict

TEAMS: Dict[str, Dict[str, str]] = {
    "social_security": {"zh": "社保", "en": "Social security"},
    "medical": {"zh": "医保", "en": "Medical insurance"},
    "household": {"zh": "户籍", "en": "Household registration"},
    "housing_fund": {"zh": "公积金", "en": "Housing fund"},
    "general": {"zh": "综合", "en": "General"},
}
REASONS = ("request_human", "fallback", "complaint", "lockout", "staff")


def team_for(topic) -> str:
    """The queue of a hand-off topic; anything unknown goes to the general team."""
    return topic if topic in TEAMS else "general"
