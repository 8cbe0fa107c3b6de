"""Time progstyr against the parsing floor and its peers, in one run.

    python benchmarks/run.py                     # print the table
    python benchmarks/run.py --write benchmarks/RESULTS.md
    python benchmarks/run.py --only ratios --write benchmarks/RESULTS.md   # the ratios alone

Every figure is the median of --repeat whole-process runs (default 5), measured in
this run: the **floor** (read every file and parse it with ruamel.yaml's
C-accelerated safe loader in one process, nothing else: benchmarks/floor.py);
`progstyr validate`, `coverage --format json` and `report` cold (an empty cache
directory), warm (cache filled, nothing changed) and warm with one file changed,
on synthetic portfolios of 1,000 and 10,000 files (benchmarks/generate.py);
yamllint and check-jsonschema (with the exported schemas) on the same files;
`validate` on the Lindängen example; the start of `progstyr --version` against
`python -c pass` and `python -c "import typer"`; and the peak memory of the whole
process tree (parent and worker processes together) for a cold `validate`.
Ratios are computed from the medians of this run; the targets are checked, not
assumed.

The **ratios** (`--only ratios` runs just these, in about three minutes, and replaces
their section of the --write file): on a realistic portfolio of 10,000 files of which
15 % have a finding (`generate.py --findings 0.15`), cold and warm `validate` against
the floor; and warm `validate` of the Lindängen programme against the *import floor*,
`python -c "import typer, pydantic, ruamel.yaml, rich, jinja2"`. The commands are run
in turn (floor, cold, warm, …), so a machine that slows down slows all alike.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

AS_OF = "2026-11-23"
BIN = Path(sys.executable).parent
REALISTIC_FILES = 10_000
REALISTIC_SHARE = 0.15
IMPORT_FLOOR = 'python -c "import typer, pydantic, ruamel.yaml, rich, jinja2"'
RATIOS_BEGIN = "<!-- ratios: benchmarks/run.py --only ratios writes from here -->"
RATIOS_END = "<!-- ratios: to here -->"


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    located = shutil.which(name)
    if located is None:
        sys.exit(f"{name} is not installed: pip install -e '.[bench]'")
    return located


# ---------------------------------------------------------------- measuring


def timed(
    command: list[str], env: dict[str, str] | None = None, before: Callable[[], None] | None = None
) -> float:
    """Wall seconds of one whole-process run (output discarded; the exit code is not
    checked: validators exit 1 on findings)."""
    if before is not None:
        before()
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - started


def median_of(repeat: int, run: Callable[[], float]) -> tuple[float, list[float]]:
    samples = [run() for _ in range(repeat)]
    return statistics.median(samples), samples


def in_turn(repeat: int, runs: dict[str, Callable[[], float]]) -> dict[str, tuple[float, list[float]]]:
    """Each run once in turn, `repeat` times over: the medians of a ratio are taken over
    the same stretch of time."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name].append(run())
    return {name: (statistics.median(found), found) for name, found in samples.items()}


def compile_progstyr() -> None:
    """Byte-compile the progstyr being measured, as installing a wheel does: with
    PYTHONDONTWRITEBYTECODE set, a source checkout would otherwise compile every module
    on every start (about 0.1 s)."""
    import progstyr

    compileall.compile_dir(str(Path(progstyr.__file__).parent), quiet=2)


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry.name}/statm") as handle:
                pages = int(handle.read().split()[1])
        except OSError:
            continue
        child = int(entry.name)
        children.setdefault(int(fields[1]), []).append(child)
        rss[child] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def peak_memory_mb(command: list[str], env: dict[str, str]) -> float:
    """Highest sum of resident memory over the process and its workers, sampled every 5 ms."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak / 1024


# ---------------------------------------------------------------- the run


@dataclass
class Row:
    name: str
    files: int | None
    seconds: float
    samples: list[float] = field(default_factory=list)


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    memory: dict[int, float] = field(default_factory=dict)

    def add(self, name: str, files: int | None, measured: tuple[float, list[float]]) -> float:
        self.rows.append(Row(name, files, measured[0], measured[1]))
        print(f"  {name:<44} {'' if files is None else files:>6}  {measured[0]:8.3f} s", flush=True)
        return measured[0]

    def get(self, name: str, files: int | None) -> float:
        return next(row.seconds for row in self.rows if row.name == name and row.files == files)


def progstyr_env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CI", None)
    env["PROGSTYR_CACHE_DIR"] = str(cache_dir)
    return env


def measure_tree(results: Results, tree: Path, files: int, repeat: int, work: Path, peers: bool) -> None:
    progstyr = tool("progstyr")
    python = sys.executable
    results.add(
        "floor: read + C safe load",
        files,
        median_of(repeat, lambda: timed([python, str(HERE / "floor.py"), str(tree)])),
    )
    commands = {
        "validate": [progstyr, "validate", str(tree), "--as-of", AS_OF],
        "coverage": [progstyr, "coverage", str(tree), "--format", "json", "--as-of", AS_OF],
        "report": [progstyr, "report", str(tree), "--as-of", AS_OF],
    }
    changing = sorted((tree / sorted(p.name for p in tree.iterdir())[0] / "projects").iterdir())[0]
    original = changing.read_text("utf-8")
    toggle = [0]

    def change_one_file() -> None:
        toggle[0] += 1
        changing.write_text(original.replace("name: ", f"name: Ändrad {toggle[0]} ", 1), "utf-8")

    for name, command in commands.items():
        cold_dir = work / f"cache-cold-{name}-{files}"

        def cold(command: list[str] = command, cold_dir: Path = cold_dir) -> float:
            shutil.rmtree(cold_dir, ignore_errors=True)
            return timed(command, progstyr_env(cold_dir))

        results.add(f"progstyr {name}, cold", files, median_of(repeat, cold))
        warm_dir = work / f"cache-warm-{name}-{files}"
        shutil.rmtree(warm_dir, ignore_errors=True)
        timed(command, progstyr_env(warm_dir))  # fill the cache
        results.add(
            f"progstyr {name}, warm",
            files,
            median_of(repeat, lambda c=command, d=warm_dir: timed(c, progstyr_env(d))),
        )
        results.add(
            f"progstyr {name}, warm, one file changed",
            files,
            median_of(repeat, lambda c=command, d=warm_dir: timed(c, progstyr_env(d), change_one_file)),
        )
        changing.write_text(original, "utf-8")
    memory_dir = work / f"cache-memory-{files}"
    shutil.rmtree(memory_dir, ignore_errors=True)
    results.memory[files] = peak_memory_mb(commands["validate"], progstyr_env(memory_dir))
    print(f"  peak memory, cold validate, {files} files: {results.memory[files]:.0f} MB", flush=True)
    if peers:
        yamllint = tool("yamllint")
        results.add(
            "yamllint (default rules)",
            files,
            median_of(repeat, lambda: timed([yamllint, "-f", "parsable", str(tree)])),
        )
        checker = tool("check-jsonschema")
        by_kind: dict[str, list[str]] = {"programme": [], "benefit": [], "gap": [], "project": []}
        for path in sorted(tree.rglob("*.yaml")):
            kind = {"benefits": "benefit", "gaps": "gap", "projects": "project"}.get(
                path.parent.name, "programme"
            )
            by_kind[kind].append(str(path))

        def jsonschema() -> float:
            return sum(
                timed([checker, "--schemafile", str(ROOT / "schemas" / f"{kind}.schema.json"), *paths])
                for kind, paths in by_kind.items()
            )

        results.add("check-jsonschema (exported schemas)", files, median_of(repeat, jsonschema))


def lindangen_files() -> int:
    return sum(1 for _ in (ROOT / "programmes" / "lindangen").rglob("*.yaml"))


def measure_ratios(results: Results, repeat: int, work: Path) -> None:
    """The realistic portfolio (15 % of files with a finding) against the floor, and a
    small programme against the import floor."""
    progstyr = tool("progstyr")
    python = sys.executable
    tree = work / "tree-realistic"
    count = generate.generate(tree, REALISTIC_FILES, findings=REALISTIC_SHARE)
    print(f"{count} files, {REALISTIC_SHARE:.0%} with a finding, in {tree}", flush=True)
    command = [progstyr, "validate", str(tree), "--as-of", AS_OF]
    cold_dir, warm_dir = work / "cache-realistic-cold", work / "cache-realistic-warm"
    shutil.rmtree(warm_dir, ignore_errors=True)
    timed(command, progstyr_env(warm_dir))  # fill the cache

    def cold() -> float:
        shutil.rmtree(cold_dir, ignore_errors=True)
        return timed(command, progstyr_env(cold_dir))

    measured = in_turn(
        repeat,
        {
            "floor": lambda: timed([python, str(HERE / "floor.py"), str(tree)]),
            "cold": cold,
            "warm": lambda: timed(command, progstyr_env(warm_dir)),
        },
    )
    results.add("floor: read + C safe load, 15 % with a finding", count, measured["floor"])
    results.add("progstyr validate, cold, 15 % with a finding", count, measured["cold"])
    results.add("progstyr validate, warm, 15 % with a finding", count, measured["warm"])
    shutil.rmtree(tree)
    lindangen = ROOT / "programmes" / "lindangen"
    env = progstyr_env(work / "cache-lindangen-ratio")
    timed([progstyr, "validate", str(lindangen)], env)
    small = in_turn(
        repeat * 2,
        {
            "imports": lambda: timed([python, "-c", "import typer, pydantic, ruamel.yaml, rich, jinja2"]),
            "validate": lambda: timed([progstyr, "validate", str(lindangen)], env),
        },
    )
    results.add(IMPORT_FLOOR, None, small["imports"])
    results.add("progstyr validate programmes/lindangen, warm", lindangen_files(), small["validate"])


def measure_small(results: Results, repeat: int, work: Path) -> None:
    progstyr = tool("progstyr")
    python = sys.executable
    lindangen = ROOT / "programmes" / "lindangen"
    env = progstyr_env(work / "cache-lindangen")
    timed([progstyr, "validate", str(lindangen)], env)
    results.add(
        "progstyr validate programmes/lindangen",
        lindangen_files(),
        median_of(repeat, lambda: timed([progstyr, "validate", str(lindangen)], env)),
    )
    # The report as handed out (SPEC §14): the same Lindängen report as md, html and docx,
    # warm cache, written to a file as a coordinator does.
    for fmt in ("md", "html", "docx"):
        out = work / f"lindangen-report.{fmt}"
        command = [progstyr, "report", str(lindangen), "--as-of", AS_OF, "-o", str(out)]
        timed(command, env)
        results.add(
            f"progstyr report programmes/lindangen -o report.{fmt}",
            lindangen_files(),
            median_of(repeat, lambda command=command: timed(command, env)),
        )
    results.add("python -c pass", None, median_of(repeat, lambda: timed([python, "-c", "pass"])))
    results.add(
        'python -c "import typer"', None, median_of(repeat, lambda: timed([python, "-c", "import typer"]))
    )
    results.add("progstyr --version", None, median_of(repeat, lambda: timed([progstyr, "--version"])))


# ---------------------------------------------------------------- the report


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        kb = int(
            next(
                line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
            ).split()[1]
        )
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, StopIteration, ValueError):
        pass
    versions = []
    for package in (
        "progstyr",
        "ruamel.yaml",
        "ruamel.yaml.clib",
        "pydantic",
        "typer",
        "yamllint",
        "check-jsonschema",
    ):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:
            versions.append(f"{package} (not installed)")
    return [
        f"- {cpu}, {cores} cores available{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; " + ", ".join(versions),
    ]


@dataclass
class Target:
    text: str
    measured: str
    met: bool


def ratio_targets(results: Results) -> list[Target]:
    """The three ratios of issue 15 (item 8), when this run measured them."""
    if not any(row.name == IMPORT_FLOOR for row in results.rows):
        return []
    files = REALISTIC_FILES
    floor = results.get("floor: read + C safe load, 15 % with a finding", files)
    cold = results.get("progstyr validate, cold, 15 % with a finding", files)
    warm = results.get("progstyr validate, warm, 15 % with a finding", files)
    imports = results.get(IMPORT_FLOOR, None)
    small_files = lindangen_files()
    small = results.get("progstyr validate programmes/lindangen, warm", small_files)
    return [
        Target(
            f"warm `validate`, {files:,} files, 15 % with a finding ≤ 0.15 × floor",
            f"{warm:.2f} s = {warm / floor:.2f} × floor ({floor:.2f} s)",
            warm <= 0.15 * floor,
        ),
        Target(
            f"cold `validate`, {files:,} files, 15 % with a finding ≤ 0.6 × floor",
            f"{cold:.2f} s = {cold / floor:.2f} × floor",
            cold <= 0.6 * floor,
        ),
        Target(
            f"warm `validate` of a {small_files}-file programme (Lindängen) ≤ 1.5 × import floor",
            f"{small:.3f} s = {small / imports:.2f} × `{IMPORT_FLOOR[11:-1]}` ({imports:.3f} s)",
            small <= 1.5 * imports,
        ),
    ]


def targets(results: Results, big: int) -> list[Target]:
    if not any(row.name == "floor: read + C safe load" and row.files == big for row in results.rows):
        return ratio_targets(results)

    def g(name: str, files: int | None = big) -> float:
        return results.get(name, files)

    floor = g("floor: read + C safe load")
    cold = g("progstyr validate, cold")
    found = [
        Target(
            f"cold `validate`, {big:,} files ≤ 0.6 × floor",
            f"{cold:.2f} s = {cold / floor:.2f} × floor ({floor:.2f} s)",
            cold <= 0.6 * floor,
        ),
    ]
    for peer in ("yamllint (default rules)", "check-jsonschema (exported schemas)"):
        if any(row.name == peer and row.files == big for row in results.rows):
            other = g(peer)
            found.append(
                Target(
                    f"cold `validate` ≥ 3 × faster than {peer.split(' ')[0]}",
                    f"{other / cold:.1f} × faster ({other:.2f} s)",
                    other >= 3 * cold,
                )
            )
    warm, changed = g("progstyr validate, warm"), g("progstyr validate, warm, one file changed")
    found.append(
        Target(f"warm `validate`, {big:,} files, nothing changed ≤ 1.5 s", f"{warm:.2f} s", warm <= 1.5)
    )
    found.append(
        Target(f"warm `validate`, {big:,} files, one file changed ≤ 2 s", f"{changed:.2f} s", changed <= 2.0)
    )
    for name in ("coverage", "report"):
        c, w = g(f"progstyr {name}, cold"), g(f"progstyr {name}, warm")
        found.append(
            Target(
                f"cold `{name}`, {big:,} files ≤ 1.3 × floor",
                f"{c:.2f} s = {c / floor:.2f} × floor",
                c <= 1.3 * floor,
            )
        )
        found.append(Target(f"warm `{name}`, {big:,} files ≤ 3 s", f"{w:.2f} s", w <= 3.0))
    small = lindangen_files()
    lind = g("progstyr validate programmes/lindangen", small)
    found.append(Target("`validate` on the Lindängen example ≤ 0.35 s", f"{lind:.3f} s", lind <= 0.35))
    md = g("progstyr report programmes/lindangen -o report.md", small)
    html = g("progstyr report programmes/lindangen -o report.html", small)
    word = g("progstyr report programmes/lindangen -o report.docx", small)
    found.append(
        Target(
            "html report of the Lindängen example ≤ 2 × the Markdown report",
            f"{html:.3f} s = {html / md:.2f} × ({md:.3f} s); Word {word:.3f} s = {word / md:.2f} ×",
            html <= 2 * md,
        )
    )
    version, typer_start = g("progstyr --version", None), g('python -c "import typer"', None)
    found.append(
        Target(
            '`progstyr --version` ≤ 1.5 × `python -c "import typer"`',
            f"{version:.3f} s = {version / typer_start:.2f} × ({typer_start:.3f} s)",
            version <= 1.5 * typer_start,
        )
    )
    if big in results.memory:
        found.append(
            Target(
                f"peak memory, {big:,} files ≤ 400 MB",
                f"{results.memory[big]:.0f} MB (all processes together)",
                results.memory[big] <= 400,
            )
        )
    return found + ratio_targets(results)


def ratios_markdown(results: Results, repeat: int, command: str) -> str:
    """The ratios' own section, between markers so that `--only ratios` can replace it."""
    lines = [
        RATIOS_BEGIN,
        "## Ratios: a realistic portfolio and a small programme (issue 15, item 8)",
        "",
        f"Recorded by `{command}` on {dt.date.today().isoformat()}; medians of {repeat} runs",
        f"({repeat * 2} for the small programme), the commands of a ratio run in turn. Tree:",
        f"`benchmarks/generate.py --files {REALISTIC_FILES} --findings {REALISTIC_SHARE}` (15 % of the files",
        "with a finding: stale statuses, projects past their end, indicators not measured for a year).",
        "The small programme: `programmes/lindangen`, warm, against the import floor.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for target in ratio_targets(results):
        lines.append(f"| {target.text} | {target.measured} | {'yes' if target.met else '**no**'} |")
    lines += ["", "| what | files | median | runs |", "|---|---:|---:|---|"]
    names = {
        "floor: read + C safe load, 15 % with a finding",
        "progstyr validate, cold, 15 % with a finding",
        "progstyr validate, warm, 15 % with a finding",
        IMPORT_FLOOR,
        "progstyr validate programmes/lindangen, warm",
    }
    for row in results.rows:
        if row.name in names:
            runs = ", ".join(f"{s:.2f}" for s in row.samples)
            shown = "" if row.files is None else f"{row.files:,}"
            lines.append(f"| {row.name} | {shown} | {row.seconds:.3f} s | {runs} |")
    lines += ["", RATIOS_END]
    return "\n".join(lines)


def splice_ratios(existing: str, section: str) -> str:
    """`existing` (a RESULTS.md) with its ratios section replaced by `section`, or with
    `section` added before "## All figures" (else at the end)."""
    if RATIOS_BEGIN in existing and RATIOS_END in existing:
        before, rest = existing.split(RATIOS_BEGIN, 1)
        return before + section + rest.split(RATIOS_END, 1)[1]
    marker = "## All figures"
    if marker in existing:
        before, after = existing.split(marker, 1)
        return before + section + "\n\n" + marker + after
    return existing.rstrip("\n") + "\n\n" + section + "\n"


def markdown(results: Results, big: int, repeat: int, seconds: float, command: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Recorded by `{command}` on {dt.date.today().isoformat()}, in one run of {seconds / 60:.0f} minutes.",
        f"Every time is the median of {repeat} whole-process runs, wall clock; ratios are of medians from this run.",
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Targets (issue: speed)",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for target in targets(results, big):
        lines.append(f"| {target.text} | {target.measured} | {'yes' if target.met else '**no**'} |")
    lines += ["", "## All figures", "", "| what | files | median | runs |", "|---|---:|---:|---|"]
    lines[lines.index("## All figures") : lines.index("## All figures")] = [
        ratios_markdown(results, repeat, command),
        "",
    ]
    for row in results.rows:
        runs = ", ".join(f"{s:.2f}" for s in row.samples)
        lines.append(
            f"| {row.name} | {'' if row.files is None else f'{row.files:,}'} | {row.seconds:.3f} s | {runs} |"
        )
    lines += [
        "",
        "Peak memory of a cold `validate` (parent and worker processes summed, sampled every 5 ms):",
        "",
    ]
    for files, mb in sorted(results.memory.items()):
        lines.append(f"- {files:,} files: {mb:.0f} MB")
    lines += [
        "",
        "## What is measured",
        "",
        "- Trees: `benchmarks/generate.py` (seed 1): programmes of 50 files (programme, 8 benefits,",
        "  15 gaps, 26 projects), Swedish text, 5–20 measurements per indicator, status histories;",
        "  about 1.3 KB per file and one file in twenty with a finding (530 of 10,000).",
        "- Floor: `benchmarks/floor.py`: read each file and `YAML(typ='safe', pure=False).load` it, one process.",
        "- Cold: an empty `PROGSTYR_CACHE_DIR` before each run (the run fills it). Warm: the cache",
        "  filled by an earlier run. One file changed: a project file is edited before each run.",
        "- Peers: `yamllint -f parsable TREE` (default rules); `check-jsonschema --schemafile",
        "  schemas/KIND.schema.json FILES…`, one process per kind, times summed.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per figure (median; at least 5 for the record)"
    )
    parser.add_argument("--sizes", default="1000,10000", help="tree sizes in files, comma-separated")
    parser.add_argument("--no-peers", action="store_true", help="skip yamllint and check-jsonschema")
    parser.add_argument("--write", type=Path, help="write the results as Markdown to this file")
    parser.add_argument(
        "--only",
        choices=["ratios"],
        help="measure only the ratios (realistic portfolio, small programme) and replace their "
        "section of the --write file",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    started = time.perf_counter()
    results = Results()
    compile_progstyr()
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    if args.only == "ratios":
        with tempfile.TemporaryDirectory(prefix="progstyr-bench-") as scratch:
            measure_ratios(results, args.repeat, Path(scratch))
        print()
        for target in ratio_targets(results):
            print(f"{'met   ' if target.met else 'NOT MET'} {target.text}: {target.measured}")
        if args.write:
            existing = args.write.read_text("utf-8") if args.write.exists() else "# Benchmark results\n"
            section = ratios_markdown(results, args.repeat, command.strip())
            args.write.write_text(splice_ratios(existing, section), "utf-8")
            print(f"written to {args.write}")
        return
    with tempfile.TemporaryDirectory(prefix="progstyr-bench-") as scratch:
        work = Path(scratch)
        print("small cases", flush=True)
        measure_small(results, args.repeat, work)
        measure_ratios(results, args.repeat, work)
        for size in sizes:
            tree = work / f"tree-{size}"
            count = generate.generate(tree, size)
            print(f"{count} files in {tree}", flush=True)
            measure_tree(results, tree, count, args.repeat, work, peers=not args.no_peers)
            shutil.rmtree(tree)
    seconds = time.perf_counter() - started
    big = max(sizes)
    print()
    for target in targets(results, big):
        print(f"{'met   ' if target.met else 'NOT MET'} {target.text}: {target.measured}")
    if args.write:
        args.write.write_text(markdown(results, big, args.repeat, seconds, command.strip()), "utf-8")
        print(f"written to {args.write}")


if __name__ == "__main__":
    main()
