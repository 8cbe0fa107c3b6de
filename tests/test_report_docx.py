"""The Word report through the command line (SPEC §14), on the shipped examples.

tests/test_docx.py tests the html → Word converter on its own; here the whole path a
programme manager takes: `progstyr report PATH -o rapport.docx`, opened with python-docx
and printed with LibreOffice the way the meeting papers are made.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import NO_LANGUAGE_CHOSEN
from progstyr.cli import app
from progstyr.load import load

ROOT = Path(__file__).resolve().parents[1]
LINDANGEN = ROOT / "programmes" / "lindangen"
STORPROGRAM = Path(__file__).parent / "cases" / "storprogram"
AS_OF = "2026-11-30"
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROGSTYR_LANG", raising=False)


def word_report(tmp_path: Path, path: Path, *extra: str, name: str = "rapport.docx") -> Path:
    target = tmp_path / name
    result = CliRunner(env=NO_LANGUAGE_CHOSEN).invoke(
        app, ["report", str(path), "--as-of", AS_OF, "-o", str(target), *extra]
    )
    assert result.exit_code == 0, result.stderr
    assert "Rapporten skriven till" in result.stderr
    return target


def names(path: Path) -> dict[str, list[str]]:
    """The names a reader looks for, by kind, straight from the files."""
    portfolio, _missing = load([str(path)])
    unit = portfolio.programmes[0]
    return {
        "projects": [e.model.name for e in unit.projects.values()],
        "gaps": [e.model.name for e in unit.gaps.values()],
        "benefits": [e.model.name for e in unit.benefits.values()],
    }


def test_word_report_has_headings_tables_and_pictures_and_no_diagram_code(tmp_path):
    made = word_report(tmp_path, LINDANGEN)
    document = docx.Document(str(made))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))
    ]
    assert headings[0] == ("Title", "Program Lindängen: lägesrapport")
    top = [text for style, text in headings if style == "Heading 1"]
    assert top[:3] == ["Sammanfattning", "Att besluta och uppmärksamma", "Nyttor och indikatorer"]
    assert {"Nyttokarta", "Gap", "Projekt", "Senaste beslut"} <= set(top)
    benefits = [text for style, text in headings if style == "Heading 2"]
    assert set(names(LINDANGEN)["benefits"]) <= set(benefits)
    bullets = [p.text for p in document.paragraphs if p.style.name.startswith("List")]
    assert "Projekt per fas: 3 avslutade, 4 överlämnade, 1 avbrutet" in bullets
    # The map, the timeline and one chart per indicator, each with its text alternative.
    pictures = document.inline_shapes
    assert len(pictures) == 12
    described = [
        shape._inline.docPr.get("descr")
        for shape in pictures  # python-docx has no API for the alt text
    ]
    assert all(described)
    everything = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    # The map as text is for phones (a folded list in the html); on paper the picture says it.
    assert "Nyttokartan som text" not in everything
    for code in ("```", "mermaid", "flowchart", "classDef", "<svg", "&lt;"):
        assert code not in everything and code not in cells
    # The projects table: five columns, every project, amounts that never wrap.
    projects = next(t for t in document.tables if t.rows[0].cells[0].text == "Projekt")
    assert [c.text for c in projects.rows[0].cells][:5] == [
        "Projekt",
        "Fas",
        "Period",
        "Budget (förbrukat)",
        "Bedömning",
    ]
    for name in names(LINDANGEN)["projects"]:
        assert name in cells
    assert "1\u00a0200\u00a0000\u00a0kr" in cells


def test_same_files_same_word_bytes(tmp_path):
    first = word_report(tmp_path, LINDANGEN, name="a.docx").read_bytes()
    second = word_report(tmp_path, LINDANGEN, name="b.docx").read_bytes()
    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


def test_format_option_and_standard_output(tmp_path):
    # --format docx without -o, into a pipe: the bytes of a Word file.
    result = CliRunner(env=NO_LANGUAGE_CHOSEN).invoke(
        app, ["report", str(LINDANGEN), "--as-of", AS_OF, "--format", "docx"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes[:2] == b"PK"
    # An explicit --format wins over the suffix.
    target = tmp_path / "rapport.txt"
    result = CliRunner(env=NO_LANGUAGE_CHOSEN).invoke(
        app, ["report", str(LINDANGEN), "--as-of", AS_OF, "-f", "html", "-o", str(target)]
    )
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_reference_doc_gives_the_organisations_look(tmp_path):
    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].text = "LOGO Malmö stad"
    reference.styles["Heading 1"].font.name = "Georgia"
    reference_path = tmp_path / "mall.docx"
    reference.save(str(reference_path))
    made = word_report(tmp_path, LINDANGEN, "--reference-doc", str(reference_path))
    document = docx.Document(str(made))
    assert document.sections[0].header.paragraphs[0].text == "LOGO Malmö stad"
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert any(p.text == "Sammanfattning" and p.style.name == "Heading 1" for p in document.paragraphs)


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "Referensdokumentet"), (b"not a word file", "går inte att använda: det är inget Word-dokument")],
)
def test_bad_reference_doc_is_a_plain_usage_error(tmp_path, content, message):
    reference = tmp_path / "mall.docx"
    if content is not None:
        reference.write_bytes(content)
    target = tmp_path / "rapport.docx"
    result = CliRunner(env=NO_LANGUAGE_CHOSEN).invoke(
        app,
        [
            "report",
            str(LINDANGEN),
            "--as-of",
            AS_OF,
            "-o",
            str(target),
            "--reference-doc",
            str(reference),
            "--lang",
            "sv",
        ],
    )
    assert result.exit_code == 2
    assert message in result.stderr and "mall.docx" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_without_the_word_extra_the_message_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    target = tmp_path / "rapport.docx"
    result = CliRunner(env=NO_LANGUAGE_CHOSEN).invoke(
        app, ["report", str(LINDANGEN), "--as-of", AS_OF, "-o", str(target)]
    )
    assert result.exit_code == 2
    assert "pip install 'progstyr[word]'" in result.stderr
    assert not target.exists()


@pytest.mark.skipif(OFFICE is None, reason="no LibreOffice (soffice) on this machine; .ci/run installs it")
@pytest.mark.skipif(PDFTOTEXT is None or PDFINFO is None, reason="no poppler-utils on this machine")
@pytest.mark.parametrize(("path", "pages"), [(LINDANGEN, (6, 12)), (STORPROGRAM, (10, 24))])
def test_printed_with_libreoffice_no_name_is_split(tmp_path, path, pages):
    made = word_report(tmp_path, path)
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [OFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(made)],
        check=True, capture_output=True, timeout=120, env=env,
    )  # fmt: skip
    pdf = made.with_suffix(".pdf")
    info = subprocess.check_output([PDFINFO, str(pdf)], text=True)
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages[0] <= count <= pages[1], count
    assert "(A4)" in info
    text = subprocess.check_output([PDFTOTEXT, "-layout", str(pdf), "-"], text=True, timeout=60)
    words = set(re.findall(r"\w+", text))
    for kind, found in names(path).items():
        for name in found:
            for word in re.findall(r"\w+", name):
                assert word in words, f"{word!r} of the {kind[:-1]} {name!r} is split across lines"
    # Every word on the printed pages is a word of the document: a word split anywhere (in a
    # table cell, a heading, a list) leaves pieces that are not ("Proje" + "kt").
    document = docx.Document(str(made))
    written = [p.text for p in document.paragraphs]
    written += [c.text for t in document.tables for row in t.rows for c in row.cells]
    written += [p.text for section in document.sections for p in section.footer.paragraphs]
    vocabulary = {w for line in written for w in re.findall(r"\w+", line)}
    pieces = sorted(w for w in words - vocabulary if not w.isdigit())
    assert not pieces, f"words split across lines in the PDF: {pieces[:20]}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/rapport.pdf"], "progstyr skriver rapporten som md, html eller docx, inte .pdf"),
        (
            ["-o", "{tmp}/rapport.md", "--reference-doc", "{tmp}/mall.docx"],
            "--reference-doc gäller Word-rapporten",
        ),
        (
            ["-o", "{tmp}/rapport.docx", "--template", str(ROOT / "templates" / "report.md.j2")],
            "Mallen ger ingen html",
        ),
        (["-f", "html", "--template", str(ROOT / "templates" / "report.md.j2")], "Mallen ger ingen html"),
    ],
)
def test_a_report_that_cannot_be_what_was_asked_is_a_usage_error(tmp_path, args, message):
    docx.Document().save(str(tmp_path / "mall.docx"))
    result = CliRunner(env=NO_LANGUAGE_CHOSEN).invoke(
        app, ["report", str(LINDANGEN), "--as-of", AS_OF, *[a.format(tmp=tmp_path) for a in args]]
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("rapport")]
