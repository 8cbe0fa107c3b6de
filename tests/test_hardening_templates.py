"""A user's report template cannot use up the machine (issue 14, item 12).

Jinja's sandbox already keeps a template away from Python's internals (tests/test_report.py);
these tests hold the resource bounds: no string, list or number beyond the sandbox's
limits, a deadline for the whole rendering, and every runtime error in a template is
"Template problem" with the template's line and exit 2, never "a bug in progstyr".

Each case runs in a child process with a memory limit and a timeout, so a bound that
does not hold fails the test instead of hanging it or exhausting the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, CASES

MEMORY_LIMIT = 2 << 30
"""Address space of the child: far above what a bounded rendering needs."""

CHILD = """\
import sys
from progstyr import report
report.MAX_SECONDS = float(sys.argv[1])
from progstyr.cli import app
sys.argv = ["progstyr", *sys.argv[2:]]
app()
"""


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def render(tmp_path: Path, body: str, seconds: float = 2.0) -> subprocess.CompletedProcess[str]:
    """`progstyr report` on the minimal case with a template whose line 3 is `body`."""
    template = tmp_path / "t.md.j2"
    template.write_text(f"# Report\n\n{body}\n", encoding="utf-8")
    args = [str(CASES / "minimal"), "--as-of", AS_OF, "--lang", "en", "--template", str(template)]
    env = {**os.environ, "PROGSTYR_LANG": "en", "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(seconds), "report", *args, "--no-cache"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )


HOSTILE = {
    "string-repetition": "{{ 'a' * 10**10 }}",
    "list-repetition": "{{ [1] * 10**9 }}",
    "center-filter": '{{ "x"|center(10**10) }}',
    "ljust-method": "{{ 'x'.ljust(10**10) }}",
    "percent-width": "{{ '%*d' % (10**9, 1) }}",
    "format-width": "{{ '{:>9999999999}'.format(1) }}",
    "format-filter": "{{ '%*d'|format(10**9, 1) }}",
    "indent-filter": "{{ ('x\\n' * 10**6)|indent(10**5) }}",
    "replace-growth": "{{ ('a' * 10**6).replace('a', 'a' * 10**5) }}",
    "join-growth": "{{ ['a' * 10**6] * 10**3|join }}",
    "huge-power": "{{ 10 ** (10**10) }}",
    "doubling-concat": "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "doubling-plus": "{% set ns = namespace(s=['x']) %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "nested-range": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "division-by-zero": "{{ 1/0 }}",
    "range-too-big": "{{ range(10**9)|list }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "wordwrap-zero": "{{ 'a b c'|wordwrap(0) }}",
}


@pytest.mark.parametrize("body", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_template_is_a_template_problem_at_its_line(tmp_path: Path, body: str) -> None:
    done = render(tmp_path, body)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"Template problem: {tmp_path / 't.md.j2'}:3:"), done.stderr
    assert "bug" not in done.stderr.lower() and "Traceback" not in done.stderr


def test_the_output_is_bounded(tmp_path: Path) -> None:
    done = render(tmp_path, "{% for i in range(99999) %}{{ 'x' * 10**6 }}{% endfor %}", seconds=50.0)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(
        f"Template problem: {tmp_path / 't.md.j2'}: the report would be longer than"
    )


def test_the_deadline_is_kept(tmp_path: Path) -> None:
    import time

    start = time.monotonic()
    done = render(tmp_path, HOSTILE["nested-range"], seconds=1.0)
    assert time.monotonic() - start < 15
    assert "longer than 1 seconds" in done.stderr, done.stderr


def test_an_ordinary_template_still_renders(tmp_path: Path) -> None:
    body = (
        "{{ '=' * 20 }} {{ 2**10 }} {{ 'x'|center(9) }} {{ '%5.1f' % 3.14159 }} {{ '{:>6}'.format('a') }}"
        " {{ [1, 2] + [3] }} {{ 'a' ~ 'b' }} {{ range(3)|join(',') }} {{ 'a b'|wordwrap(3) }}"
        " {{ ctx.programmes[0].coverage.name }}"
    )
    done = render(tmp_path, body)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.splitlines()[2]
        == r"==================== 1024 x 3.1 a \[1, 2, 3\] ab 0,1,2 a b Testprogram"
    )
