"""Write data/nlu/clinc150_oos.yml: English out_of_scope examples from CLINC150.

CLINC150 (Larson et al. 2019, https://www.aclweb.org/anthology/D19-1131,
CC BY 3.0) is crowd-sourced English. Its banking and credit-card intents are
what a citizen asks a government-services bot by mistake: an account's
balance, a lost card, a loan application's status. PER_INTENT examples of
each come from the "full" train split (fixed seed); they train out_of_scope
only and are never part of a cross-validation test fold
(nlu/evaluation/choose_threshold.py). Regenerate with
``python -m nlu.evaluation.public_out_of_scope`` (CLINC150_DIR names the
data folder, default ../shared/data/clinc150).
"""
import json
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "data" / "nlu" / "clinc150_oos.yml"
DOMAINS = ("banking", "credit_cards")
PER_INTENT = 5
SEED = 42
# Within difflib 0.65 of a sentence of tests/nlu (held-out sets, near-miss
# test): left out so those stay unseen.
WITHHELD = frozenset({
    "why did my bank account freeze", "what is in my bank accounts", "when is my bill due",
    "my card doesn't work anymore", "what is the balance on my bank accounts",
    "what's my current checking balance", "what is remaining in my bank acccounts",
})
HEADER = """# English out_of_scope examples from CLINC150 (Larson et al. 2019,
# https://www.aclweb.org/anthology/D19-1131), licensed CC BY 3.0: {per_intent}
# from each intent of its {domains} domains (train split, seed {seed}).
# Written by `python -m nlu.evaluation.public_out_of_scope`; never in a cross-validation
# test fold. Do not edit by hand.
"""


def clinc_dir() -> Path:
    return Path(os.environ.get("CLINC150_DIR", REPO.parent / "shared" / "data" / "clinc150"))


def chosen_examples(folder: Path) -> list[str]:
    domains: dict[str, list[str]] = json.loads((folder / "domains.json").read_text(encoding="utf-8"))
    wanted = {intent for domain in DOMAINS for intent in domains[domain]}
    by_intent: dict[str, list[str]] = {}
    for text, intent in json.loads((folder / "data_full.json").read_text(encoding="utf-8"))["train"]:
        if intent in wanted and text not in WITHHELD:
            by_intent.setdefault(intent, []).append(text)
    rng = random.Random(SEED)
    return [text for intent in sorted(by_intent) for text in rng.sample(by_intent[intent], PER_INTENT)]


def as_yaml(texts: list[str]) -> str:
    header = HEADER.format(per_intent=PER_INTENT, domains=" and ".join(DOMAINS), seed=SEED)
    lines = "".join(f"    - {text}\n" for text in texts)
    return f'{header}version: "3.1"\n\nnlu:\n- intent: out_of_scope\n  examples: |\n{lines}'


def main() -> int:
    texts = chosen_examples(clinc_dir())
    OUTPUT.write_text(as_yaml(texts), encoding="utf-8")
    print(f"wrote {len(texts)} examples to {OUTPUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
