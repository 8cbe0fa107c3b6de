"""The speed work changes no result: the fast reading path, the cache and the worker
processes give the same documents and the same diagnostics, line and column included,
as the plain serial path. (How fast it is: benchmarks/, not here.)"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

import fuzzlib
from conftest import examples
from progstyr import fmt, load, yamlread
from progstyr.cli import app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(
    [*(ROOT / "programmes").rglob("*.yaml"), *(ROOT / "tests" / "cases").rglob("*.yaml")]
    + [p for p in (ROOT / "tests" / "fuzz_regressions").iterdir() if p.is_file()]
)


def _read(raw: bytes, *, fast: bool) -> tuple[Any, ...]:
    """Everything the reader tells about the bytes: problems, data, every position."""
    text, problem = yamlread.decode(raw)
    if problem is not None or text is None:
        return ("undecodable", problem)
    doc, problems = yamlread.parse(text, fast=fast)
    if doc is None:
        return ("refused", problems)
    return ("read", problems, fmt.normalise(doc.data), doc.values, doc.keys)


def _assert_same(raw: bytes) -> None:
    fast, full = _read(raw, fast=True), _read(raw, fast=False)
    assert fast[:2] == full[:2]
    if fast[0] == "read":
        assert fmt.same_data(fast[2], full[2]), (fast[2], full[2])  # types too: 1 is not 1.0
        assert fast[3:] == full[3:]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_path_reads_every_corpus_file_as_the_full_path(path: Path) -> None:
    _assert_same(path.read_bytes())


def test_fast_path_is_taken_for_the_shipped_examples() -> None:
    """The examples are ordinary files: none needs the slow path (else speed is lost silently)."""
    for path in sorted((ROOT / "programmes").rglob("*.yaml")):
        text, _ = yamlread.decode(path.read_bytes())
        assert text is not None
        yamlread._parse_fast(text)  # raises when it would fall back


SCALARS = [
    "1", "0", "007", "1_000", "0x1F", "0o17", "+5", "-3", "1.5", "-0.25", "1e3", "1.0e+3", ".inf", "-.Inf",
    ".nan", "true", "False", "TRUE", "yes", "no", "on", "null", "~", "Null", "", "2024-02-29", "2023-02-29",
    "2024-1-5", "2024-01-01T10:00:00", "2024-01-01 10:00:00+01:00", "1:20", "<<", "=", "!", "&", "*",
    "'quoted'", '"dq \\u00e5"', '"\\ud800"', "0b101", "12345678901234567890123", "9" * 1300, "1.", ".5",
]  # fmt: skip


@pytest.mark.parametrize("scalar", SCALARS)
def test_fast_path_resolves_scalars_as_the_full_path(scalar: str) -> None:
    for template in ("value: {s}\n", "list: [{s}]\n", "{s}: key\n", "list:\n  - {s}\n"):
        _assert_same(template.format(s=scalar).encode())


@settings(
    max_examples=examples(1500, 300),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(case=fuzzlib.cases())
def test_fast_path_reads_mutated_files_as_the_full_path(case: fuzzlib.Case) -> None:
    _source, _target, raw, _moves = case.build("/nonexistent/sentinel")
    _assert_same(raw)


# ---------------------------------------------------------------- whole commands: cold, warm, serial, parallel

AS_OF = "2026-11-23"
REGRESSIONS = ROOT / "tests" / "fuzz_regressions"


def _invoke(args: list[str], cache_dir: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, env={"PROGSTYR_CACHE_DIR": str(cache_dir), "PROGSTYR_LANG": None})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def _outputs(root: Path, cache_dir: Path, extra: list[str]) -> dict[str, tuple[int, str]]:
    """What validate (JSON: every line and column), coverage and report print for `root`."""
    commands = {
        "validate": ["validate", str(root), "--format", "json", "--as-of", AS_OF],
        "coverage": ["coverage", str(root), "--format", "json", "--as-of", AS_OF],
        "report": ["report", str(root), "--as-of", AS_OF, "--lang", "en"],
    }
    return {name: _invoke(args + extra, cache_dir) for name, args in commands.items()}


@pytest.fixture(scope="module")
def fuzz_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example programmes and the example portfolio (portfolio.yaml and its five
    programmes), plus every regression input as a file of its kind in a copy of
    storstadsintegration: the corpus that once broke progstyr."""
    root = tmp_path_factory.mktemp("corpus")
    for name in ("lindangen", "storstadsintegration", "malmo-omradesprogram"):
        shutil.copytree(ROOT / "programmes" / name, root / name)
    broken = root / "med-regressioner"
    shutil.copytree(ROOT / "programmes" / "storstadsintegration", broken)
    for path in sorted(REGRESSIONS.iterdir()):
        folder = {"benefit-": "benefits", "gap-": "gaps"}.get(path.name.split("-")[0] + "-", "projects")
        shutil.copy(path, broken / folder / path.name)
    # A duplicate key (a problem that keeps the document), and a file only the pure
    # parser reads whose finding needs a position found later (the lazy path).
    (broken / "projects" / "dubbel.yaml").write_text(
        "name: Dubbel\nname: Igen\nowner: esf-radet\nphase: planning\n"
        "period: {start: 2009-01-01, end: 2009-12-31}\ncloses: [finns-inte]\n",
        "utf-8",
    )
    (broken / "projects" / "kolon.yaml").write_text(
        "name: Kolon\nowner: esf-radet\nphase: planning\n"
        "period: {start: 2009-01-01, end: 2009-12-31}\n"
        "closes: [diskriminerande-hinder, finns-inte]\n"
        "budget: {total: 10, funding: [{source: Anslag 1:1, amount: 10}]}\n",
        "utf-8",
    )
    _age(root)
    return root


def _age(root: Path) -> None:
    """Files last changed a day ago, so a warm run trusts their size and time (as it
    would in a checkout) instead of reading them."""
    day_ago = time.time() - 86_400
    for path in root.rglob("*"):
        os.utime(path, (day_ago, day_ago))


def _variants(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, dict[str, tuple[int, str]]]:
    cache_dir = tmp_path / "cache"
    found = {}
    found["cold, serial"] = _outputs(root, cache_dir, ["--no-cache", "--jobs", "1"])
    monkeypatch.setattr(load, "BATCH_FILES", 4)  # workers even for a small tree
    found["cold, two processes"] = _outputs(root, cache_dir, ["--no-cache", "--jobs", "2"])
    found["cold, filling the cache, two processes"] = _outputs(root, cache_dir, ["--jobs", "2"])
    assert list(cache_dir.iterdir()), "the cache was not written"
    found["warm"] = _outputs(root, cache_dir, ["--jobs", "1"])
    with monkeypatch.context() as patch:
        patch.setattr(yamlread, "_CParser", None)  # no fast path: every file on the full path
        found["cold, full path only"] = _outputs(root, cache_dir, ["--no-cache", "--jobs", "1"])
    return found


def test_same_results_cold_warm_serial_parallel_fast_and_full(
    fuzz_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variants = _variants(fuzz_tree, tmp_path, monkeypatch)
    reference = variants.pop("cold, serial")
    findings = json.loads(reference["validate"][1])["diagnostics"]
    assert len(findings) > 40 and {d["code"] for d in findings} >= {"PS100", "PS101", "PS104", "PS107"}
    # the portfolio kind takes part: findings on portfolio.yaml and across its programmes
    assert {d["code"] for d in findings} >= {"PS801", "PS806", "PS807", "PS808"}
    assert any(d["path"].endswith("malmo-omradesprogram/portfolio.yaml") for d in findings)
    kolon = [
        (d["line"], d["column"])
        for d in findings
        if d["path"].endswith("kolon.yaml") and d["code"] == "PS201"
    ]
    assert kolon == [(5, 34)]  # `finns-inte`, second in the list
    for name, outputs in variants.items():
        for command, result in outputs.items():
            assert result == reference[command], f"{command}, {name}"


def test_warm_run_sees_an_edited_file(case: Any, tmp_path: Path) -> None:
    root = case()
    cache_dir = tmp_path / "cache"
    args = ["validate", str(root), "--as-of", "2024-06-01"]
    assert _invoke(args, cache_dir) == _invoke(args, cache_dir)  # cold, then warm
    assert _invoke(args, cache_dir)[0] == 0
    gap = root / "gaps" / "belysning.yaml"
    gap.write_text(gap.read_text("utf-8").replace("priority: high", "priority: urgent"), "utf-8")
    code, out = _invoke(args, cache_dir)
    assert code == 1
    assert f"{gap}:" in out and "PS104" in out and "urgent" in out
    gap.write_text(gap.read_text("utf-8").replace("priority: urgent", "priority: high"), "utf-8")
    assert _invoke(args, cache_dir)[0] == 0


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "wrong shape", "unreadable"])
def test_a_damaged_cache_only_means_a_cold_run(case: Any, tmp_path: Path, damage: str) -> None:
    root = case()
    (root / "gaps" / "belysning.yaml").write_text("name: [\n", "utf-8")  # a finding with a position
    cache_dir = tmp_path / "cache"
    args = ["validate", str(root), "--format", "json", "--as-of", "2024-06-01"]
    cold = _invoke(args, cache_dir)
    [stored] = list(cache_dir.iterdir())
    if damage == "garbage":
        stored.write_bytes(os.urandom(5000))
    elif damage == "empty":
        stored.write_bytes(b"")
    elif damage == "truncated":
        stored.write_bytes(stored.read_bytes()[:200])
    elif damage == "wrong shape":
        from progstyr import cache

        kept = cache.ReadCache([], folder=cache_dir)
        kept.path = stored
        kept.load()
        for index, key in enumerate(kept.entries):  # a model that is not JSON, diagnostics of no shape
            kept.put(key, (b"{not json", ((1, "x"),) if index % 2 else ()))
        kept.save()
    else:
        stored.unlink()
        stored.mkdir()  # a folder where the file should be: cannot be read or replaced
    assert _invoke(args, cache_dir) == cold
    assert _invoke(args, cache_dir) == cold


def test_an_unwritable_cache_folder_only_means_a_cold_run(case: Any, tmp_path: Path) -> None:
    root = case()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n", "utf-8")
    args = ["validate", str(root), "--format", "json", "--as-of", "2024-06-01"]
    assert _invoke(args, blocker / "cache") == _invoke(args, tmp_path / "fine")


def test_cache_goes_to_xdg_cache_home_never_into_the_tree(case: Any, tmp_path: Path) -> None:
    root = case()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    xdg = tmp_path / "xdg"
    result = CliRunner().invoke(
        app,
        ["validate", str(root), "--as-of", "2024-06-01"],
        env={"PROGSTYR_CACHE_DIR": None, "XDG_CACHE_HOME": str(xdg)},
    )
    assert result.exit_code == 0
    assert [p.parent for p in xdg.rglob("reads-*")] == [xdg / "progstyr"]
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    # --no-cache neither reads nor writes it
    shutil.rmtree(xdg)
    result = CliRunner().invoke(
        app,
        ["validate", str(root), "--as-of", "2024-06-01", "--no-cache"],
        env={"PROGSTYR_CACHE_DIR": None, "XDG_CACHE_HOME": str(xdg)},
    )
    assert result.exit_code == 0 and not xdg.exists()


_TREES = itertools.count()


@settings(
    max_examples=examples(120, 30),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(case=fuzzlib.cases())
def test_same_diagnostics_cold_warm_and_full_path_on_mutated_files(
    case: fuzzlib.Case, tmp_path: Path
) -> None:
    source, target, raw, moves = case.build("/nonexistent/sentinel")
    root = tmp_path / f"tree-{next(_TREES)}"
    home = root / fuzzlib.HOME
    shutil.copytree(fuzzlib.PROGRAMMES / fuzzlib.HOME, home)
    if moves:
        (home / source.rel).unlink()
    (home / target).parent.mkdir(parents=True, exist_ok=True)
    (home / target).write_bytes(raw)
    cache_dir = root / "cache"
    args = ["validate", str(home), "--format", "json", "--as-of", AS_OF, "--jobs", "1"]
    cold = _invoke([*args, "--no-cache"], cache_dir)
    assert _invoke(args, cache_dir) == cold  # filling the cache
    assert _invoke(args, cache_dir) == cold  # from the cache
    saved = yamlread._CParser
    yamlread._CParser = None
    try:
        assert _invoke([*args, "--no-cache"], cache_dir) == cold
    finally:
        yamlread._CParser = saved
    shutil.rmtree(root)


# ---------------------------------------------------------------- start-up and feedback


OURS_HEAVY = ["ruamel", "jinja2", "progstyr.load", "progstyr.checks", "progstyr.model", "progstyr.yamlread"]


@pytest.mark.parametrize(
    ("args", "heavy"),
    [
        (["--version"], [*OURS_HEAVY, "pydantic", "rich"]),
        (["--help"], [*OURS_HEAVY, "pydantic", "rich"]),
        # Typer itself imports pydantic to describe a command's options; ours stay out.
        (["validate", "--help"], OURS_HEAVY),
    ],
)
def test_version_and_help_import_nothing_heavy(args: list[str], heavy: list[str]) -> None:
    """`progstyr --version` and `--help` start fast: the heavy modules are imported only
    inside the commands that need them (a fresh interpreter, so nothing is preloaded; the
    console script's own entry point, `cli.run`, as a user starts it)."""
    code = (
        "import atexit, sys\n"
        f"heavy = {heavy!r}\n"
        # modules read from a file: the command's stand-in for pydantic's plugin loader
        # (quickstart) is no import of pydantic
        "atexit.register(lambda: print('HEAVY', sorted(m for m, module in sys.modules.items() "
        "if getattr(module, '__file__', None) and any(m == h or m.startswith(h + '.') for h in heavy))))\n"
        f"sys.argv = ['progstyr', *{args!r}]\n"
        "from progstyr.cli import run\n"
        "run()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY []", out


def test_the_command_reads_no_package_metadata(tmp_path: Path) -> None:
    """`progstyr validate` finds its findings without pydantic's plugin discovery, which
    would import importlib.metadata and read every installed package's metadata (a tenth
    of a small programme's run): the command answers "no plugins" itself (quickstart)."""
    programme = tmp_path / "lindangen"
    shutil.copytree(ROOT / "programmes" / "lindangen", programme)
    (programme / "gaps" / "otrygga-utemiljoer.yaml").write_text(
        (programme / "gaps" / "otrygga-utemiljoer.yaml")
        .read_text(encoding="utf-8")
        .replace("priority: high", "priority: urgent"),
        encoding="utf-8",
    )
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('METADATA', 'importlib.metadata' in sys.modules))\n"
        f"sys.argv = ['progstyr', 'validate', {str(programme)!r}, '--no-cache', '--lang', 'en']\n"
        "from progstyr.cli import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert "otrygga-utemiljoer.yaml:" in done.stdout and "PS104 error" in done.stdout
    assert done.stdout.splitlines()[-1] == "METADATA False", done.stdout


def test_the_plugin_stand_in_answers_what_pydantic_asks() -> None:
    """The stand-in for pydantic's plugin loader (quickstart) has what pydantic imports from
    it today (`get_plugins`, nothing else); anything else asked of it is answered by the
    real loader, so a later pydantic that asks more is slower, never broken."""
    import re

    import pydantic

    asked: set[str] = set()
    for path in Path(pydantic.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for found in re.finditer(r"from (?:\.|pydantic\.plugin\.)_loader import \(?([\w, ]+)", text):
            asked |= {name.strip() for name in found.group(1).split(",") if name.strip()}
    assert asked == {"get_plugins"}
    code = (
        "import sys\n"
        "from progstyr import quickstart\n"
        "quickstart.without_validation_plugins()\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "print(list(get_plugins()), 'importlib.metadata' in sys.modules)\n"
        "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP\n"
        "from pydantic.plugin import _loader\n"
        "print(PYDANTIC_ENTRY_POINT_GROUP, 'importlib.metadata' in sys.modules, hasattr(_loader, '_plugins'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[] False", "pydantic True True"], out


def test_the_command_builds_only_the_command_asked_for() -> None:
    """`cli.app_for` hands Typer one command when the first argument names one, and the
    whole app otherwise (the list of commands, a misspelt command, completion); help and
    errors read the same either way."""
    from typer.testing import CliRunner

    from progstyr.cli import app, app_for

    assert [info.callback.__name__ for info in app_for(["validate", "."]).registered_commands] == ["validate"]
    assert [info.name for info in app_for(["import", "x.csv"]).registered_commands] == ["import"]
    every = len(app.registered_commands)
    for argv in ([], ["--version"], ["--help"], ["valdate"], ["programmes"]):
        assert len(app_for(argv).registered_commands) == every, argv
    runner = CliRunner()
    for argv in (
        ["validate", "--help"],
        ["coverage", "--help"],
        ["validate", "--jobs", "0"],
        ["fmt", "--nope"],
    ):
        whole, alone = runner.invoke(app, argv), runner.invoke(app_for(argv), argv)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), argv
    assert len(app.registered_commands) == every  # the whole app is left as it was


def test_progress_bar_only_on_a_terminal_after_a_second() -> None:
    import io

    from rich.console import Console

    from progstyr.cli import _ReadProgress

    now = [0.0]
    screen = io.StringIO()
    bar = _ReadProgress("Reading files", Console(file=screen, force_terminal=True, width=80), lambda: now[0])
    bar(10, 1000)
    now[0] = 0.5
    bar(400, 1000)
    assert screen.getvalue() == ""  # quick work shows nothing
    now[0] = 1.2
    bar(600, 1000)
    bar(1000, 1000)
    bar.close()
    assert "Reading files" in screen.getvalue() and "1000/1000" in screen.getvalue()
    # not a terminal (as under CliRunner, in CI, or redirected): nothing at all
    plain = _ReadProgress("Reading files")
    now[0] = 5.0
    plain(1, 1000)
    assert plain.bar is None


def test_no_progress_output_when_not_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time as time_module

    clock = iter(range(0, 10_000, 5))
    monkeypatch.setattr(time_module, "monotonic", lambda: float(next(clock)))  # every step "takes" 5 s
    result = CliRunner().invoke(
        app,
        ["validate", str(ROOT / "programmes"), "--as-of", AS_OF, "--no-cache"],
        env={"PROGSTYR_LANG": None},
    )
    assert result.exit_code == 0
    assert result.stderr == ""


def test_read_entries_hold_exactly_what_reading_found(fuzz_tree: Path) -> None:
    """The cache (and the worker processes) pass each file on as a read entry: the model
    as JSON and the diagnostics encoded. Against reading directly, without entries, for
    every file of the corpus: the same diagnostics, and the same model (types, and which
    fields were given)."""
    checked = 0
    for path in sorted(fuzz_tree.rglob("*.yaml")):
        kind = fmt.kind_of(path)
        raw = path.read_bytes()
        direct = load._load_content(kind, raw, load.SourceFile("f.yaml", kind, path.stem))
        via_entry = load.SourceFile("f.yaml", kind, path.stem)
        load._finish(via_entry, kind, raw, load.read_entry(kind, raw))
        assert via_entry.diagnostics == direct.diagnostics, path
        assert (via_entry.model is None) == (direct.model is None), path
        if direct.model is not None:
            assert via_entry.model is not None and via_entry.doc is not None and direct.doc is not None
            assert fmt.same_data(via_entry.model.model_dump(), direct.model.model_dump()), path
            assert via_entry.model.model_fields_set == direct.model.model_fields_set, path
            assert via_entry.doc == direct.doc, path  # data and every position, found lazily
            checked += 1
    assert checked > 40


def test_warm_run_reads_only_changed_files(
    case: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged files (same size, time and inode as when read, and not modified just
    before the cache was written) are not read again; an edited one is, even when its
    size stays the same."""
    root = case()
    (root / "gaps" / "belysning.yaml").write_text(
        (root / "gaps" / "belysning.yaml").read_text("utf-8").replace("priority: high", "priority: hgih"),
        "utf-8",
    )
    _age(root)
    cache_dir = tmp_path / "cache"
    args = ["validate", str(root), "--format", "json", "--as-of", "2024-06-01"]
    cold = _invoke(args, cache_dir)
    reads: list[str] = []
    real = load._read_bytes

    def counting(path: Path) -> Any:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(load, "_read_bytes", counting)
    assert _invoke(args, cache_dir) == cold  # the finding's position comes from the file, read lazily
    assert reads == []
    gap = root / "gaps" / "belysning.yaml"
    gap.write_text(gap.read_text("utf-8").replace("priority: hgih", "priority: high"), "utf-8")  # same size
    code, out = _invoke(args, cache_dir)
    assert reads == ["belysning.yaml"]
    assert code == 0 and json.loads(out)["diagnostics"] == []


def _realistic(out: Path, files: int, findings: float) -> Path:
    """A tree of benchmarks/generate.py: programmes of 50 files, `findings` of them with one."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(out, files, findings=findings)
    _age(out)
    return out


def test_warm_run_with_many_findings_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks across files ask for the positions of what they find (PS604 a stale status,
    PS404 an indicator not measured for a year, PS605 a project past its end …). The
    cache keeps the answers, so a warm run over a portfolio where many files have a
    finding reads, parses and locates nothing, and prints byte for byte what a cold
    run prints (every line and column)."""
    root = _realistic(tmp_path / "tree", 100, findings=0.4)
    cache_dir = tmp_path / "cache"
    args = ["validate", str(root), "--format", "json", "--as-of", AS_OF, "--jobs", "1"]
    cold = _invoke([*args, "--no-cache"], cache_dir)
    found = json.loads(cold[1])["diagnostics"]
    with_findings = {d["path"] for d in found}
    assert len(with_findings) >= 30, len(with_findings)
    assert {d["code"] for d in found} >= {"PS404", "PS604", "PS605"}
    assert _invoke(args, cache_dir) == cold  # filling the cache
    calls: list[str] = []

    def counted(name: str, real: Any) -> Any:
        def call(*a: Any, **k: Any) -> Any:
            calls.append(name)
            return real(*a, **k)

        return call

    monkeypatch.setattr(yamlread.Document, "_locate", counted("locate", yamlread.Document._locate))
    monkeypatch.setattr(load, "read_entry", counted("read_entry", load.read_entry))
    monkeypatch.setattr(load, "_read_bytes", counted("read", load._read_bytes))
    assert _invoke(args, cache_dir) == cold
    assert calls == []
    # another day asks for positions not kept yet: those files are parsed, once
    later = ["validate", str(root), "--format", "json", "--as-of", "2027-06-01", "--jobs", "1"]
    cold_later = _invoke([*later, "--no-cache"], cache_dir)
    calls.clear()
    assert _invoke(later, cache_dir) == cold_later
    assert calls.count("locate") > 0 and calls.count("read_entry") == 0
    calls.clear()
    assert _invoke(later, cache_dir) == cold_later
    assert calls == []


def test_damaged_places_in_the_cache_only_mean_a_cold_run(tmp_path: Path) -> None:
    """Positions kept in the cache are checked like the rest of an entry: a question or
    an answer of the wrong shape leaves the entry out, and the file is read again."""
    from progstyr import cache

    root = _realistic(tmp_path / "tree", 50, findings=0.4)
    cache_dir = tmp_path / "cache"
    args = ["validate", str(root), "--format", "json", "--as-of", AS_OF, "--jobs", "1"]
    cold = _invoke([*args, "--no-cache"], cache_dir)
    assert _invoke(args, cache_dir) == cold
    [stored] = list(cache_dir.iterdir())
    kept = cache.ReadCache([], folder=cache_dir)
    kept.path = stored
    kept.load()
    assert len(kept.places) >= 10  # the files with a finding found by a check across files
    bad: list[Any] = [
        [[0, ["status"], 0, 1]],  # line 0
        [[3, ["status"], 1, 1]],  # no such question
        [[0, ["status", -1], 1, 1]],
        [[0, ["status", True], 1, 1]],
        [[0, "status", 1, 1]],
        [[0, ["status"], 1.5, 1]],
        [[0, ["status"], 1]],
        {"0": 1},
        [[0, [["deep"]], 1, 1]],
    ]
    for shape in bad:
        assert cache._places(json.dumps(shape).encode()) is None, shape
    assert cache._places(b"[" * 100_000) is None
    raw = stored.read_bytes()
    for places in kept.places.values():  # every stored place garbled: same lengths, other questions
        text = cache._encode_places(places)
        assert text and text in raw
        raw = raw.replace(text, text.replace(b"[0,", b"[7,").replace(b"[2,", b"[9,"), 1)
    stored.write_bytes(raw)
    damaged = cache.ReadCache([], folder=cache_dir)
    damaged.path = stored
    damaged.load()
    assert len(damaged.entries) == len(kept.entries) - len(kept.places)
    assert damaged.places == {}
    assert _invoke(args, cache_dir) == cold
    assert _invoke(args, cache_dir) == cold
