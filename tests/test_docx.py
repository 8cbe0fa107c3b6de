"""Word output (progstyr.render.docx): structure, tables that fit A4 without broken words,
pictures with alt text, reproducible bytes, a reference document's look, and (when
LibreOffice is installed) the printed result."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx", reason="python-docx is not installed (pip install 'progstyr[word]')")
pytest.importorskip("resvg_py", reason="resvg-py is not installed (pip install 'progstyr[word]')")

from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402

from progstyr.render.docx import WordUnavailable, to_docx  # noqa: E402

NBSP = "\u00a0"
MINUS = "\u2212"
CREATED = dt.date(2024, 6, 1)

LONG_NAMES = [
    "Samordnat trygghetsarbete mellan staden, polisen, räddningstjänsten och fastighetsägarna",
    "Fastighetsägarföreningens upprustning av innergårdar och belysning längs Ramels väg",
    "Arbetsmarknadsförvaltningens kompetenslyft för unga vuxna utan fullständiga betyg",
    "Stadsbyggnadskontorets detaljplanearbete för Lindängens centrum och stationsområde",
]
PROJECT_HEADERS = ["Projekt", "Fas", "Ägare", "Budget (förbrukat)", "Bedömning"]
WIDE_HEADERS = ["Projekt", "Fas", "Ägare", "Period", "Budget (förbrukat)", "Bedömning", "Senaste kommentar"]
OWNERS = [
    "Arbetsmarknadsförvaltningen",
    "Stadsbyggnadskontoret",
    "Fastighetsägarföreningen",
    "Fritidsförvaltningen",
]
WIDE_NAMES = [
    LONG_NAMES[0],
    "Upprustning av innergårdar och belysning längs Ramels väg och Lindängsvägen",
    "Läxhjälp och sommarjobb för ungdomar i samarbete med föreningslivet",
    "Trygghetsvandringar med boende, polisen och bostadsbolagen varje kvartal",
]
WIDE_OWNERS = ["Fritidsförvaltningen", "Stadsbyggnadskontoret", "Miljöförvaltningen", "Serviceförvaltningen"]
RATINGS = [("green", "grön"), ("amber", "gul"), ("red", "röd"), ("none", "ej bedömd")]


def svg_chart(title: str, desc: str, width: int = 640, height: int = 320, bars: int = 6) -> str:
    """A small bar chart as the report's template draws it: inline SVG, title and desc first."""
    step = (width - 80) / bars
    shapes = []
    for i in range(bars):
        h = (i * 37 % 100 + 40) / 140 * (height - 80)
        x = 60 + i * step
        shapes.append(
            f'<rect x="{x:.1f}" y="{height - 40 - h:.1f}" width="{step * 0.6:.1f}" height="{h:.1f}" fill="#3a6ea5"/>'
            f'<text x="{x + step * 0.3:.1f}" y="{height - 22}" font-size="13" text-anchor="middle" '
            f'font-family="Liberation Sans, Arial, sans-serif">{2019 + i}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="t d">'
        f"<title>{title}</title><desc>{desc}</desc>"
        f'<line x1="50" y1="{height - 40}" x2="{width - 10}" y2="{height - 40}" stroke="#333"/>'
        f'<text x="50" y="24" font-size="15" font-family="Liberation Sans, Arial, sans-serif">'
        f"{title} &amp; m&aring;l: {MINUS}39&nbsp;%</text>" + "".join(shapes) + "</svg>"
    )


def report_html(projects: int = 8, lang: str = "sv") -> str:
    """A realistic Swedish steering-group report in the HTML subset the template writes."""
    rows = []
    for i in range(projects):
        name = LONG_NAMES[i % len(LONG_NAMES)]
        rating, label = RATINGS[i % len(RATINGS)]
        budget = f"1{NBSP}164{NBSP}000{NBSP}kr ({i + 3}{NBSP}%)"
        rows.append(
            f'<tr><td data-label="Projekt">{name}</td><td data-label="Fas">genomförande</td>'
            f'<td data-label="Ägare">{OWNERS[i % len(OWNERS)]}</td>'
            f'<td class="num" data-label="Budget">{budget}</td>'
            f'<td><span class="rating rating-{rating}">{label}</span></td></tr>\n'
        )
        if i % 2 == 0:
            rows.append(
                f'<tr class="detail"><td colspan="5"><small>Senaste kommentar: förseningen i upphandlingen '
                f"är hanterad; {MINUS}39{NBSP}% mot plan (beslut 2024-05-{10 + i}).</small></td></tr>\n"
            )
    wide_rows = "".join(
        f"<tr><td>{WIDE_NAMES[i]}</td><td>planering</td><td>{WIDE_OWNERS[i]}</td>"
        f'<td>2024-01-01 – 2026-12-31</td><td class="num">850{NBSP}000{NBSP}kr<br><small>(12{NBSP}%)</small></td>'
        f'<td><span class="rating rating-amber">gul</span></td>'
        f"<td>Väntar på beslut i stadsdelsnämnden om fortsatt finansiering</td></tr>\n"
        for i in range(4)
    )
    charts = "".join(
        f'<figure data-width="48">{svg_chart(f"Indikator {n}", f"Stapeldiagram över indikator {n} per år, 2019–2024.", 400, 260)}'
        f"<figcaption>Indikator {n}: andel i procent</figcaption></figure>\n"
        for n in (1, 2, 3)
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trygga Lindängen: lägesrapport</title>
<style>body {{ font-family: sans-serif; }} .rating-green::before {{ content: "●"; }}</style>
</head>
<body>
<header class="report-header">
<h1>Trygga Lindängen: lägesrapport</h1>
<dl class="facts">
<dt>Fas</dt><dd>Genomförande</dd>
<dt>Period</dt><dd>2023-01-01 – 2026-12-31</dd>
<dt>Ägare</dt><dd>Stadsdelsförvaltning Söder</dd>
<dt>Lägesdatum</dt><dd>1&nbsp;juni&nbsp;2024</dd>
</dl>
</header>
<main>
<section class="summary">
<h2>Sammanfattning</h2>
<p>Programmet   har <strong>fyra</strong> nyttor varav <em>tre</em> är täckta av projekt.
Budgeten är 12&nbsp;400&nbsp;000&nbsp;kr, förbrukat {MINUS}39&nbsp;% mot plan &amp; prognos.</p>
<ul>
<li>Nyttotäckning: 3 av 4 nyttor
  <ul><li>2 av 3 behov med hög prioritet</li><li>1 behov utan projekt</li></ul>
</li>
<li>Indikatorer: <span class="status status-on-track">i fas</span>, <span class="status status-behind">efter plan</span></li>
</ul>
<ol><li>Första beslutet</li><li>Andra beslutet</li></ol>
<script>console.log("<p>not text</p>")</script>
</section>
<section class="page-break projects">
<h2>Projekt</h2>
<table class="projects">
<caption>Projekt och bedömning</caption>
<colgroup><col style="width: 34%"><col style="width: 12%"><col style="width: 20%"><col style="width: 20%"><col style="width: 14%"></colgroup>
<thead><tr>{"".join(f"<th{' class=num' if h.startswith('Budget') else ''}>{h}</th>" for h in PROJECT_HEADERS)}</tr></thead>
<tbody>
{"".join(rows)}</tbody>
</table>
<h3>Alla uppgifter</h3>
<table class="wide">
<thead><tr>{"".join(f"<th>{h}</th>" for h in WIDE_HEADERS)}</tr></thead>
<tbody>{wide_rows}</tbody>
</table>
</section>
<section class="page-break charts-section">
<h2>Indikatorer</h2>
<figure data-width="90">{svg_chart("Trygghet i Lindängen", "Linjediagram: andelen som känner sig trygga ökade från 48 % till 61 %.")}<figcaption>Figur 1. Andel trygga invånare</figcaption></figure>
<div class="charts">
{charts}</div>
<h4>Noter</h4>
<p><small>Källa: Malmö stads trygghetsmätning. Kod: <code>PRJ-07</code>, se <a href="https://malmo.se/">malmo.se</a>. H<sub>2</sub>O och m<sup>2</sup>.</small></p>
<blockquote>Citat ur styrgruppens protokoll.</blockquote>
<unknown-tag>Okänd tagg behåller texten</unknown-tag>
</section>
</main>
<hr>
<footer><p><small>Skapad av progstyr 0.9</small></p></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return to_docx(report_html(), created=CREATED)


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def text_width_twips(document: docx.document.Document) -> int:
    section = document.sections[-1]
    return round((section.page_width - section.left_margin - section.right_margin) / 635)


def grid_widths(table: docx.table.Table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_structure_headings_lists_text(report_docx: bytes) -> None:
    document = open_docx(report_docx)
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Trygga Lindängen: lägesrapport") in styled
    assert ("Heading 1", "Sammanfattning") in styled
    assert ("Heading 1", "Projekt") in styled
    assert ("Heading 2", "Alla uppgifter") in styled
    assert ("Heading 3", "Noter") in styled
    bullets = [text for style, text in styled if style == "List Bullet"]
    assert bullets[0] == "Nyttotäckning: 3 av 4 nyttor"
    assert [text for style, text in styled if style == "List Bullet 2"] == [
        "2 av 3 behov med hög prioritet",
        "1 behov utan projekt",
    ]
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["Första beslutet", "Andra beslutet"]
    # whitespace collapses, entities, U+00A0 and U+2212 survive exactly
    summary = next(text for _, text in styled if text.startswith("Programmet"))
    assert summary == (
        f"Programmet har fyra nyttor varav tre är täckta av projekt. Budgeten är "
        f"12{NBSP}400{NBSP}000{NBSP}kr, förbrukat {MINUS}39{NBSP}% mot plan & prognos."
    )
    text = all_text(document)
    assert f"1{NBSP}164{NBSP}000{NBSP}kr" in text
    assert f"{MINUS}39{NBSP}%" in text
    assert "Okänd tagg behåller texten" in text
    assert "Skapad av progstyr 0.9" in text
    # nothing of the markup, the style sheet, the script or the SVG source
    for raw in (
        "<",
        "svg",
        "viewBox",
        "console.log",
        "font-family",
        "not text",
        "Stapeldiagram",
        "Indikator 1 &",
    ):
        assert raw not in text, raw
    # status and rating words stay; ratings get the html's mark (● ▲ ■) before them
    assert "Indikatorer: i fas, efter plan" in text
    for mark, word in (("\u25cf", "grön"), ("\u25b2", "gul"), ("\u25a0", "röd")):
        assert f"{mark}{NBSP}{word}" in text
    assert "ej bedömd" in text and f"{NBSP}ej bedömd" not in text
    # the page-break sections start on a new page; the first content does not
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["Projekt", "Indikatorer"]
    # core properties
    props = document.core_properties
    assert props.title == "Trygga Lindängen: lägesrapport"
    assert props.language == "sv-SE"
    assert props.author == "progstyr"
    assert props.created == dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    assert props.revision == 1


def test_language_is_swedish_for_spelling_and_hyphenation(report_docx: bytes) -> None:
    document = open_docx(report_docx)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "sv-SE"
    english = open_docx(to_docx(report_html(projects=1, lang="en"), created=CREATED))
    defaults = english.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"


def test_page_is_a4_portrait(report_docx: bytes) -> None:
    section = open_docx(report_docx).sections[-1]
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)
    assert section.right_margin.cm == pytest.approx(2.0, abs=0.01)


def test_tables_fit_the_text_width_and_repeat_their_header(report_docx: bytes) -> None:
    document = open_docx(report_docx)
    width = text_width_twips(document)
    tables = {len(t.columns): t for t in document.tables}
    projects, wide = tables[5], tables[7]
    # 8 project rows, 4 detail rows, 1 header row
    assert len(projects.rows) == 13
    assert [c.text for c in projects.rows[0].cells] == PROJECT_HEADERS
    assert [c.text for c in wide.rows[0].cells] == WIDE_HEADERS
    for table in (projects, wide):
        assert sum(grid_widths(table)) == width
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout.get(qn("w:type")) == "fixed"
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        assert header.find(qn("w:cantSplit")) is not None
        for row in table.rows:
            # every cell's own width is its share of the grid
            tcs = row._tr.tc_lst
            assert sum(int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in tcs) == width
    # the colgroup percentages are a preference: the name column keeps about a third
    assert grid_widths(projects)[0] == pytest.approx(width * 0.34, rel=0.15)
    # the detail row spans all five columns and stays with the row above
    detail = projects.rows[2]._tr
    assert len(detail.tc_lst) == 1 and detail.tc_lst[0].grid_span == 5
    assert "Senaste kommentar" in projects.rows[2].cells[0].text
    above = projects.rows[1]
    assert all(p.paragraph_format.keep_with_next for p in above.cells[0].paragraphs)
    # amounts right-aligned
    budget_cell = projects.rows[1].cells[3]
    assert budget_cell.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert budget_cell.text == f"1{NBSP}164{NBSP}000{NBSP}kr (3{NBSP}%)"


def test_columns_are_wide_enough_for_their_longest_word(report_docx: bytes) -> None:
    """The width estimate: each column holds its longest word at the table's font size."""
    from progstyr.render import docx as module

    document = open_docx(report_docx)
    wide = next(t for t in document.tables if len(t.columns) == 7)
    sizes = {r.font.size.pt for r in wide.rows[1].cells[0].paragraphs[0].runs}
    assert len(sizes) == 1
    size = sizes.pop()
    assert 8.0 <= size <= 9.5
    widths = grid_widths(wide)
    for col, longest in enumerate(["räddningstjänsten", "planering", "Stadsbyggnadskontoret", "2026-12-31"]):
        need = module._measure([module._Text(longest, module._Fmt())], size, 1.0)[0] * 20
        assert widths[col] >= need + 2 * module._CELL_PAD, (col, longest)
    for col, header in enumerate(WIDE_HEADERS):
        for word in header.split():
            need = module._measure([module._Text(word, module._Fmt(bold=True))], size, 1.0)[0] * 20
            assert widths[col] >= need + 2 * module._CELL_PAD, (col, word)


def test_figures_are_pictures_with_alt_text(report_docx: bytes) -> None:
    document = open_docx(report_docx)
    assert len(document.inline_shapes) == 4
    doc_prs = document.element.body.findall(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    assert [(d.get("title"), d.get("descr")) for d in doc_prs] == [
        ("Trygghet i Lindängen", "Linjediagram: andelen som känner sig trygga ökade från 48 % till 61 %."),
        ("Indikator 1", "Stapeldiagram över indikator 1 per år, 2019–2024."),
        ("Indikator 2", "Stapeldiagram över indikator 2 per år, 2019–2024."),
        ("Indikator 3", "Stapeldiagram över indikator 3 per år, 2019–2024."),
    ]
    width = text_width_twips(document) * 635
    big, *small = document.inline_shapes
    assert big.width == pytest.approx(width * 0.9, rel=0.01)
    assert big.height / big.width == pytest.approx(320 / 640, rel=0.01)
    for shape in small:  # two per row: each about half the text width
        assert width * 0.4 < shape.width <= width * 0.5
        assert shape.height / shape.width == pytest.approx(260 / 400, rel=0.01)
    # the PNG is sharp: at least 200 dpi at its printed size
    with zipfile.ZipFile(io.BytesIO(report_docx)) as archive:
        pngs = [archive.read(n) for n in archive.namelist() if n.endswith(".png")]
    widest = max(int.from_bytes(png[16:20], "big") for png in pngs)
    assert widest / (big.width / 914400) >= 200
    # the small charts share one borderless two-column table, two per row
    grid = next(t for t in document.tables if len(t.columns) == 2 and len(t.rows) == 2)
    assert sum(grid_widths(grid)) == text_width_twips(document)
    assert "Indikator 3: andel i procent" in grid.rows[1].cells[0].text


def test_each_numbered_list_starts_at_one() -> None:
    document = open_docx(to_docx("<ol><li>a</li><li>b</li></ol><p>x</p><ol><li>c</li></ol>"))
    items = [p for p in document.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in items]
    assert num_ids[0] == num_ids[1] != num_ids[2]
    numbering = document.part.numbering_part.element
    for num_id in (num_ids[0], num_ids[2]):
        num = numbering.num_having_numId(num_id)
        assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_definition_list_reads_as_label_and_value(report_docx: bytes) -> None:
    document = open_docx(report_docx)
    facts = document.tables[0]
    assert [[c.text for c in row.cells] for row in facts.rows] == [
        ["Fas", "Genomförande"],
        ["Period", "2023-01-01 – 2026-12-31"],
        ["Ägare", "Stadsdelsförvaltning Söder"],
        ["Lägesdatum", f"1{NBSP}juni{NBSP}2024"],
    ]
    assert facts.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_same_input_same_bytes() -> None:
    html = report_html(projects=3)
    first = to_docx(html, created=CREATED)
    second = to_docx(html, created=CREATED)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = archive.namelist()
    assert names[0] == "[Content_Types].xml"
    assert to_docx(html) == to_docx(html)  # no date: a fixed one, not today
    assert open_docx(to_docx(html)).core_properties.created == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert to_docx(html, created=dt.date(2024, 6, 2)) != first
    # nothing depends on the process (hash seed, time): another interpreter gives the same bytes
    code = (
        "import sys, datetime; sys.path.insert(0, sys.argv[1]); import test_docx as t; "
        "sys.stdout.buffer.write(t.to_docx(t.report_html(projects=3), created=datetime.date(2024, 6, 1)))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent)],
        capture_output=True,
        check=True,
        env=env,
        timeout=60,
    ).stdout
    assert other == first


def make_reference(path: Path) -> Path:
    """A house template: its own heading font and colour, a logo line in the header, margins."""
    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    heading.font.size = Pt(17)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(3)
    section.top_margin = Cm(3.5)
    section.header.paragraphs[0].text = "LOGO Malmö stad"
    document.add_paragraph("Mallens exempeltext som ska bort")
    document.save(str(path))
    return path


def test_reference_doc_lends_its_look(tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "mall.docx")
    document = open_docx(to_docx(report_html(projects=2), reference_doc=reference, created=CREATED))
    section = document.sections[-1]
    assert section.header.paragraphs[0].text == "LOGO Malmö stad"
    assert (round(section.left_margin.cm, 2), round(section.top_margin.cm, 2)) == (3.0, 3.5)
    heading = document.styles["Heading 1"]
    assert heading.font.name == "Georgia"
    assert heading.font.color.rgb == RGBColor(0x00, 0x66, 0x33)
    assert heading.font.size == Pt(17)
    assert any(p.style.name == "Heading 1" and p.text == "Projekt" for p in document.paragraphs)
    assert "Mallens exempeltext" not in all_text(document)
    # tables fit the reference's narrower text width
    width = text_width_twips(document)
    assert width == pytest.approx(Cm(15).twips, abs=1)
    for table in document.tables:
        assert sum(grid_widths(table)) == width


def test_reference_doc_without_table_or_list_styles(tmp_path: Path) -> None:
    """A template that lacks "Table Grid" and the list styles still gives a document."""
    reference = make_reference(tmp_path / "mall.docx")
    document = docx.Document(str(reference))
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name in ("Table Grid", "List Bullet", "List Bullet 2", "List Number", "Title"):
            styles.remove(style)
    document.save(str(reference))
    result = open_docx(to_docx(report_html(projects=2), reference_doc=reference))
    text = all_text(result)
    assert "\u2022\u00a0Nyttotäckning: 3 av 4 nyttor" in text
    assert "1.\u00a0Första beslutet" in text
    assert any(p.text == "Trygga Lindängen: lägesrapport" for p in result.paragraphs)


def test_reference_template_dotx_is_accepted(tmp_path: Path) -> None:
    """A house template saved as .dotx works as well as a .docx."""
    docx_path = make_reference(tmp_path / "mall.docx")
    dotx_path = tmp_path / "mall.dotx"
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(dotx_path, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, content)
    document = open_docx(to_docx(report_html(projects=1), reference_doc=dotx_path))
    assert document.sections[-1].header.paragraphs[0].text == "LOGO Malmö stad"


@pytest.mark.parametrize("content", [None, b"not a zip file", b"PK\x03\x04broken"])
def test_bad_reference_doc_is_a_value_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "mall.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=r"mall\.docx"):
        to_docx(report_html(projects=1), reference_doc=path)


@pytest.mark.parametrize("module", ["docx", "resvg_py"])
def test_missing_library_says_how_to_install(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(WordUnavailable, match=re.escape("pip install 'progstyr[word]'")):
        to_docx("<p>x</p>")


def test_importing_the_module_loads_neither_library() -> None:
    code = (
        "import sys; import progstyr.render.docx; "
        "print(sorted(m for m in ('docx', 'resvg_py', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_small_inputs_and_odd_markup() -> None:
    cases = {
        "": "",
        "<p>a <b>b</b><i>c</i></p>": "a bc",
        "text without tags": "text without tags",
        "<p>one<p>two<ul><li>x<li>y</ul>": "one\ntwo\nx\ny",
        "<p>a<br>b</p>": "a\nb",
        "<p>  a \n <br> \t b  </p>": "a\nb",
        # an SVG that cannot be drawn (never closed) leaves its title and description
        "<figure><svg><title>T</title><desc>D</desc><g></figure>": "T: D",
        "<p>&lt;svg&gt; &amp; &nbsp;x</p>": f"<svg> & {NBSP}x",
        "<div>loose <span>text</span><p>para</p>tail</div>": "loose text\npara\ntail",
        "<p>Datum 2024-06-01</p>": "Datum 2024-06-01",
    }
    for html, expected in cases.items():
        assert all_text(open_docx(to_docx(html))).strip() == expected, html
    # implicitly closed cells and rows; a colspan wider than the table is cut to it
    table = open_docx(to_docx("<table><tr><td>1<td>2<tr><td colspan=9>3</table>")).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [["1", "2"], ["3", "3"]]


def test_svg_with_html_entities_and_no_namespace() -> None:
    svg = (
        '<svg width="200" height="100" viewBox="0 0 200 100"><title>T</title><desc>D&nbsp;x</desc>'
        '<linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '<text x="10" y="50">&minus;39&nbsp;%</text></svg>'
    )
    document = open_docx(to_docx(f"<figure>{svg}</figure>"))
    assert len(document.inline_shapes) == 1
    doc_pr = document.element.body.find(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    assert doc_pr.get("descr") == f"D{NBSP}x"


def test_a_wide_table_shrinks_its_font_to_keep_words_whole() -> None:
    headers = "".join(f"<th>Kolumn{i}</th>" for i in range(7))
    cells = "".join(f"<td>Stadsbyggnad{i}</td>" for i in range(7))
    document = open_docx(to_docx(f"<table><thead><tr>{headers}</tr></thead><tr>{cells}</tr></table>"))
    table = document.tables[0]
    assert sum(grid_widths(table)) == text_width_twips(document)
    size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size
    assert Pt(8) <= size < Pt(9.5)
    assert document.settings.element.find(qn("w:autoHyphenation")) is None


def test_a_table_that_cannot_fit_hyphenates_only_its_longest_words() -> None:
    """At 8 pt the words still do not fit: the short-word columns keep their words whole,
    the long-word columns share the rest and may be hyphenated (Swedish rules in Word)."""
    long_word = "Arbetsmarknadsförvaltningens"
    headers = "".join(
        f"<th>{h}</th>"
        for h in ["Projekt", "Fas", "Ägare", "Mottagare", "Period", "Budget", "Bedömning", "Kommentar"]
    )
    cells = (
        f"<td>{long_word} kompetenslyft</td><td>planering</td><td>Arbetsmarknadsförvaltningen</td>"
        f"<td>Fastighetsägarföreningen</td><td>2024-01-01</td><td>850{NBSP}000{NBSP}kr</td><td>gul</td><td>Stadsdelsnämnden</td>"
    )
    document = open_docx(
        to_docx(f'<html lang="sv"><table><thead><tr>{headers}</tr></thead><tr>{cells}</tr></table>')
    )
    table = document.tables[0]
    widths = grid_widths(table)
    assert sum(widths) == text_width_twips(document)
    assert table.rows[1].cells[0].paragraphs[0].runs[0].font.size == Pt(8)
    # the long-word columns share the room equally; the others keep what their words need
    assert widths[0] == pytest.approx(widths[2], abs=5) == pytest.approx(widths[3], abs=5)
    assert all(widths[i] < widths[0] for i in (1, 4, 5, 6))
    settings = document.settings.element
    assert settings.find(qn("w:autoHyphenation")).get(qn("w:val")) == "true"

    def hyphenation(cell: docx.table._Cell) -> str | None:
        flag = cell.paragraphs[0]._p.pPr.find(qn("w:suppressAutoHyphens"))
        return flag.get(qn("w:val"))

    hyphenated = {i for i, c in enumerate(table.rows[1].cells) if hyphenation(c) == "0"}
    assert {0, 2, 3} <= hyphenated and not hyphenated & {1, 4, 5, 6}
    # paragraphs outside the table stay unhyphenated, as before
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:suppressAutoHyphens')}") is not None


def _pictures(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("word/media/")]


def test_svg_styled_by_the_page_style_sheet_keeps_its_colours() -> None:
    """Inline SVG in HTML takes the page's CSS (classes, custom properties): so does the picture."""
    svg = '<svg width="40" height="20" viewBox="0 0 40 20"><title>T</title><desc>D</desc><rect class="{cls}" width="40" height="20"{fill}/></svg>'
    page = (
        "<html><head><style>:root {{ --green: #2e7d32; }} .bar {{ fill: var(--green); }}"
        " @media (prefers-color-scheme: dark) {{ :root {{ --green: #000; }} }}</style></head>"
        "<body><figure>{svg}</figure></body></html>"
    )
    styled = to_docx(page.format(svg=svg.format(cls="bar", fill="")))
    explicit = to_docx(page.format(svg=svg.format(cls="other", fill=' fill="#2e7d32"')))
    unstyled = to_docx(f"<figure>{svg.format(cls='bar', fill='')}</figure>")
    assert _pictures(styled) == _pictures(explicit)
    assert _pictures(styled) != _pictures(unstyled)


def test_chart_wrappers_and_grouped_definitions() -> None:
    """<div class="chart"> around each figure still makes a grid; <div> groups in a <dl> one table."""
    figure = '<div class="chart"><figure><svg width="100" height="50" viewBox="0 0 100 50"><title>T{n}</title><desc>D{n}</desc><rect width="9" height="9"/></svg><figcaption>F{n}</figcaption></figure></div>'
    html = (
        "<dl><div><dt>Fas</dt><dd>Genomförande</dd></div><div><dt>Ägare</dt><dd>Söder</dd></div></dl>"
        f'<div class="charts">{figure.format(n=1)} {figure.format(n=2)}</div>'
    )
    document = open_docx(to_docx(html))
    facts, grid = document.tables
    assert [[c.text for c in row.cells] for row in facts.rows] == [
        ["Fas", "Genomförande"],
        ["Ägare", "Söder"],
    ]
    assert [c.text.strip() for c in grid.rows[0].cells] == ["F1", "F2"]
    assert len(document.inline_shapes) == 2


# ---------------------------------------------------------------- printed with LibreOffice


def _tool(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def test_libreoffice_prints_whole_words(tmp_path: Path) -> None:
    office = _tool("libreoffice", "soffice")
    if office is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH")
    pdftotext, pdfimages, pdfinfo = _tool("pdftotext"), _tool("pdfimages"), _tool("pdfinfo")
    if not (pdftotext and pdfimages and pdfinfo):
        pytest.skip("poppler-utils (pdftotext, pdfimages, pdfinfo) are not on PATH")
    source = tmp_path / "rapport.docx"
    source.write_bytes(to_docx(report_html(), created=CREATED))
    profile = tmp_path / "lo-profile"
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=60,
        env=env,
    )
    pdf = tmp_path / "rapport.pdf"
    assert pdf.is_file()
    pages = int(
        re.search(r"Pages:\s+(\d+)", subprocess.check_output([pdfinfo, str(pdf)], text=True)).group(1)
    )
    # title page with summary, projects (two tables) and indicators: 3 to 6 pages
    assert 3 <= pages <= 6, pages
    text = subprocess.check_output([pdftotext, "-layout", str(pdf), "-"], text=True, timeout=60)
    words = set(re.findall(r"\w+", text))
    for phrase in [*LONG_NAMES, *WIDE_NAMES, *WIDE_HEADERS, *PROJECT_HEADERS, *OWNERS, *WIDE_OWNERS]:
        for word in re.findall(r"\w+", phrase):
            assert word in words, f"{word!r} (from {phrase!r}) is broken across lines"
    listing = subprocess.check_output([pdfimages, "-list", str(pdf)], text=True).splitlines()[2:]
    images = [line.split() for line in listing if line.split()[2] == "image"]
    assert len(images) == 4  # the large chart and three small ones
    assert all(int(image[12]) >= 200 for image in images)  # x-ppi: sharp in print
