"""`progstyr import`: measurements from the survey office's spreadsheet (SPEC §12).

One row per measurement. Columns (a header row, any order, case and spaces ignored;
Swedish names accepted): `programme` (program; optional when PATH is one programme),
`benefit` (nytta), `indicator` (indikator), `date` (datum), `value` (värde),
`women` (kvinnor), `men` (män), `note` (anteckning), `source` (källa).

Read as Swedish offices write them: `.csv` with `;` or `,`, UTF-8 with or without a
BOM, decimal comma or point, spaces (also no-break) between thousands; `.xlsx` (the
first sheet) with numbers and dates as cells. A date may be `YYYY-MM-DD`, a year
alone (`2019` → `2019-12-31`, as Kolada dates years) or an Excel date cell.

Every problem is a diagnostic on `FILE:row:column` (row 1 is the header); the rows are
all checked before anything is written, and nothing is written unless every row is good.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from progstyr import measures
from progstyr.diagnostics import Diagnostic, Severity, make_args
from progstyr.ids import meant
from progstyr.model import Benefit
from progstyr.portfolio import Entity, Portfolio, ProgrammeUnit

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "programme": ("programme", "program", "programid"),
    "benefit": ("benefit", "nytta", "nyttaid"),
    "indicator": ("indicator", "indikator", "indikatorid"),
    "date": ("date", "datum", "mätdatum", "matdatum"),
    "value": ("value", "värde", "varde", "total", "totalt"),
    "women": ("women", "kvinnor"),
    "men": ("men", "män", "man"),
    "note": ("note", "anteckning", "kommentar"),
    "source": ("source", "källa", "kalla"),
}
REQUIRED = ("benefit", "indicator", "date", "value")

CODE_FILE = "PS901"
CODE_UNKNOWN = "PS902"
CODE_DATE = "PS903"
CODE_NUMBER = "PS904"
CODE_BY_SEX = "PS905"
CODE_CONFLICT = "PS906"


@dataclass(frozen=True, slots=True)
class Row:
    """One spreadsheet row: its number and its cells by column name with their column."""

    number: int
    cells: dict[str, tuple[Any, int]]

    def get(self, name: str) -> Any:
        cell = self.cells.get(name)
        if cell is None:
            return None
        value = cell[0]
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def col(self, name: str) -> int:
        cell = self.cells.get(name)
        return cell[1] if cell else 1


class SheetError(Exception):
    def __init__(self, key: str, line: int = 1, col: int = 1, **args: object) -> None:
        super().__init__(key)
        self.key, self.line, self.col, self.args_ = key, line, col, args


# ---------------------------------------------------------------- reading the sheet


def read_rows(path: Path) -> list[Row]:
    """The data rows of a .csv or .xlsx file, header mapped to column names."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SheetError("import.unreadable", detail=exc.strerror or str(exc)) from None
    if not path.is_file():
        raise SheetError("import.unreadable", detail="not a regular file")
    if size > MAX_BYTES:
        raise SheetError("import.too_large", limit=MAX_BYTES // (1024 * 1024))
    if suffix == ".csv" or suffix == ".txt":
        table = _csv_table(path)
    elif suffix == ".xlsx":
        table = _xlsx_table(path)
    else:
        raise SheetError("import.format", suffix=suffix or "(none)")
    return _rows(table)


def _csv_table(path: Path) -> Iterator[tuple[int, list[Any]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SheetError("import.not_utf8", line=line) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    if "\t" in first and first.count("\t") > max(first.count(";"), first.count(",")):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, list(row)
    except csv.Error as exc:
        raise SheetError("import.bad_csv", line=reader.line_num, detail=str(exc)) from None


def _xlsx_table(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import zipfile

    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise SheetError("import.no_openpyxl") from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetError("import.bad_xlsx", detail=type(exc).__name__) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


def _key(header: Any) -> str:
    return re.sub(r"[\s_-]+", "", str(header or "")).casefold()


def _rows(table: Iterable[tuple[int, list[Any]]]) -> list[Row]:
    columns: dict[str, int] | None = None
    rows: list[Row] = []
    for number, cells in table:
        if columns is None:
            if not any(str(c or "").strip() for c in cells):
                continue
            columns = _header(number, cells)
            continue
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise SheetError("import.too_many_rows", line=number, limit=MAX_ROWS)
        rows.append(
            Row(number, {name: (cells[i] if i < len(cells) else None, i + 1) for name, i in columns.items()})
        )
    if columns is None:
        raise SheetError("import.empty")
    return rows


def _header(number: int, cells: Sequence[Any]) -> dict[str, int]:
    aliases = {_key(alias): name for name, names in COLUMNS.items() for alias in names}
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _key(cell)
        if not key:
            continue
        name = aliases.get(key)
        if name is None:
            close = difflib.get_close_matches(key, list(COLUMNS), n=1, cutoff=0.6)
            raise SheetError(
                "import.unknown_column",
                line=number,
                col=index + 1,
                column=str(cell).strip(),
                known=", ".join(COLUMNS),
                suggestion=close[0] if close else "",
            )
        if name in columns:
            raise SheetError("import.double_column", line=number, col=index + 1, column=name)
        columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            raise SheetError("import.missing_column", line=number, column=name)
    return columns


# ---------------------------------------------------------------- cells


_NUMBER_RE = re.compile(r"^[+-−]?(\d+|\d{1,3}(?:[  \u202f]\d{3})+)([.,]\d+)?$")


def parse_number(value: Any) -> float | None:
    """A cell as a number: 29.5, `29,5`, `1 234,5`, `−3`; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if number == number and abs(number) < 1e15 else None
    text = str(value).strip().replace("\u2212", "-")
    if not _NUMBER_RE.match(text):
        return None
    text = re.sub(r"[  \u202f]", "", text).replace(",", ".")
    try:
        return float(text)
    except ValueError:  # pragma: no cover - the pattern admits only numbers
        return None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2200:
        return dt.date(int(text), 12, 31)
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?", text)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- rows → measurements


@dataclass(slots=True)
class Result:
    wanted: dict[str, tuple[str, list[measures.Wanted]]]
    """benefit display → (file path, measurements)."""
    diagnostics: list[Diagnostic]
    rows: int


def _suggest(text: str, known: dict[str, str]) -> tuple[str | None, str | None]:
    """(the id `text` means, or None; a did-you-mean, or None). `known`: id → name. A sheet
    may name things as people do: the id, the id with å, ä, ö and capitals, or the full
    name (ids.meant)."""
    ident, certain = meant(text, known, known)
    return (ident, None) if certain else (None, ident)


def _known_list(known: Iterable[str]) -> str:
    ids = sorted(known)
    shown = ", ".join(ids[:5])
    return shown + (", …" if len(ids) > 5 else "")


def to_measurements(
    rows: Sequence[Row],
    sheet: str,
    portfolio: Portfolio,
    paths: dict[str, str],
    source: str,
    as_of: dt.date,
) -> Result:
    """Check every row against the programmes and turn the good ones into measurements."""
    diagnostics: list[Diagnostic] = []
    wanted: dict[str, tuple[str, list[measures.Wanted]]] = {}
    seen: dict[tuple[str, str, dt.date], int] = {}
    programmes = {unit.id: unit for unit in portfolio.programmes}
    names = {
        unit.id: unit.programme.model.name if unit.programme else unit.id for unit in programmes.values()
    }

    def problem(at: Row, where: str, code: str, key: str, /, **args: object) -> None:
        diagnostics.append(
            Diagnostic(sheet, at.number, at.col(where), code, Severity.ERROR, key, make_args(**args))
        )

    for row in rows:
        unit = _programme_of(row, programmes, names, problem)
        if unit is None:
            continue
        benefit = _benefit_of(row, unit, problem)
        if benefit is None:
            continue
        indicators = {ind.id: ind for ind in benefit.model.indicators}
        indicator_names = {ind.id: ind.name or ind.id for ind in benefit.model.indicators}
        text = str(row.get("indicator") or "")
        ident, suggestion = _suggest(text, indicator_names)
        if ident is None:
            _unknown(row, "indicator", text, suggestion, indicators, problem, benefit.id)
            continue
        indicator = indicators[ident]
        raw_date = row.get("date")
        day = parse_date(raw_date) if raw_date is not None else None
        if day is None:
            problem(row, "date", CODE_DATE, "import.bad_date", value=_shown(raw_date))
            continue
        if day > as_of:
            problem(row, "date", CODE_DATE, "import.future", date=day.isoformat(), today=as_of.isoformat())
            continue
        numbers: dict[str, float | None] = {}
        bad = False
        for name in ("value", "women", "men"):
            cell = row.get(name)
            if cell is None:
                numbers[name] = None
                if name == "value":
                    problem(row, name, CODE_NUMBER, "import.no_value", column=name)
                    bad = True
                continue
            number = parse_number(cell)
            if number is None:
                problem(row, name, CODE_NUMBER, "import.not_number", value=_shown(cell), column=name)
                bad = True
            numbers[name] = number
        if bad:
            continue
        if indicator.by_sex:
            missing = [n for n in ("women", "men") if numbers[n] is None]
            if missing:
                problem(
                    row,
                    missing[0] if missing[0] in row.cells else "value",
                    CODE_BY_SEX,
                    "import.by_sex",
                    indicator=indicator.id,
                    column=missing[0],
                )
                continue
        key = (benefit.display, indicator.id, day)
        if key in seen:
            problem(row, "date", CODE_CONFLICT, "import.twice", date=day.isoformat(), row=seen[key])
            continue
        seen[key] = row.number
        value = numbers["value"]
        assert value is not None
        want = measures.Wanted(
            indicator.id,
            day,
            value,
            numbers["women"],
            numbers["men"],
            note=_text(row.get("note")),
            source=_text(row.get("source")) or source,
            origin=row,
        )
        path = paths.get(benefit.display, benefit.display)
        wanted.setdefault(benefit.display, (path, []))[1].append(want)
    return Result(wanted, diagnostics, len(rows))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _programme_of(
    row: Row, programmes: dict[str, ProgrammeUnit], names: dict[str, str], problem: Any
) -> ProgrammeUnit | None:
    text = str(row.get("programme") or "")
    if not text:
        if len(programmes) == 1:
            return next(iter(programmes.values()))
        problem(row, "programme", CODE_UNKNOWN, "import.which_programme", known=_known_list(programmes))
        return None
    ident, suggestion = _suggest(text, names)
    if ident is None:
        _unknown(row, "programme", text, suggestion, programmes, problem, None)
        return None
    return programmes[ident]


def _benefit_of(row: Row, unit: ProgrammeUnit, problem: Any) -> Entity[Benefit] | None:
    text = str(row.get("benefit") or "")
    known = {ident: entity.model.name for ident, entity in unit.benefits.items()}
    ident, suggestion = _suggest(text, known)
    if ident is None:
        _unknown(row, "benefit", text, suggestion, known, problem, unit.id)
        return None
    return unit.benefits[ident]


def _unknown(
    row: Row,
    column: str,
    text: str,
    suggestion: str | None,
    known: Iterable[str],
    problem: Any,
    within: str | None,
) -> None:
    if not text:
        problem(row, column, CODE_UNKNOWN, "import.empty_cell", column=column)
    elif suggestion:
        problem(
            row, column, CODE_UNKNOWN, f"import.unknown_{column}_suggest", value=text, suggestion=suggestion
        )
    else:
        problem(
            row,
            column,
            CODE_UNKNOWN,
            f"import.unknown_{column}",
            value=text,
            known=_known_list(known),
            within=within or "",
        )


def conflicts(result: Result, plans: Iterable[Any], sheet: str) -> list[Diagnostic]:
    """A value already in the file with another number: a diagnostic on the row."""
    found: list[Diagnostic] = []
    for plan in plans:
        for conflict in plan.edit.conflicts:
            row = conflict.wanted.origin
            existing = conflict.existing.get("value")
            found.append(
                Diagnostic(
                    sheet,
                    row.number,
                    row.col("value"),
                    CODE_CONFLICT,
                    Severity.ERROR,
                    "import.conflict",
                    make_args(
                        date=conflict.wanted.date.isoformat(),
                        existing=measures.scalar(existing) if existing is not None else "?",
                        file=f"{plan.display}:{conflict.line}",
                    ),
                )
            )
    return found
