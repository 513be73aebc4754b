"""Which of the project's packages imports which: `python tools/import_graph.py` prints one line per
package with the packages it imports (tests, tools and benchmarks left out)."""
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("actions", "analytics", "bot", "curation", "govapi", "nlu", "privacy", "rasa_addons", "registry")


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Package -> the other project packages its modules import."""
    edges: dict[str, set[str]] = defaultdict(set)
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for name in _imported_names(path):
                top = name.split(".")[0]
                if top in PACKAGES and top != package:
                    edges[package].add(top)
    return {package: edges.get(package, set()) for package in PACKAGES if (root / package).is_dir()}


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    for package, imported in graph(root).items():
        print(f"{package:12} -> {', '.join(sorted(imported)) or '—'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
