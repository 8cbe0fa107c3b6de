"""Machine-facing output: JSON Schemas, GitHub workflow commands, SARIF, and `rules`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import AS_OF, edit, run
from progstyr import schema
from progstyr.checks import RULES
from progstyr.checks.examples import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
FOLDER_KIND = {"benefits": "benefit", "gaps": "gap", "projects": "project"}


def _kind(path: Path) -> str:
    if path.name in ("programme.yaml", "portfolio.yaml"):
        return path.stem
    return FOLDER_KIND[path.parent.name]


def test_committed_schemas_are_current():
    for name, text in schema.all_schemas().items():
        assert (SCHEMAS / name).read_text("utf-8") == text, f"stale {name}: run progstyr schema --out schemas"


def test_schemas_are_draft_2020_12_and_closed():
    for kind in ("programme", "benefit", "gap", "project"):
        data = json.loads((SCHEMAS / schema.file_name(kind)).read_text("utf-8"))
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert data["additionalProperties"] is False
        assert "/" in data["description"]  # English / Swedish
        jsonschema.Draft202012Validator.check_schema(data)
    project = json.loads((SCHEMAS / "project.schema.json").read_text("utf-8"))
    assert project["$defs"]["ProjectPhase"]["enum"][:2] == ["proposed", "pre-study"]


def _check(kind: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS / schema.file_name(kind)), *map(str, files)],
        capture_output=True,
        text=True,
    )


def test_check_jsonschema_accepts_every_example_file():
    files = sorted((ROOT / "programmes").rglob("*.yaml"))
    by_kind: dict[str, list[Path]] = {}
    for path in files:
        by_kind.setdefault(_kind(path), []).append(path)
    assert sum(len(v) for v in by_kind.values()) == len(files) > 30
    for kind, paths in by_kind.items():
        done = _check(kind, paths)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("phase: execution", "phase: ongoing"),  # not an allowed phase
        ("owner: ks", "ownr: ks"),  # unknown field (and owner missing)
        ("  total: 1000000", "  total: -5"),  # negative amount
        ("  spent: 400000", "  spent: 400 000 kr"),  # not a number
    ],
)
def test_check_jsonschema_rejects_broken_copies(case, old, new):
    root = case()
    path = root / "projects" / "lampor.yaml"
    assert _check("project", [path]).returncode == 0
    edit(path, old, new)
    assert _check("project", [path]).returncode == 1


def _broken(case) -> Path:
    root = case()
    edit(root / "projects" / "lampor.yaml", "  - belysning", "  - belysnig")
    edit(root / "gaps" / "belysning.yaml", "priority: high", "priority: urgent")
    return root


WORKFLOW_COMMAND = re.compile(
    r"^::(error|warning) file=(?P<file>[^,:]*),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>PS\d{3})::(?P<msg>[^\r\n]*)$"
)


def test_github_format_is_workflow_commands(case, tmp_path, monkeypatch):
    root = _broken(case)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out = run("validate", str(root), "--as-of", AS_OF, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert WORKFLOW_COMMAND.match(line), line
    assert lines[1].startswith(f"::error file={root}/projects/lampor.yaml,line=8,col=5,title=PS201::")
    text = summary.read_text("utf-8")
    assert text.startswith("## progstyr\n")
    assert "| PS201 |" in text


def test_github_escaping_follows_the_actions_toolkit():
    from progstyr.diagnostics import Diagnostic, Severity
    from progstyr.render.machine import github

    diag = Diagnostic(
        "a,b:c%.yaml",
        3,
        4,
        "PS104",
        Severity.WARNING,
        "value.invalid",
        (("detail", "50%\nx:y,z"), ("field", "f")),
    )
    line = github([diag], "en")
    assert (
        line
        == "::warning file=a%2Cb%3Ac%25.yaml,line=3,col=4,title=PS104::'f' has a value that is not allowed: 50%25%0Ax:y,z\n"
    )


def test_progstyr_format_sets_the_default(case, monkeypatch):
    monkeypatch.setenv("PROGSTYR_FORMAT", "github")
    code, out = run("validate", str(_broken(case)), "--as-of", AS_OF)
    assert code == 1
    assert out.startswith("::error ")


def test_sarif_validates_against_the_sarif_2_1_0_schema(case):
    code, out = run("validate", str(_broken(case)), "--as-of", AS_OF, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    sarif_schema = json.loads(
        (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8")
    )
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == sorted(RULES)
    result = log["runs"][0]["results"][1]
    assert result["ruleId"] == "PS201"
    assert driver["rules"][result["ruleIndex"]]["id"] == "PS201"
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 8, "startColumn": 5}


def test_rules_lists_every_code_with_severity():
    code, out = run("rules")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(RULES)
    assert "PS604  warning  Project in execution whose latest status is too old" in lines


def test_rules_explains_one_code_with_examples():
    code, out = run("rules", "PS701")
    assert code == 0
    assert out.startswith("PS701 (error): Funding amounts do not add up to the budget total")
    assert "✗" in out and "✓" in out
    assert "amount: 400000" in out
    assert run("rules", "PS999")[0] == 2


def test_every_code_has_a_bad_and_a_good_example():
    assert set(EXAMPLES) == set(RULES)
    for bad, good in EXAMPLES.values():
        assert bad.strip() and good.strip() and bad != good


def test_schema_command_writes_the_committed_files(tmp_path):
    code, _ = run("schema", "--out", str(tmp_path / "out"))
    assert code == 0
    for name in schema.all_schemas():
        assert (tmp_path / "out" / name).read_text("utf-8") == (SCHEMAS / name).read_text("utf-8")


def test_version_option():
    from progstyr import __version__

    assert run("--version") == (0, f"progstyr {__version__}\n")
