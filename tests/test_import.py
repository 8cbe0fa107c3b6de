"""`progstyr import`: measurements from the survey office's spreadsheet (.csv as Swedish
Excel writes it, .xlsx), every bad row a diagnostic on FILE:row:column, nothing written
unless every row is good, and the result clean for `fmt --check` and `validate`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import AS_OF, CASES, diagnostics, edit, examples
from progstyr.cli import app

TRYGGHET = "benefits/trygghet.yaml"


def run_import(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["import", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_semicolons_and_decimal_comma_as_swedish_excel_writes(case, tmp_path):
    root = case("minimal")
    sheet = tmp_path / "omradesundersokning.csv"
    sheet.write_text(
        "nytta;indikator;datum;värde;anteckning\n"
        "trygghet;otrygghet;2024-03-31;29,5;Områdesundersökningen 2024\n"
        "delaktighet;deltagare;2024-04-30;1 234;\n",
        encoding="utf-8",
    )
    code, out, err = run_import(str(sheet), str(root), "--lang", "sv")
    assert code == 0, out + err
    assert "Skrivet: 2 nya mätvärden i 2 filer." in out
    text = (root / TRYGGHET).read_text()
    assert (
        "      - date: 2024-03-31\n        value: 29.5\n        note: Områdesundersökningen 2024\n"
        "        source: omradesundersokning.csv\n"
    ) in text
    assert "        value: 1234\n" in (root / "benefits/delaktighet.yaml").read_text()


def test_bom_and_commas_with_quoted_decimal_comma(case, tmp_path):
    root = case("minimal")
    sheet = tmp_path / "survey.csv"
    sheet.write_bytes(
        "\ufeffbenefit,indicator,date,value,source\n"
        'trygghet,otrygghet,2024-03-31,"29,5",Områdesundersökningen\n'.encode()
    )
    code, out, err = run_import(str(sheet), str(root))
    assert code == 0, out + err
    assert "        value: 29.5\n        source: Områdesundersökningen\n" in (root / TRYGGHET).read_text()


def test_xlsx_with_date_and_number_cells(case, tmp_path):
    from openpyxl import Workbook

    root = case("minimal")
    book = Workbook()
    sheet = book.active
    sheet.append(["Nytta", "Indikator", "Datum", "Värde"])
    sheet.append(["trygghet", "otrygghet", dt.datetime(2024, 3, 31), 29.5])
    sheet.append(["Trygghet", "Andel som känner sig otrygga", 2023, 31])  # names, a year
    path = tmp_path / "survey.xlsx"
    book.save(path)
    code, out, err = run_import(str(path), str(root))
    assert code == 0, out + err
    text = (root / TRYGGHET).read_text()
    assert "      - date: 2023-12-31\n        value: 31\n        source: survey.xlsx\n" in text
    assert "      - date: 2024-03-31\n        value: 29.5\n" in text
    assert text.index("2023-12-31") < text.index("2024-01-01") < text.index("2024-03-31")


@pytest.mark.parametrize(
    ("row", "column", "code", "message"),
    [
        (
            "trygghet;otrygghet;2024-13-01;12",
            3,
            "PS903",
            "'2024-13-01' is not a date; write YYYY-MM-DD (or a year, meaning 31 December)",
        ),
        (
            "trygghet;otrygghet;2099-03-31;12",
            3,
            "PS903",
            "2099-03-31 is after today",
        ),
        (
            "trygghet;otrygghet;2024-03-31;12 %",
            4,
            "PS904",
            "'12 %' in 'value' is not a number (write 29,5 or 29.5, without units)",
        ),
        ("trygghet;otrygghet;2024-03-31;", 4, "PS904", "the column 'value' is empty"),
        ("trygghett;otrygghet;2024-03-31;12", 1, "PS902", "did you mean 'trygghet'?"),
        ("Trygghet i området;otrygghet;2024-03-31;12", 1, "PS902", "did you mean 'trygghet'?"),
        ("delaktighet;otrygghet;2024-03-31;12", 2, "PS902", "its indicators are: deltagare"),
        ("trygghet;andel otrygga;2024-03-31;12", 2, "PS902", "did you mean 'otrygghet'?"),
        (
            "trygghet;otrygghet;2024-01-01;31",
            4,
            "PS906",
            "benefits/trygghet.yaml:17 already has 30 for 2024-01-01",
        ),
    ],
    ids=[
        "bad-date",
        "future",
        "not-number",
        "no-value",
        "benefit-typo",
        "benefit-name",
        "indicator",
        "ind-name",
        "conflict",
    ],
)
def test_each_bad_row_kind_names_row_and_column(case, tmp_path, row, column, code, message):
    root = case("minimal")
    sheet = tmp_path / "survey.csv"
    sheet.write_text(
        "benefit;indicator;date;value\ntrygghet;otrygghet;2024-03-31;29,5\n" + row + "\n", encoding="utf-8"
    )
    before = _tree(root)
    status, out, err = run_import(str(sheet), str(root))
    assert status == 1
    found = diagnostics(out)
    assert len(found) == 1, out
    assert (found[0]["line"], found[0]["col"], found[0]["code"]) == ("3", str(column), code)
    assert found[0]["path"].endswith("survey.csv")
    assert message in found[0]["msg"]
    assert "nothing was written" in err
    assert _tree(root) == before


def test_by_sex_indicator_needs_women_and_men(case, tmp_path):
    root = case("minimal")
    path = root / TRYGGHET
    edit(path, "    direction: decrease\n", "    direction: decrease\n    by_sex: true\n")
    edit(path, "      value: 40\n", "      value: 40\n      women: 45\n      men: 35\n")
    edit(path, "      value: 20\n", "      value: 20\n      women: 20\n      men: 20\n")
    text = path.read_text()
    text = text.replace("        value: 35\n", "        value: 35\n        women: 38\n        men: 32\n")
    path.write_text(
        text.replace("        value: 30\n", "        value: 30\n        women: 33\n        men: 27\n")
    )
    sheet = tmp_path / "survey.csv"
    sheet.write_text("benefit;indicator;date;value;women;men\ntrygghet;otrygghet;2024-03-31;29;31;\n")
    code, out, _err = run_import(str(sheet), str(root))
    assert code == 1
    [found] = diagnostics(out)
    assert (found["line"], found["col"], found["code"]) == ("2", "6", "PS905")
    assert "reported for women and men: fill in 'men'" in found["msg"]
    sheet.write_text("benefit;indicator;date;value;women;men\ntrygghet;otrygghet;2024-03-31;29;31;27\n")
    code, out, err = run_import(str(sheet), str(root))
    assert code == 0, out + err
    assert "        value: 29\n        women: 31\n        men: 27\n" in path.read_text()


def test_several_programmes_need_the_programme_column(case, tmp_path):
    first = case("minimal")
    folder = first.parent
    sheet = tmp_path / "survey.csv"
    (folder / "other").mkdir()
    shutil.copytree(first, folder / "other" / "andra")
    sheet.write_text("benefit;indicator;date;value\ntrygghet;otrygghet;2024-03-31;29\n")
    code, out, _err = run_import(str(sheet), str(folder))
    assert code == 1
    assert "which programme?" in out
    sheet.write_text("program;benefit;indicator;date;value\nandra;trygghet;otrygghet;2024-03-31;29\n")
    code, out, err = run_import(str(sheet), str(folder))
    assert code == 0, out + err
    assert "2024-03-31" in (folder / "other/andra" / TRYGGHET).read_text()
    assert "2024-03-31" not in (first / TRYGGHET).read_text()


def test_unknown_column_and_missing_column(case, tmp_path):
    root = case("minimal")
    sheet = tmp_path / "survey.csv"
    sheet.write_text("benefit;indicator;datum;värde;kommun\ntrygghet;otrygghet;2024-03-31;29\n")
    code, out, _err = run_import(str(sheet), str(root))
    assert code == 1
    [found] = diagnostics(out)
    assert (found["line"], found["col"], found["code"]) == ("1", "5", "PS901")
    assert "unknown column 'kommun'" in found["msg"]
    sheet.write_text("benefit;date;value\ntrygghet;2024-03-31;29\n")
    code, out, _err = run_import(str(sheet), str(root))
    assert code == 1 and "the header has no column 'indicator'" in out


def test_not_utf8_says_how_to_save(case, tmp_path):
    root = case("minimal")
    sheet = tmp_path / "survey.csv"
    sheet.write_bytes("benefit;indicator;date;value\nträ;x;2024-03-31;1\n".encode("cp1252"))
    code, out, _err = run_import(str(sheet), str(root), "--lang", "sv")
    assert code == 1
    assert "survey.csv:2:1: PS901 fel: filen är inte UTF-8; välj 'CSV UTF-8" in out


def test_same_rows_twice_change_nothing(case, tmp_path):
    root = case("minimal")
    sheet = tmp_path / "survey.csv"
    sheet.write_text("benefit;indicator;date;value\ntrygghet;otrygghet;2024-03-31;29,5\n")
    assert run_import(str(sheet), str(root))[0] == 0
    after = _tree(root)
    code, out, _err = run_import(str(sheet), str(root))
    assert code == 0 and "Nothing new" in out
    assert _tree(root) == after


def test_dry_run_shows_the_diff_and_writes_nothing(case, tmp_path):
    root = case("minimal")
    sheet = tmp_path / "survey.csv"
    sheet.write_text("benefit;indicator;date;value\ntrygghet;otrygghet;2024-03-31;29,5\n")
    before = _tree(root)
    code, out, _err = run_import(str(sheet), str(root), "--dry-run")
    assert code == 0
    assert "+      - date: 2024-03-31\n+        value: 29.5\n" in out
    assert _tree(root) == before


_dates = st.dates(min_value=dt.date(2022, 1, 2), max_value=dt.date(2024, 5, 31))
_values = st.one_of(
    st.integers(min_value=0, max_value=10_000),
    st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda v: round(v, 3)),
)


@settings(max_examples=examples(25, 12), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(st.sampled_from(["trygghet", "delaktighet"]), _dates, _values), max_size=6))
def test_import_then_fmt_check_and_validate_find_nothing_new(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("prop")
    root = folder / "minimal"
    shutil.copytree(CASES / "minimal", root)
    indicator = {"trygghet": "otrygghet", "delaktighet": "deltagare"}
    seen: set[tuple[str, dt.date]] = set()
    lines = ["benefit;indicator;date;value"]
    existing = {
        ("trygghet", dt.date(2023, 1, 1)),
        ("trygghet", dt.date(2024, 1, 1)),
        ("delaktighet", dt.date(2023, 9, 1)),
    }
    for benefit, day, value in rows:
        if (benefit, day) in seen or (benefit, day) in existing:
            continue
        seen.add((benefit, day))
        lines.append(f"{benefit};{indicator[benefit]};{day.isoformat()};{str(value).replace('.', ',')}")
    sheet = folder / "survey.csv"
    sheet.write_text("\n".join(lines) + "\n")
    runner = CliRunner()
    before = runner.invoke(app, ["validate", str(root), "--as-of", AS_OF]).stdout
    code, out, err = run_import(str(sheet), str(root))
    assert code == 0, out + err
    assert runner.invoke(app, ["fmt", "--check", str(root)]).exit_code == 0
    after = runner.invoke(app, ["validate", str(root), "--as-of", AS_OF]).stdout
    assert set(after.splitlines()[:-1]) <= set(before.splitlines()[:-1])
