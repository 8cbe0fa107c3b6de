"""Hand-broken files: each gets a diagnostic on its line and exit 1, fast, never a traceback.

Every case is a file a coordinator (or an attacker) could put in a programme folder.
Each is validated on its own, inside a copy of the minimal programme.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import AS_OF, diagnostics, run

PROJECT_OK = (
    "name: Ny belysning\nowner: ks\nphase: execution\nperiod:\n  start: 2023-01-01\n"
    "  end: 2024-12-31\ncloses:\n  - belysning\n"
)

ALIAS_BOMB = (
    'name: "x"\nowner: ks\nphase: execution\n'
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)

# name → (file content, expected code, line, column)
BROKEN: dict[str, tuple[bytes, str, int, int]] = {
    "unclosed-quote": (b'name: "Ny belysning\nowner: ks\n', "PS100", 3, 1),
    "bad-indentation": (b"name: Ny belysning\n  owner: ks\n", "PS100", 2, 8),
    "tab-indentation": (b"name: x\nperiod:\n\tstart: 2023-01-01\n", "PS100", 3, 1),
    "two-documents": (b"name: a\n---\nname: b\n", "PS100", 2, 1),
    "duplicate-key": (PROJECT_OK.encode() + b"owner: fritid\n", "PS101", 9, 1),
    "empty": (b"", "PS102", 1, 1),
    "only-comments": (b"# nothing here yet\n", "PS102", 1, 1),
    "top-level-list": (b"- name: Ny belysning\n- owner: ks\n", "PS102", 1, 1),
    "single-value": (b"Ny belysning\n", "PS102", 1, 1),
    "missing-fields": (b"name: Ny belysning\n", "PS103", 1, 1),
    "closes-not-a-list": (
        PROJECT_OK.replace("closes:\n  - belysning", "closes: {a: 1}").encode(),
        "PS104",
        7,
        9,
    ),
    "impossible-date": (PROJECT_OK.replace("2023-01-01", "2015-13-45").encode(), "PS104", 5, 10),
    "date-in-words": (PROJECT_OK.replace("2024-12-31", "nästa vår").encode(), "PS104", 6, 8),
    "amount-with-spaces": (PROJECT_OK.encode() + b"budget:\n  total: 1 137 500 kr\n", "PS104", 10, 10),
    "unknown-phase": (PROJECT_OK.replace("execution", "ongoing").encode(), "PS104", 3, 8),
    "typo-in-field": (PROJECT_OK.encode() + b"budjet:\n  total: 5\n", "PS105", 9, 1),
    "latin-1": (PROJECT_OK.replace("Ny belysning", "Förstudie").encode("latin-1"), "PS107", 1, 8),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PS107", 3, 1),
    "control-character": (PROJECT_OK.replace("Ny belysning", "Ny\x07belysning").encode(), "PS107", 1, 9),
    "alias-bomb": (ALIAS_BOMB.encode(), "PS107", 4, 4),
    "python-tag": (b"name: !!python/object/apply:os.system [echo hacked]\n", "PS107", 1, 7),
    "custom-tag": (PROJECT_OK.replace("owner: ks", "owner: !org ks").encode(), "PS107", 2, 8),
    "deep-nesting": (b"name: " + b"[" * 5000 + b"]" * 5000 + b"\n", "PS107", 1, 38),
}


def _write(root: Path, name: str, content: bytes) -> Path:
    path = root / "projects" / f"{name}.yaml"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gets_a_diagnostic_on_its_line(case, name):
    root = case()
    content, code, line, col = BROKEN[name]
    path = _write(root, name, content)
    started = time.perf_counter()
    exit_code, out = run("validate", str(path), "--as-of", AS_OF)
    elapsed = time.perf_counter() - started
    found = diagnostics(out)
    assert exit_code == 1, out
    assert "Traceback" not in out
    # the mistake at its place (the file's other findings may be reported beside it)
    assert (str(path), str(line), str(col), code) in {
        (d["path"], d["line"], d["col"], d["code"]) for d in found
    }, out
    assert next(d for d in found if d["severity"] == "error")["code"] == code, out
    assert all(d["path"] == str(path) for d in found), "only the named file is reported"
    assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"


def test_alias_bomb_is_refused_before_anything_expands(case):
    root = case()
    path = _write(root, "bomb", ALIAS_BOMB.encode())
    exit_code, out = run("validate", str(path), "--as-of", AS_OF)
    assert exit_code == 1
    assert "anchors (&name) are not allowed" in out


def test_five_megabyte_file_is_refused_unread(case):
    root = case()
    path = root / "projects" / "huge.yaml"
    path.write_bytes(b"name: " + b"x" * (5 * 1024 * 1024) + b"\n")
    started = time.perf_counter()
    exit_code, out = run("validate", str(path), "--as-of", AS_OF)
    assert time.perf_counter() - started < 1.0
    assert exit_code == 1
    assert f"{path}:1:1: PS107 error: the file is 5242887 bytes, more than the limit of 1048576 bytes" in out


def test_bad_file_name_is_ps106(case):
    root = case()
    path = root / "projects" / "Ny Belysning.yaml"
    path.write_text(PROJECT_OK, encoding="utf-8")
    exit_code, out = run("validate", str(path), "--as-of", AS_OF)
    assert exit_code == 1
    assert f"{path}:1:1: PS106 error: the file name 'Ny Belysning.yaml' is not a valid id" in out


def test_yaml_outside_known_folders_is_ps106(case):
    root = case()
    (root / "projekt").mkdir()
    stray = root / "projekt" / "lampor.yaml"
    stray.write_text(PROJECT_OK, encoding="utf-8")
    exit_code, out = run("validate", str(root), "--as-of", AS_OF)
    assert exit_code == 1
    assert f"{stray}:1:1: PS106 error: this file is outside the known folders" in out


def test_bom_crlf_and_yml_are_fine(case):
    root = case()
    (root / "projects" / "lampor.yaml").unlink()
    text = (Path(__file__).parent / "cases" / "minimal" / "projects" / "lampor.yaml").read_text("utf-8")
    (root / "projects" / "lampor.yml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    exit_code, out = run("validate", str(root), "--as-of", AS_OF)
    assert (exit_code, diagnostics(out)) == (0, [])


def test_c_parser_rejection_is_retried_with_the_pure_parser(case):
    """ruamel's C parser rejects `{source: Anslag 1:1}`, which is valid YAML."""
    root = case()
    path = root / "projects" / "lampor.yaml"
    text = path.read_text("utf-8")
    text = text.replace(
        "    - source: Boverket\n      amount: 400000",
        "    - {source: Anslag 1:1, amount: 400000}",
    )
    path.write_text(text, "utf-8")
    exit_code, out = run("validate", str(root), "--as-of", AS_OF)
    assert (exit_code, diagnostics(out)) == (0, [])


def test_one_broken_file_does_not_stop_the_others_being_checked(case):
    root = case()
    _write(root, "trasig", b"name: [unclosed\n")
    (root / "projects" / "mote.yaml").write_text(
        (root / "projects" / "mote.yaml")
        .read_text("utf-8")
        .replace("handover:\n  recipient: fritid\n  date: 2023-12-31\n", ""),
        "utf-8",
    )
    exit_code, out = run("validate", str(root), "--as-of", AS_OF)
    codes = {(Path(d["path"]).name, d["code"]) for d in diagnostics(out)}
    assert ("trasig.yaml", "PS100") in codes
    assert ("mote.yaml", "PS601") in codes
    assert exit_code == 1
