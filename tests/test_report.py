"""`progstyr report` (SPEC §8): the steering-group status report, told as user stories.

Families:
1. golden files: the shipped examples, byte for byte (PROGSTYR_UPDATE_GOLDEN=1 rewrites them);
2. Markdown validity: every table keeps its columns, no raw HTML gets through;
3. `--since REF`: what changed, goal drift, the work tree left alone, git errors;
4. escaping: hostile names (tests/cases/report-nasty) cannot break the Markdown;
5. determinism: same input, same bytes, on stdout and with -o;
6. user templates: rendered in the sandbox, refused when they reach for internals;
7. pandoc converts the report (skipped only when pandoc is not installed);
8. language: Swedish and English words, numbers, money and dates.

Golden reports run on a copy of programmes/ in tmp_path, outside any git repository
(GIT_CEILING_DIRECTORIES stops git from looking further up), so no "Git commit" line
makes them change with every commit.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner, Result

from conftest import AS_OF, CASES, edit, run
from progstyr.cli import app

ROOT = Path(__file__).resolve().parents[1]
PROGRAMMES = ROOT / "programmes"
GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_AS_OF = "2026-11-23"
UPDATE_GOLDEN = os.environ.get("PROGSTYR_UPDATE_GOLDEN") == "1"

# name → (what to report, relative to the copied programmes' parent; extra arguments)
GOLDEN_REPORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lindangen-sv.md": ("programmes/lindangen", ()),
    "lindangen-en.md": ("programmes/lindangen", ("--lang", "en")),
    "storstadsintegration-sv.md": ("programmes/storstadsintegration", ()),
    "storstadsintegration-en.md": ("programmes/storstadsintegration", ("--lang", "en")),
    "programmes-sv.md": ("programmes", ()),
    # The report as handed out (SPEC §14): the html, which the Word document is made from too.
    "lindangen-sv.html": ("programmes/lindangen", ("--format", "html")),
    "lindangen-en.html": ("programmes/lindangen", ("--format", "html", "--lang", "en")),
    "storstadsintegration-sv.html": ("programmes/storstadsintegration", ("--format", "html")),
    "storstadsintegration-en.html": ("programmes/storstadsintegration", ("--format", "html", "--lang", "en")),
}
MARKDOWN_GOLDEN = sorted(name for name in GOLDEN_REPORTS if name.endswith(".md"))


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report language must come from the files and options, not the developer's shell."""
    monkeypatch.delenv("PROGSTYR_LANG", raising=False)


@pytest.fixture
def outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the working folder, with git forbidden to look above it."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> Result:
    """Run `progstyr ARGS` in-process and keep stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def copy_programmes(target: Path) -> Path:
    """The shipped programmes/ folder copied to target/programmes, same folder names."""
    shutil.copytree(PROGRAMMES, target / "programmes")
    return target / "programmes"


def golden_report(name: str) -> bytes:
    """The report a golden file holds, rendered now (cwd must be outside git)."""
    path, extra = GOLDEN_REPORTS[name]
    result = invoke("report", path, "--as-of", GOLDEN_AS_OF, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


# ---------------------------------------------------------------- Markdown helpers (family 2)


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def raw_cells(line: str) -> int:
    """How many cells a GFM table row has in the source: split on unescaped pipes."""
    text = line.strip()
    separators: list[int] = []
    escaped = False
    for index, char in enumerate(text):
        if char == "|" and not escaped:
            separators.append(index)
        escaped = char == "\\"
    count = len(separators) + 1
    if separators and separators[0] == 0:
        count -= 1
    if separators and separators[-1] == len(text) - 1:
        count -= 1
    return count


def assert_valid_markdown(text: str) -> list[list[list[str]]]:
    """Every table keeps its header's column count; no HTML. Returns each table's cell texts.

    markdown-it pads or cuts a row to the header's width, so the cells are also
    counted in the source line of every row.
    """
    tokens = parse(text)
    lines = text.splitlines()
    html = [t for t in walk(tokens) if t.type in ("html_block", "html_inline")]
    assert not html, f"raw HTML in the report: {[t.content for t in html]}"
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    row: list[str] = []
    in_cell = False
    for token in tokens:
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            row = []
            assert token.map is not None
            row_source = lines[token.map[0]]
        elif token.type in ("th_open", "td_open"):
            in_cell = True
            row.append("")
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            row[-1] = "".join(c.content for c in token.children or [] if c.type != "softbreak")
        elif token.type == "tr_close":
            header = len(rows[0]) if rows else len(row)
            assert len(row) == header, f"{len(row)} cells under a header of {header}: {row_source!r}"
            assert raw_cells(row_source) == header, (
                f"{raw_cells(row_source)} cells in the source under a header of {header}: {row_source!r}"
            )
            rows.append(row)
        elif token.type == "table_close":
            tables.append(rows)
    return tables


def since_heading(text: str, ref: str) -> str:
    """The `## Changes since <date> (<ref>)` heading: titled by the ref as given and its date."""
    found = [line for line in text.splitlines() if line.startswith("## Changes since ")]
    assert len(found) == 1, found
    assert re.fullmatch(
        rf"## Changes since \d{{1,2}}\u00a0\w{{3}}\u00a0\d{{4}} \({re.escape(ref)}\)", found[0]
    ), found
    return found[0]


def section(text: str, heading: str) -> str:
    """The lines under a heading, up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    level = len(heading) - len(heading.lstrip("#"))
    start = lines.index(heading)
    body: list[str] = []
    for line in lines[start + 1 :]:
        match = re.match(r"^(#+) ", line)
        if match and len(match.group(1)) <= level:
            break
        body.append(line)
    return "\n".join(body)


def items(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


# ---------------------------------------------------------------- 1. golden files


@pytest.mark.parametrize("name", sorted(GOLDEN_REPORTS))
def test_golden_report_matches_byte_for_byte(name, outside_git):
    # A steering group gets the same report as last time for the same files and date;
    # any change to the report is seen here and regenerated on purpose only.
    copy_programmes(outside_git)
    produced = golden_report(name)
    text = produced.decode("utf-8")
    assert "Git commit" not in text and "Git-version" not in text, "the copy must be outside git"
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert golden.is_file(), f"{golden} is missing: run with PROGSTYR_UPDATE_GOLDEN=1 to write it"
    expected = golden.read_bytes()
    if produced != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.decode("utf-8").splitlines(), text.splitlines(), "golden", "now", lineterm=""
            )
        )
        pytest.fail(f"{name} differs from the golden file (PROGSTYR_UPDATE_GOLDEN=1 rewrites it):\n{diff}")


def test_golden_portfolio_rolls_up_first_then_each_programme():
    text = (GOLDEN / "programmes-sv.md").read_text(encoding="utf-8")
    top = [line for line in text.splitlines() if line.startswith("# ")]
    # The roll-up of every programme, then the portfolio level (the Malmö area programmes),
    # then each programme's own report, in the order of their folders.
    assert top == [
        "# Portföljöversikt",
        "# Områdesprogram för ett socialt hållbart Malmö: gemensamma mål, resurser och styrning",
        "# Program Lindängen: lägesrapport",
        "# Områdesprogram Herrgården: lägesrapport",
        "# Områdesprogram Holma-Kroksbäck: lägesrapport",
        "# Områdesprogram Lindängen: lägesrapport",
        "# Områdesprogram Segevång: lägesrapport",
        "# Områdesprogram Seved: lägesrapport",
        "# Socialfonden programområde 1 Kompetensförsörjning, Sydsverige: lägesrapport",
    ]
    overview = section(text, "# Portföljöversikt")
    assert "7 program per 2026-11-23." in overview
    assert "| Program Lindängen | stängt | 6/6 | 7/9 |" in overview
    assert "18\u00a0450\u00a0000\u00a0kr (17\u00a0286\u00a0000\u00a0kr)" in overview
    assert "1\u00a0137\u00a0500\u00a0kr (1\u00a0137\u00a0500\u00a0kr)" in overview
    # Each programme's own report follows, identical to the report of that programme alone.
    alone = (GOLDEN / "lindangen-sv.md").read_text(encoding="utf-8")
    body = alone.split("\n---\n")[0]
    assert body in text


# ---------------------------------------------------------------- 2. Markdown validity


@pytest.mark.parametrize("name", MARKDOWN_GOLDEN)
def test_golden_report_is_valid_markdown(name):
    text = (GOLDEN / name).read_text(encoding="utf-8")
    tables = assert_valid_markdown(text)
    assert tables, "the report has tables"
    assert all(len(t) >= 2 for t in tables), "every table has a header and at least one row"


def test_table_checker_catches_a_broken_row():
    # The checker itself: a stray pipe or a missing cell is caught in the source.
    with pytest.raises(AssertionError):
        assert_valid_markdown("| a | b |\n|---|---|\n| x | y | z |\n")
    with pytest.raises(AssertionError):
        assert_valid_markdown("| a | b |\n|---|---|\n| x |\n")
    with pytest.raises(AssertionError):
        assert_valid_markdown("text <b>bold</b>\n")
    assert assert_valid_markdown("| a | b |\n|---|---|\n| x \\| y | z |\n") == [[["a", "b"], ["x | y", "z"]]]


def test_report_with_hostile_names_is_valid_markdown(outside_git):
    shutil.copytree(CASES / "report-nasty", outside_git / "report-nasty")
    result = invoke("report", "report-nasty", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert_valid_markdown(result.stdout)


# ---------------------------------------------------------------- 3. --since


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
    )
    return done.stdout


@pytest.fixture
def tagged_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding tests/cases/minimal, committed and tagged v1."""
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    git(repo, "init", "-q")
    shutil.copytree(CASES / "minimal", repo / "minimal")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Programme as decided")
    git(repo, "tag", "v1")
    return repo


NEW_GAP = """\
name: Nytt gap om belysning
current_state: Parkeringen är mörk.
desired_state: Parkeringen är upplyst.
benefits:
  - trygghet
priority: low
identified: 2024-02-01
"""

NEW_DECISION = """\
  - date: 2024-03-01
    body: Kommunstyrelsen
    reference: KS-2024-7
    summary: Målet för otryggheten skärps och programmet går in i stängning.
"""


def change_programme(
    root: Path, *, measurement: str = "27", target: str = "15", decision: bool = False
) -> None:
    """A new target, programme and project phases, a new measurement, a new gap."""
    edit(
        root / "benefits" / "trygghet.yaml",
        "      date: 2025-12-31\n      value: 20",
        f"      date: 2025-12-31\n      value: {target}",
    )
    edit(root / "programme.yaml", "phase: implementation", "phase: closing")
    edit(root / "projects" / "mote.yaml", "phase: completed", "phase: handed-over")
    edit(
        root / "benefits" / "trygghet.yaml",
        "      - date: 2024-01-01\n        value: 30\n",
        "      - date: 2024-01-01\n        value: 30\n"
        f"      - date: 2024-05-01\n        value: {measurement}\n"
        "      - date: 2024-09-01\n        value: 25\n",
    )
    (root / "gaps" / "parkering.yaml").write_text(NEW_GAP, encoding="utf-8")
    if decision:
        edit(
            root / "programme.yaml",
            "    summary: Programmet startas.\n",
            "    summary: Programmet startas.\n" + NEW_DECISION,
        )


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def test_since_lists_changes_and_goal_drift_without_a_decision(tagged_repo):
    # The programme office changed the target, the phases, measured, and added a gap,
    # but logged no decision: the steering group must see the goal drift flagged.
    root = tagged_repo / "minimal"
    change_programme(root)
    commit_all(tagged_repo, "Changes without a decision")
    result = invoke("report", str(root), "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    v1 = git(tagged_repo, "rev-parse", "--short", "v1").strip()
    changes = section(text, since_heading(text, "v1"))
    assert f"Compared with the files at v1 (commit {v1}, " in changes

    drift = section(text, "### Goal drift")
    drift_items = items(drift)
    assert "Gap added: Nytt gap om belysning" in drift_items
    assert any(
        re.fullmatch(r"Target of Andel som känner sig otrygga: 20\b.*→ 15\b.*", i) for i in drift_items
    ), drift
    assert "No decision was logged in between" in drift
    assert "Decisions logged in between" not in drift

    assert [i.lower() for i in items(section(text, "### Added"))] == ["gap added: nytt gap om belysning"]
    assert items(section(text, "### Phase changes")) == [
        "Programme phase: implementation → closing",
        "Mötesplats: completed → handed over",
    ]
    measured = items(section(text, "### New measurements"))
    assert len(measured) == 1, "only the measurement up to the as-of date is new"
    assert (
        measured[0].startswith("Andel som känner sig otrygga: 27") and "(1\u00a0May\u00a02024)" in measured[0]
    )
    assert "### Decisions added" not in text
    # The header names the checked-out commit.
    head = git(tagged_repo, "rev-parse", "--short", "HEAD").strip()
    assert f"- **Git commit:** {head}" in text


def test_since_notes_a_decision_logged_in_between(tagged_repo):
    root = tagged_repo / "minimal"
    change_programme(root, decision=True)
    commit_all(tagged_repo, "Changes with a decision")
    result = invoke("report", str(root), "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    drift = section(result.stdout, "### Goal drift")
    assert "Decisions logged in between are listed under Recent decisions." in drift
    assert "No decision was logged" not in drift
    added = items(section(result.stdout, "### Decisions added"))
    assert added == [
        "1\u00a0Mar\u00a02024 Kommunstyrelsen: Målet för otryggheten skärps och programmet går in i stängning."
    ]
    assert "KS-2024-7" in section(result.stdout, "## Recent decisions")


def test_since_without_changes_says_so(tagged_repo):
    result = invoke("report", str(tagged_repo / "minimal"), "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "No benefit, gap or indicator target has changed." in section(result.stdout, "### Goal drift")
    assert "No changes." in section(result.stdout, since_heading(result.stdout, "v1"))


def _work_tree(repo: Path) -> dict[str, int]:
    return {
        str(p.relative_to(repo)): p.stat().st_mtime_ns
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }


def test_since_leaves_the_work_tree_untouched(tagged_repo):
    # Reading the old files must not check anything out: nothing in the work tree moves.
    root = tagged_repo / "minimal"
    change_programme(root)
    commit_all(tagged_repo, "Changes")
    assert git(tagged_repo, "status", "--porcelain") == ""
    head_before = git(tagged_repo, "rev-parse", "HEAD")
    before = _work_tree(tagged_repo)
    result = invoke("report", str(root), "--since", "v1", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert _work_tree(tagged_repo) == before
    assert git(tagged_repo, "status", "--porcelain") == ""
    assert git(tagged_repo, "rev-parse", "HEAD") == head_before


def test_since_unknown_ref_is_a_usage_error(tagged_repo):
    result = invoke("report", str(tagged_repo / "minimal"), "--since", "no-such-tag", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no-such-tag" in result.stderr
    assert "Traceback" not in result.stderr


def test_since_outside_a_git_repository_is_a_usage_error(case, outside_git):
    result = invoke("report", str(case()), "--since", "v1", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "git" in result.stderr.lower() and "Traceback" not in result.stderr


# ---------------------------------------------------------------- 4. escaping


@pytest.fixture
def nasty_report(outside_git) -> str:
    shutil.copytree(CASES / "report-nasty", outside_git / "report-nasty")
    result = invoke("report", "report-nasty", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_hostile_names_keep_every_table_and_show_as_written(nasty_report):
    # Names with |, a newline, HTML and Markdown syntax come out as the same text,
    # each in its own cell, in tables of the right shape.
    tables = assert_valid_markdown(nasty_report)
    cells = {cell for table in tables for row in table for cell in row}
    assert "# Rubrik | med pipe <script>alert(1)</script>" in cells  # a two-line block scalar
    assert "- Andel | otrygga <img src=x onerror=alert(1)>" in cells
    assert "- Otrygga | stråk" in cells
    assert "1. Ingen `mötesplats`" in cells
    assert "Kommun|styrelsen _x_" in cells
    assert "Försenad | se [här](http://x) <script>x</script>" in cells
    assert "<b>Kommunstyrelsen</b>" in cells
    assert "Programmet | startas - med <script>alert(2)</script>" in cells
    projects = next(t for t in tables if t[0][0] == "Projekt")
    assert len(projects) == 3, "a header and the two projects, the newline did not split a row"


def test_hostile_names_are_escaped_in_the_raw_text(nasty_report):
    assert "<script" not in nasty_report
    assert "<img" not in nasty_report and "<b>" not in nasty_report and "<em>" not in nasty_report
    assert "\\# Rubrik \\| med pipe &lt;script\\>alert(1)&lt;/script\\>" in nasty_report
    assert "\\*\\*bold\\*\\* \\[link\\](http://x) \\| Trygghet" in nasty_report
    assert "\\- Andel \\| otrygga &lt;img" in nasty_report


def test_hostile_names_make_no_headings_links_or_emphasis(nasty_report):
    tokens = list(walk(parse(nasty_report)))
    # The only markup is the template's own (bold labels, headings, lists, tables, code).
    assert not [t for t in tokens if t.type in ("link_open", "em_open", "image")]
    bold = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "strong_open"]
    # (the fixture's evaluation brings the evaluations section and its own bold label)
    assert set(bold) <= {"Fas:", "Period:", "Programägare:", "Per:", "Iakttagelser"}, bold

    def headings(tag: str) -> list[str]:
        return [
            "".join(c.content for c in tokens[i + 1].children or [])
            for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == tag
        ]

    assert headings("h1") == ["# Test | program <em>x</em>: lägesrapport"]
    assert "**bold** [link](http://x) | Trygghet" in headings("h3")


def test_file_paths_in_needs_attention_show_verbatim(outside_git):
    # The warnings name the file and line in a code span; inside a code span a backslash
    # is shown as it is, so the path must not be Markdown-escaped there.
    shutil.copytree(CASES / "minimal", outside_git / "kommun_data" / "minimal")
    result = invoke("report", "kommun_data/minimal", "--as-of", "2025-06-01", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    attention = section(result.stdout, "## Needs attention")
    # the report writes dates in its language's one style, in the checks' messages too
    assert "the project ended 31\u00a0Dec\u00a02024 but is still in execution" in attention
    spans = [t.content for t in walk(parse(attention)) if t.type == "code_inline"]
    assert "kommun_data/minimal/projects/lampor.yaml:6" in spans, spans


# ---------------------------------------------------------------- 5. determinism


def test_same_input_same_bytes(outside_git):
    copy_programmes(outside_git)
    first = invoke("report", "programmes", "--as-of", GOLDEN_AS_OF)
    second = invoke("report", "programmes", "--as-of", GOLDEN_AS_OF)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes


def test_output_file_holds_the_same_bytes_as_stdout(outside_git):
    copy_programmes(outside_git)
    shown = invoke("report", "programmes/lindangen", "--as-of", GOLDEN_AS_OF)
    target = outside_git / "out" / "lagesrapport.md"
    target.parent.mkdir()
    written = invoke("report", "programmes/lindangen", "--as-of", GOLDEN_AS_OF, "-o", str(target))
    assert shown.exit_code == written.exit_code == 0
    assert written.stdout == ""
    assert str(target) in written.stderr
    assert target.read_bytes() == shown.stdout_bytes
    assert target.read_bytes().endswith(b"\n") and not target.read_bytes().endswith(b"\n\n")


# ---------------------------------------------------------------- 6. user templates


def _template(folder: Path, text: str, name: str = "my.md.j2") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_template_renders_with_the_same_data(case, tmp_path):
    template = _template(
        tmp_path,
        "# {{ t('rep.title') }}: {{ ctx.programmes[0].coverage.name }}\n\n"
        "{{ ctx.programmes[0].coverage.summary.budget_total|money }}, {{ ctx.as_of|longdate }}\n",
    )
    code, out = run("report", str(case()), "--as-of", AS_OF, "--template", str(template), "--lang", "en")
    assert code == 0
    assert out == "# Status report: Testprogram\n\nSEK\u00a01,250,000, 1 June 2024\n"


def test_user_template_output_is_escaped_too(outside_git):
    shutil.copytree(CASES / "report-nasty", outside_git / "report-nasty")
    template = _template(outside_git, "{{ ctx.programmes[0].coverage.projects[0].name }}\n")
    result = invoke("report", "report-nasty", "--as-of", AS_OF, "--template", str(template))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "\\# Rubrik \\| med pipe &lt;script\\>alert(1)&lt;/script\\>\n"


@pytest.mark.parametrize(
    "body",
    [
        "{{ ctx.__class__.__mro__ }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ t.__globals__ }}",
        "{% for c in ctx.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_user_template_cannot_reach_python_internals(case, tmp_path, body):
    template = _template(tmp_path, f"before\n{body}\n")
    result = invoke("report", str(case()), "--as-of", AS_OF, "--template", str(template), "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Template problem" in result.stderr and "unsafe" in result.stderr
    assert str(template) in result.stderr
    assert "Traceback" not in result.stderr and "class '" not in result.stderr


def test_missing_template_is_a_usage_error(case, tmp_path):
    missing = tmp_path / "nowhere.md.j2"
    result = invoke("report", str(case()), "--as-of", AS_OF, "--template", str(missing), "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Template problem" in result.stderr and "nowhere.md.j2" in result.stderr


def test_template_syntax_error_names_file_and_line(case, tmp_path):
    template = _template(tmp_path, "# Report\n\n{% for p in ctx.programmes %}\n{{ p.id }\n{% endfor %}\n")
    result = invoke("report", str(case()), "--as-of", AS_OF, "--template", str(template), "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{template}:4:" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- 7. pandoc


PANDOC = shutil.which("pandoc")


@pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed")
def test_pandoc_converts_the_lindangen_report():
    source = (GOLDEN / "lindangen-sv.md").read_bytes()
    done = subprocess.run([PANDOC, "-f", "gfm", "-t", "html"], input=source, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    html = done.stdout.decode("utf-8")
    assert "<table" in html
    assert "Program Lindängen" in html
    assert html.count("<table") == (GOLDEN / "lindangen-sv.md").read_text(encoding="utf-8").count("\n|---")


@pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed")
def test_pandoc_html_of_hostile_names_has_no_markup_from_the_files(nasty_report):
    done = subprocess.run(
        [PANDOC, "-f", "gfm", "-t", "html"], input=nasty_report.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    html = done.stdout.decode("utf-8")
    assert "<script" not in html and "<img" not in html and "<em>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------- 8. language


@pytest.fixture
def lindangen(outside_git) -> Callable[..., str]:
    copy_programmes(outside_git)

    def report(*extra: str) -> str:
        result = invoke("report", "programmes/lindangen", "--as-of", GOLDEN_AS_OF, *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return report


def test_report_follows_the_programme_language_sv(lindangen):
    text = lindangen()
    assert "language: sv" in (PROGRAMMES / "lindangen" / "programme.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Program Lindängen: lägesrapport\n")
    assert "- **Per:** 2026-11-23" in text
    assert "- Budget 18\u00a0450\u00a0000\u00a0kr, varav förbrukat 17\u00a0286\u00a0000\u00a0kr." in text
    assert "| 1\u00a0200\u00a0000\u00a0kr (1\u00a0164\u00a0000\u00a0kr) |" in text
    assert "25,8\u00a0% (2025-06-30)" in text
    assert "täckning 33\u00a0%" in text
    assert "## Att besluta och uppmärksamma" in text
    assert "SEK" not in text


def test_lang_en_overrides_the_programme_language(lindangen):
    text = lindangen("--lang", "en")
    assert text.startswith("# Program Lindängen: status report\n")
    assert "- **As of:** 23\u00a0Nov\u00a02026" in text
    assert "- Budget SEK\u00a018,450,000, of which spent SEK\u00a017,286,000." in text
    assert "| SEK\u00a01,200,000 (SEK\u00a01,164,000) |" in text
    assert "25.8% (30\u00a0Jun\u00a02025)" in text
    assert "coverage 33%" in text
    assert "## Needs attention" in text
    for swedish in ("lägesrapport", "Sammanfattning", " kr", "november", "Skapad av"):
        assert swedish not in text


def test_swedish_portfolio_numbers(outside_git):
    copy_programmes(outside_git)
    result = invoke("report", "programmes", "--as-of", GOLDEN_AS_OF)
    assert result.exit_code == 0, result.stderr
    assert (
        "- Budget 1\u00a0137\u00a0500\u00a0kr, varav förbrukat 1\u00a0137\u00a0500\u00a0kr." in result.stdout
    )


def test_changes_since_a_ref_use_the_report_language(tagged_repo):
    # New measurements and changed targets are numbers like any other: 27,5 in Swedish.
    root = tagged_repo / "minimal"
    change_programme(root, measurement="27.5", target="17.5")
    commit_all(tagged_repo, "Decimal values")
    sv = invoke("report", str(root), "--since", "v1", "--as-of", AS_OF)
    en = invoke("report", str(root), "--since", "v1", "--as-of", AS_OF, "--lang", "en")
    assert sv.exit_code == en.exit_code == 0
    assert items(section(en.stdout, "### New measurements"))[0].startswith(
        "Andel som känner sig otrygga: 27.5"
    )
    assert any("→ 17.5" in i for i in items(section(en.stdout, "### Goal drift")))
    assert items(section(sv.stdout, "### Nya mätningar"))[0].startswith("Andel som känner sig otrygga: 27,5")
    assert any("→ 17,5" in i for i in items(section(sv.stdout, "### Målförskjutning")))


def test_a_template_is_compiled_once_per_process_and_again_when_it_changes(tmp_path, monkeypatch):
    """A process that renders many reports compiles each template once (report._KEPT, in
    memory); the same report comes out either way, and an edited template is compiled
    afresh, never served from before."""
    import jinja2

    from progstyr import report

    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(str(filename))
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    template = tmp_path / "mall.md.j2"
    template.write_text("# Rapport {{ ctx.as_of }}\n", encoding="utf-8")
    programme = ROOT / "programmes" / "lindangen"
    args = ["report", str(programme), "--as-of", AS_OF, "--template", str(template)]
    first, second = CliRunner().invoke(app, args), CliRunner().invoke(app, args)
    assert first.exit_code == second.exit_code == 0, first.stderr
    assert first.stdout == second.stdout and first.stdout.startswith("# ")
    assert compiled.count(str(template)) == 1
    template.write_text("# Changed {{ ctx.as_of }}\n", encoding="utf-8")
    third = CliRunner().invoke(app, args)
    assert third.exit_code == 0 and third.stdout.startswith("# Changed "), third.stdout
    assert compiled.count(str(template)) == 2
    shipped = [
        CliRunner().invoke(app, ["report", str(programme), "--as-of", AS_OF, "-f", fmt])
        for fmt in ("md", "html") * 2
    ]
    assert [result.exit_code for result in shipped] == [0, 0, 0, 0]
    assert shipped[0].stdout == shipped[2].stdout and shipped[1].stdout == shipped[3].stdout
    assert len(report._KEPT[False].kept) <= report._KeptTemplates.LIMIT
