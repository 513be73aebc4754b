"""The packages keep to the architecture's rule: none imports a sibling it talks to over HTTP (govapi
imports nothing of the rest; bot and actions never import each other; curation is a library the
gateway's desk imports, and it imports nothing of bot; registry is read by all and imports nothing)."""
import pytest

from tools.import_graph import graph

FORBIDDEN = {
    "govapi": {"actions", "analytics", "bot", "curation", "nlu", "privacy", "rasa_addons", "registry"},
    "registry": {"actions", "analytics", "bot", "curation", "govapi", "nlu", "privacy", "rasa_addons"},
    "actions": {"bot", "govapi", "nlu", "rasa_addons", "curation", "analytics"},
    "bot": {"actions", "govapi", "nlu", "rasa_addons"},
    "analytics": {"actions", "govapi", "nlu", "rasa_addons", "curation"},   # runs in the gateway
    "curation": {"bot", "actions", "govapi", "analytics"},
    "rasa_addons": {"bot", "actions", "govapi", "curation", "analytics"},
    "nlu": {"bot", "actions", "govapi", "curation", "analytics", "rasa_addons"},
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_no_sibling_it_talks_to_over_http(package):
    imported = graph()[package]
    assert not imported & FORBIDDEN[package], f"{package} imports {sorted(imported & FORBIDDEN[package])}"


def test_the_graph_sees_imports():
    assert "privacy" in graph()["actions"], "actions mask with privacy: an empty graph would pass everything"
