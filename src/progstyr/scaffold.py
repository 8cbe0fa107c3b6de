"""`progstyr new`: start a portfolio, programme, benefit, gap or project from a valid file.

Every file starts with the yaml-language-server modeline pointing at the JSON
Schema (a relative path), fills what can be known (owner from programme.yaml,
dates from the as-of date, an existing benefit or gap to link to) and marks what
the user must fill with TODO comments, in the programme's language.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from progstyr import i18n, schema
from progstyr.fileio import write_atomic
from progstyr.ids import to_id
from progstyr.model import FOLDER_KINDS, ID_RE

_FOLDER = {kind: folder for folder, kind in FOLDER_KINDS.items()}


class ScaffoldError(Exception):
    """The file cannot be created; the message key says why."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True)
class Created:
    path: Path
    folders: tuple[Path, ...] = ()
    written: tuple[Path, ...] = ()
    """Every file written, the main one first."""


def _repository_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd()


def _modeline(target: Path, kind: str) -> str:
    """The schema modeline, a relative path to <repository>/schemas/, when the schemas are
    there (`progstyr schema --out schemas` writes them); `new` itself writes no schema."""
    root = _repository_root(target.parent.resolve())
    wanted = root / "schemas" / schema.file_name(kind)
    if not wanted.is_file():
        return ""
    relative = os.path.relpath(wanted, target.parent.resolve()).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={relative}\n"


def _read_programme(folder: Path) -> dict[str, object]:
    """What a scaffold may borrow from programme.yaml (owner, language); empty when unreadable."""
    return read_fields(folder, ("programme.yaml", "programme.yml"))


def read_fields(folder: Path, names: tuple[str, ...]) -> dict[str, object]:
    """The top-level fields of the first of `names` in `folder`; empty when unreadable."""
    from progstyr import yamlread

    for name in names:
        path = folder / name
        if path.is_file():
            text, _problem = yamlread.decode(path.read_bytes()[: yamlread.MAX_FILE_BYTES])
            if text is None:
                return {}
            doc, _ = yamlread.parse(text)
            return doc.data if doc is not None and isinstance(doc.data, dict) else {}
    return {}


def _ids(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    ids = sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return [i for i in ids if ID_RE.match(i)]


def _choices(folder: Path, lang: str) -> str:
    """` (one of: a, b, c …)` for a TODO comment: the ids there are to link to."""
    ids = _ids(folder)
    if not ids:
        return ""
    shown = ", ".join(ids[:6]) + (", …" if len(ids) > 6 else "")
    return " " + i18n.text("new.todo.choices", lang, ids=shown)


def create(kind: str, raw_id: str, name: str | None, programme_dir: Path, as_of: dt.date) -> Created:
    """Write the new file (and, for a programme, its folders); never overwrite."""
    ident = to_id(raw_id)
    if not ID_RE.match(ident):
        raise ScaffoldError("new.bad_id", value=raw_id)
    display_name = name or raw_id.replace("-", " ").strip().capitalize()
    if kind in ("programme", "portfolio"):
        folder = programme_dir / ident
        target = folder / f"{kind}.yaml"
        lang = "sv"
    else:
        programme_dir = _programme_folder(programme_dir)
        folder = programme_dir
        target = programme_dir / _FOLDER[kind] / f"{ident}.yaml"
        lang = str(_read_programme(programme_dir).get("language") or "sv")
        if lang not in i18n.LANGUAGES:
            lang = "sv"
    if target.exists() or (kind in ("programme", "portfolio") and (folder / f"{kind}.yml").exists()):
        raise ScaffoldError("new.exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    text = _modeline(target, kind) + _body(kind, display_name, folder, as_of, lang)
    write_atomic(target, text)
    made: list[Path] = []
    written = [target]
    if kind == "programme":
        for sub in ("benefits", "gaps", "projects"):
            path = folder / sub
            path.mkdir(exist_ok=True)
            keep = path / ".gitkeep"
            if not keep.exists():
                keep.write_text("", encoding="utf-8")
                written.append(keep)
            made.append(path)
    return Created(target, tuple(made), tuple(written))


def _programme_folder(given: Path) -> Path:
    """The programme a benefit, gap or project goes into: `given` when it holds
    programme.yaml, else the programme folder it lies in (run from `gaps/`); else a
    ScaffoldError naming the programmes found below it."""
    for folder in (given, *given.resolve().parents):
        if any((folder / name).is_file() for name in ("programme.yaml", "programme.yml")):
            return folder if folder != given.resolve() else given
        if (folder / ".git").exists():
            break
    found = sorted(
        str(p.parent)
        for pattern in ("*/programme.yaml", "*/*/programme.yaml", "*/*/*/programme.yaml")
        for p in given.glob(pattern)
    )
    example = found[0] if found else "programmes/NAME"
    raise ScaffoldError(
        "new.no_programme",
        folder=str(given.resolve()),
        example=example,
        known=", ".join(found[:5]) + (", …" if len(found) > 5 else "") if found else "-",
    )


def _years_later(day: dt.date, years: int) -> dt.date:
    """The same date `years` later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _q(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body(kind: str, name: str, folder: Path, as_of: dt.date, lang: str) -> str:
    def todo(key: str) -> str:
        return "  # TODO: " + i18n.text(key, lang)

    programme = _read_programme(folder) if kind not in ("programme", "portfolio") else {}
    if kind == "portfolio":  # its programmes go in sub-folders: progstyr new programme X --programme ID
        return (
            f"name: {_q(name)}\n"
            f"description: {_q('')}{todo('new.todo.portfolio_description')}\n"
            f"owner: kommunstyrelsen{todo('new.todo.owner')}\n"
            "period:\n"
            f"  start: {as_of.isoformat()}\n"
            f"  end: {_years_later(as_of, 5).isoformat()}"
            f"{todo('new.todo.period')}\n"
            "language: sv\n"
            "organisations:\n"
            f"  - id: kommunstyrelsen{todo('new.todo.shared_organisations')}\n"
            "    name: Kommunstyrelsen\n"
            "    type: municipal\n"
            "decisions: []\n"
            f"goals: []{todo('new.todo.goals')}\n"
        )
    owner = str(programme.get("owner") or "kommunstyrelsen")
    if kind == "programme":
        end = _years_later(as_of, 3)
        portfolio = read_fields(folder.parent, ("portfolio.yaml", "portfolio.yml"))
        owner = "kommunstyrelsen"
        language = "language: sv\n"
        if portfolio:
            # in a portfolio: the owner, other shared actors and the language come from it
            organisations = f"organisations: []{todo('new.todo.portfolio_organisations')}\n"
            owner = str(portfolio.get("owner") or owner)
            language = ""
        else:
            organisations = (
                "organisations:\n"
                f"  - id: kommunstyrelsen{todo('new.todo.organisations')}\n"
                "    name: Kommunstyrelsen\n"
                "    type: municipal\n"
            )
        return (
            f"name: {_q(name)}\n"
            f"description: {_q('')}{todo('new.todo.description')}\n"
            f"owner: {owner}{todo('new.todo.owner')}\n"
            "phase: definition\n"
            "period:\n"
            f"  start: {as_of.isoformat()}\n"
            f"  end: {end.isoformat()}{todo('new.todo.period')}\n"
            f"{language}"
            f"{organisations}"
            "decisions: []\n"
        )
    if kind == "benefit":
        return (
            f"name: {_q(name)}\n"
            f"owner: {owner}{todo('new.todo.benefit_owner')}\n"
            "level: end\n"
            f"indicators: []{todo('new.todo.indicators')}\n"
        )
    if kind == "gap":
        return (
            f"name: {_q(name)}\n"
            f"current_state: {_q('')}{todo('new.todo.current_state')}\n"
            f"desired_state: {_q('')}{todo('new.todo.desired_state')}\n"
            f"benefits: []{todo('new.todo.gap_benefits')}{_choices(folder / 'benefits', lang)}\n"
            f"priority: medium{todo('new.todo.priority')}\n"
            f"identified: {as_of.isoformat()}\n"
            "status: open\n"
        )
    return (
        f"name: {_q(name)}\n"
        f"owner: {owner}{todo('new.todo.project_owner')}\n"
        "phase: proposed\n"
        "period:\n"
        f"  start: {as_of.isoformat()}\n"
        f"  end: {(as_of + dt.timedelta(days=365)).isoformat()}{todo('new.todo.period')}\n"
        f"closes: []{todo('new.todo.closes')}{_choices(folder / 'gaps', lang)}\n"
        "budget:\n"
        f"  total: 0{todo('new.todo.budget')}\n"
    )
