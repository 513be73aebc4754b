"""Rule-based entity finders. Each works on normalised text (same offsets as
the original) and returns ``Found`` spans."""
from dataclasses import dataclass, field
from typing import Any, Dict


@dataclass(frozen=True)
class Found:
    entity: str
    value: Any
    start: int
    end: int
    extra: Dict[str, Any] = field(default_factory=dict)

    def overlaps(self, other: "Found") -> bool:
        return self.start < other.end and other.start < self.end
