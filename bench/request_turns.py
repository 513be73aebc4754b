"""`make bench-request-turns`: turns from the first message to the completed matter for requests
stated in full, over issue 16's conversation set (tests/e2e/conversations/; the e2e test
tests/e2e/test_conversation_set.py plays every conversation and checks each counted turn), and
the citizen-facing responses that differ from a git revision (default: main).

    python bench/request_turns.py [--against REV]
"""
import argparse
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from registry import domain  # noqa: E402
from tests.e2e.conversation_set import VERIFICATION_TURNS, conversations, median_turns, turns_to_done  # noqa: E402


def _responses_at(revision: str):
    """The domain's responses at a git revision (domain/ or, before it, domain.yml); None if unknown."""
    listed = subprocess.run(["git", "ls-tree", "--name-only", revision, "domain/"], cwd=ROOT,
                            capture_output=True, text=True)
    paths = [path for path in listed.stdout.split() if path.endswith(".yml")] or ["domain.yml"]
    shown = [subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, text=True)
             for path in paths]
    if any(result.returncode != 0 for result in shown):
        return None
    return domain.merged(yaml.safe_load(result.stdout) for result in shown)["responses"]


def changed_responses(revision: str):
    """(added, changed, removed) response names of the domain against the revision."""
    current = domain.load()["responses"]
    before = _responses_at(revision)
    if before is None:
        return None
    added = sorted(set(current) - set(before))
    removed = sorted(set(before) - set(current))
    changed = sorted(name for name in set(current) & set(before) if current[name] != before[name])
    return added, changed, removed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", default="main")
    args = parser.parse_args()
    items = conversations()
    median, counts = median_turns(items)
    print(f"conversation set: {len(items)} conversations in tests/e2e/conversations "
          f"(plus those written in tests/e2e/test_conversation_set.py)")
    print(f"requests stated in full: {len(counts)}; citizen turns from the first message to the completed matter "
          f"(a verification counts {VERIFICATION_TURNS}):")
    for conversation in items:
        if conversation.get("kind") == "fully_stated":
            print(f"  {turns_to_done(conversation)}  {conversation['name']}")
    print(f"median: {median:g} turns (goal: the first message, the three verification steps and one confirmation"
          f" = 5 where verification is needed)")
    changes = changed_responses(args.against)
    if changes is None:
        print(f"responses: revision {args.against!r} not found")
        return
    for label, names in zip(("added", "changed", "removed"), changes, strict=True):
        print(f"responses {label} against {args.against} ({len(names)}): {', '.join(names) or '-'}")


if __name__ == "__main__":
    main()
