"""deploy/kubernetes/ checked offline: every manifest is valid against the Kubernetes schemas
(kubernetes-validate), the kustomization lists them all, every variable they set is a setting
the code reads, every README setting that matters in production is given, and each
container's port and probes match the settings and health endpoints of its process."""
import re

import kubernetes_validate
import pytest
import yaml

from tools.stack import ROOT

MANIFESTS = ROOT / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.28.0"
PACKAGES = ("bot", "actions", "govapi", "nlu", "rasa_addons", "privacy", "tools", "analytics")
READ_SETTING = re.compile(r"""(?:env\.get|environ\.get|_env|environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")
ENDPOINT_SETTING = re.compile(r"\$\{([A-Z][A-Z0-9_]+)")
# What each process answers its health checks on, and on which port setting it listens.
PROCESSES = {"govapi": ("GOVAPI_PORT", "/health"), "actions": ("ACTIONS_PORT", "/health"),
             "rasa": ("RASA_PORT", "/"), "gateway": ("GATEWAY_PORT", "/health")}
# README settings that only the embedded run or a developer's terminal uses.
EMBEDDED_ONLY = {"RASA_TRACKER_DB", "READY_TIMEOUT_S", "CURATION_THRESHOLD"}
# Settings Rasa itself reads.
RASA_SETTINGS = {"TICKET_LOCK_LIFETIME"}


def documents():
    for path in sorted(MANIFESTS.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document and document.get("kind") != "Kustomization":
                yield path.name, document


def code_settings() -> set:
    names = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            names |= set(READ_SETTING.findall(path.read_text(encoding="utf-8")))
    for path in (ROOT / "endpoints.yml", ROOT / "deploy" / "endpoints.yml", ROOT / "credentials.yml",
                 ROOT / "Procfile"):
        names |= set(ENDPOINT_SETTING.findall(path.read_text())) | set(re.findall(r"\$([A-Z][A-Z0-9_]+)",
                                                                                    path.read_text()))
    return names


def readme_settings() -> set:
    table = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {name for row in table.splitlines() if row.startswith("| `")
            for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def settings_of(kind: str) -> dict:
    found = [document for _, document in documents() if document["kind"] == kind]
    assert len(found) == 1, kind
    return found[0].get("data") or found[0].get("stringData")


@pytest.mark.parametrize("name, document", list(documents()), ids=lambda value: str(value)[:40])
def test_every_manifest_is_valid_against_the_kubernetes_schemas(name, document):
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_a_broken_manifest_is_refused():
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                                      "spec": {"replicas": "two"}}, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((MANIFESTS / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == sorted(p.name for p in MANIFESTS.glob("*.yaml")
                                                        if p.name != "kustomization.yaml")


def test_every_variable_set_is_a_setting_the_code_reads():
    known = code_settings() | RASA_SETTINGS
    given = set(settings_of("ConfigMap")) | set(settings_of("Secret"))
    assert given - known == set()


def test_every_production_setting_of_the_readme_is_given():
    given = set(settings_of("ConfigMap")) | set(settings_of("Secret"))
    assert readme_settings() - EMBEDDED_ONLY - given == set()


@pytest.mark.parametrize("process", list(PROCESSES))
def test_ports_and_probes_match_the_process_settings(process):
    port_setting, health_path = PROCESSES[process]
    port = int(settings_of("ConfigMap")[port_setting])
    deployment = next(d for _, d in documents() if d["kind"] == "Deployment" and d["metadata"]["name"] == process)
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert [p["containerPort"] for p in container["ports"]] == [port]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": health_path, "port": port}
    service = next(d for _, d in documents() if d["kind"] == "Service" and d["metadata"]["name"] == process)
    assert service["spec"]["ports"][0]["targetPort"] == port
    assert {ref.get("configMapRef", ref.get("secretRef"))["name"] for ref in container["envFrom"]} == {
        "tongban-config", "tongban-secrets"}


def test_rasa_actions_and_gateway_scale_on_cpu():
    scaled = {d["spec"]["scaleTargetRef"]["name"]: d["spec"] for _, d in documents()
              if d["kind"] == "HorizontalPodAutoscaler"}
    assert set(scaled) == {"rasa", "actions", "gateway"}
    assert all(spec["minReplicas"] >= 2 for spec in scaled.values())
