import subprocess
import sys
from pathlib import Path

from nlu.evaluation.check_data import check_file, main

REPO = Path(__file__).resolve().parents[2]

BAD = """version: "3.1"
nlu:
- intent: inform
  examples: |
    - 我在[苏州](city)市
    - 我在[苏州市](city)
    - 手机[1380000](phone)0001
    - 用[英](language)文
"""


def write(tmp_path, content):
    path = tmp_path / "sample.yml"
    path.write_text(content, encoding="utf-8")
    return path


def test_entities_off_token_boundaries_are_reported(tmp_path):
    problems = check_file(write(tmp_path, BAD))
    assert [(p.entity, p.text[p.start : p.end]) for p in problems] == [
        ("city", "苏州"), ("phone", "1380000"), ("language", "英")]
    assert "does not end at a token end" in problems[0].reason


def test_annotated_message_language_is_rejected(tmp_path):
    content = 'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - [hello](message_language)\n'
    [problem] = check_file(write(tmp_path, content))
    assert "never annotated" in problem.reason


def test_annotation_detached_from_its_bracket_is_reported(tmp_path):
    content = ('version: "3.1"\nnlu:\n- intent: find_service_hall\n  examples: |\n'
               '    - hall in [Wujiang] for walk-ins{"entity": "county", "value": "320509"}\n'
               '    - hall in [Wujiang]{"entity": "county", "value": "320509"} for walk-ins\n')
    [problem] = check_file(write(tmp_path, content))
    assert "markup left in the text" in problem.reason
    assert problem.text.startswith("hall in [Wujiang] for walk-ins")


def test_exit_code(tmp_path, capsys):
    assert main([str(write(tmp_path, BAD))]) == 1
    good = BAD.replace("[苏州](city)市", "[苏州市](city)").replace("[1380000](phone)0001", "[13800000001](phone)")
    good = good.replace("[英](language)文", "[英文](language)")
    assert main([str(write(tmp_path, good))]) == 0


def test_command_line_checks_the_project_data():
    result = subprocess.run([sys.executable, "-m", "nlu.evaluation.check_data"], cwd=REPO,
                            capture_output=True, text=True)
    assert "checked" in result.stdout
    assert result.returncode in (0, 1)
    assert (result.returncode == 1) == (" 0 problems" not in result.stdout)
