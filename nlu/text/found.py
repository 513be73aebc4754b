"""The span an entity finder returns (patterns and gazetteer). Finders work on
normalised text, which has the same offsets as the original."""
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Found:
    entity: str
    value: Any
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, other: "Found") -> bool:
        return self.start < other.end and other.start < self.end
