"""The command line: thin Typer commands that parse options, call the core, print, exit.

Heavy modules are imported inside the commands so `progstyr --version` and
`--help` start fast. Exit codes (SPEC §7): 0 fine, 1 the input has errors (or
warnings with --strict), 2 usage or internal error. An unexpected exception is
turned into a short message and exit 2 by `_boundary`; no input file may reach it.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer
import typer.core

from progstyr import __version__


def _argument_type(self: Any, ctx: Any) -> str | None:
    """Help shows an argument as its metavar (PATH, FILE) without Typer's `<str>` after it."""
    return None if self.metavar or _ARGUMENT_TYPE is None else _ARGUMENT_TYPE(self, ctx)


# Typer from 0.2x appends `<str>` to every argument in help; older ones do not (nothing to do).
_ARGUMENT_TYPE = getattr(typer.core.TyperArgument, "display_type_rich", None)
if _ARGUMENT_TYPE is not None:
    typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]

app = typer.Typer(
    name="progstyr",
    help=(
        "Programme management files in git, checked and reported.\n\n"
        "Programstyrning: programme, benefit, gap and project files in YAML, validated, "
        "covered and reported."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])

NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file afresh; neither use nor update the read cache "
        "($PROGSTYR_CACHE_DIR, else $XDG_CACHE_HOME/progstyr).",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Processes that read files. Default: one per core when there are many files.",
        show_default=False,
    ),
]


class TextFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class Lang(StrEnum):
    sv = "sv"
    en = "en"


def _paths_argument(what: str) -> Any:
    """The PATH argument of a command, described by `what` it takes."""
    return typer.Argument(metavar="PATH", help=f"{what} Default: the current folder.", show_default=False)


def _as_of_option(what: str) -> Any:
    """--as-of, described by `what` the date is for."""
    return typer.Option(
        "--as-of", metavar="DATE", help=f"{what} (YYYY-MM-DD). Default: today.", show_default=False
    )


DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show what would change (a diff per file); write nothing.")
]


def _lang_value(value: str | None) -> Lang | None:
    """--lang: sv or en, and a plain sentence in both for anything else (`--lang se`)."""
    if value is None:
        return None
    try:
        return Lang(value.strip().lower())
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a language progstyr speaks: use sv (svenska) or en (English). / "
            f"'{value}' är inget språk som progstyr talar: använd sv (svenska) eller en (engelska)."
        ) from None


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="sv|en",
        callback=_lang_value,
        help="sv or en, for messages and documents alike. Default: PROGSTYR_LANG, else `language` "
        "in the configuration, else the programme's language.",
        show_default=False,
    ),
]


def _boundary(fn: F) -> F:
    """Turn an unexpected exception into a short message and exit 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `progstyr rules | head`: the reader left, nothing is wrong
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
            raise typer.Exit(1) from None
        except Exception as exc:
            from progstyr import i18n

            lang = i18n.normalise_language(os.environ.get("PROGSTYR_LANG"))
            typer.echo(i18n.text("cli.internal", lang, error=type(exc).__name__), err=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"progstyr {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """progstyr: programme management files in git, checked and reported."""


def _usage_error(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def _parse_as_of(value: str | None, lang: str) -> dt.date:
    from progstyr import i18n

    if value is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise _usage_error(i18n.text("cli.bad_date", lang, value=value)) from None
    if not AS_OF_FIRST <= day <= AS_OF_LAST:  # date arithmetic near years 1 and 9999 overflows
        first, last = AS_OF_FIRST.isoformat(), AS_OF_LAST.isoformat()
        raise _usage_error(i18n.text("cli.as_of_range", lang, value=value, first=first, last=last))
    return day


AS_OF_FIRST = dt.date(1900, 1, 1)
AS_OF_LAST = dt.date(2200, 12, 31)
"""The dates --as-of accepts (the years a programme's resources may name)."""


def _language(option: Lang | str | None, configured: str | None, programme: str | None = None) -> str:
    """The one language rule, for every command and everything it prints: --lang, else
    PROGSTYR_LANG, else `language` in the configuration, else the language of the
    programmes the command is about (their portfolio's, or the first programme's), else
    English. docs/design.md, "Messages and language"."""
    from progstyr import i18n

    if option is not None:
        return Lang(option).value
    environment = os.environ.get("PROGSTYR_LANG")
    if environment:
        return i18n.normalise_language(environment)
    if configured:
        return configured
    if programme:
        return i18n.normalise_language(programme)
    return i18n.DEFAULT_LANGUAGE


def _configured_language(start: str) -> str | None:
    """`language` from the configuration that applies at `start` (None when unset or broken)."""
    from progstyr.config import find_config, load_config

    if not os.path.exists(start):
        return None
    config, _problems = load_config(find_config(start))
    return config.language


def _portfolio_language(portfolio: Any) -> str | None:
    """The language the programmes under PATH are written in: the first shown portfolio's,
    else the first programme's (programmes inherit their portfolio's by default)."""
    shown = _shown_portfolios(portfolio)
    for unit in shown:
        if unit.entity is not None:
            return str(unit.entity.model.language.value)
    for programme in portfolio.programmes:
        if programme.programme is not None:
            return str(programme.programme.model.language.value)
    return None


def _folder_language(targets: list[str]) -> str | None:
    """The language of the programme (or portfolio) a PATH is in, or of the first one
    below it, read from its programme.yaml or portfolio.yaml: for commands that do not
    load every file (fmt, new)."""
    from pathlib import Path

    for target in targets:
        start = Path(target) if Path(target).is_dir() else Path(target).parent
        for folder in (start, *start.parents):
            found = _declared_language(folder)
            if found is not None:
                return found
            if (folder / ".git").exists():
                break
        if start.is_dir():
            for child in sorted(start.iterdir()):
                found = _declared_language(child) if child.is_dir() else None
                if found is not None:
                    return found
    return None


def _declared_language(folder: Any) -> str | None:
    """`language` of folder's portfolio.yaml or programme.yaml (sv when not given), or None
    when the folder has neither."""
    from progstyr import scaffold

    names = ("portfolio.yaml", "portfolio.yml", "programme.yaml", "programme.yml")
    if not any((folder / name).is_file() for name in names):
        return None
    language = scaffold.read_fields(folder, names).get("language")
    return language if language in ("sv", "en") else "sv"


@app.command(short_help="Check the files: one line per finding, with file, line and column.")
@_boundary
def validate(
    paths: Annotated[
        list[str] | None, _paths_argument("Programme folders, a folder of programmes, or single files.")
    ] = None,
    output_format: Annotated[
        TextFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format: text, json, github (workflow commands) or sarif.",
            envvar="PROGSTYR_FORMAT",
        ),
    ] = TextFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    as_of: Annotated[str | None, _as_of_option("Check as of this date")] = None,
    lang: LangOption = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Run every check and print `path:line:col: CODE severity: message` lines.

    Exit 0 when there are no errors (warnings allowed unless --strict), 1 when the
    files have errors, 2 for a usage problem.
    """
    from progstyr.diagnostics import Severity, render_json, render_text

    portfolio, _config, day, language, diagnostics = _load_checked(
        paths or ["."], as_of, lang, no_cache, jobs
    )
    files = len(portfolio.wanted) if portfolio.wanted is not None else len(portfolio.files)
    if output_format is TextFormat.json:
        sys.stdout.write(render_json(diagnostics, files, language, day.isoformat()))
    elif output_format is TextFormat.github:
        from progstyr.render import machine

        sys.stdout.write(machine.github(diagnostics, language))
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as stream:
                stream.write(machine.github_summary(diagnostics, files, language))
    elif output_format is TextFormat.sarif:
        from progstyr import checks
        from progstyr.render import machine

        sys.stdout.write(machine.sarif(diagnostics, checks.RULES, __version__, language))
    else:
        sys.stdout.write(render_text(diagnostics, files, language))
    failing = [d for d in diagnostics if d.severity is Severity.ERROR or strict]
    raise typer.Exit(1 if failing else 0)


class CoverageFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command(short_help="What no project serves, where the money goes, how indicators do.")
@_boundary
def coverage(
    path: Annotated[str, _paths_argument("A programme folder or a folder of programmes.")] = ".",
    output_format: Annotated[
        CoverageFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: table on a terminal, markdown otherwise.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[str | None, _as_of_option("Indicator status as of this date")] = None,
    lang: LangOption = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Which benefits and gaps no project serves, where the money goes, how each indicator is doing.

    Exit 0, or 1 when the files have errors (the coverage of what could be read is
    still shown; run `progstyr validate` for the details).
    """
    from progstyr import coverage as analysis
    from progstyr import i18n
    from progstyr.diagnostics import Severity
    from progstyr.render import coverage as render

    portfolio, _config, day, language, diagnostics = _load_checked([path], as_of, lang, no_cache, jobs)
    analyses = [analysis.analyse_unit(unit, day) for unit in portfolio.programmes]
    chosen = output_format or (CoverageFormat.table if sys.stdout.isatty() else CoverageFormat.markdown)
    if chosen is CoverageFormat.json:
        shown = analysis.portfolios_of(analyses, day, _shown_portfolios(portfolio))
        render.write_json(sys.stdout, analyses, day, shown)  # in pieces: a large map is not one string
    elif chosen is CoverageFormat.csv:
        sys.stdout.write(render.to_csv(analyses, language))
    elif chosen is CoverageFormat.markdown:
        sys.stdout.write(render.to_markdown(analyses, day, language))
    else:
        from rich.console import Console

        console = Console(highlight=False)  # the terminal's width (COLUMNS when not a terminal)
        for item in render.to_rich(analyses, day, language, width=console.width):
            console.print(item)
    # Only files that could not be read or validated change the figures (they are left
    # out); other findings are for `validate`. Data dated after --as-of is simply ignored.
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR and d.code < "PS200")
    if errors:
        typer.echo(i18n.count("n.has_errors", errors, language), err=True)
        raise typer.Exit(1)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"


_REPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
_OTHER_DOCUMENTS = frozenset({".pdf", ".doc", ".dotx", ".odt", ".rtf", ".xlsx", ".pptx", ".epub", ".tex"})


@app.command(short_help="The steering group's status report: Markdown, html or Word.")
@_boundary
def report(
    path: Annotated[str, _paths_argument("A programme folder or a folder of programmes.")] = ".",
    lang: LangOption = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help="Your own Jinja2 template (rendered in a sandbox).",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[str | None, _as_of_option("Report as of this date")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="GITREF",
            help="Also report what changed since this git ref (tag, branch, commit).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write the report to this file (- for standard output).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md (GitLab/GitHub), html (one self-contained file, prints on A4) or docx (Word). "
            "Default: from the suffix of -o, else md.",
            show_default=False,
        ),
    ] = None,
    reference_doc: Annotated[
        str | None,
        typer.Option(
            "--reference-doc",
            metavar="FILE",
            help="docx: take styles, fonts, page setup and header (logo) from this Word file.",
            show_default=False,
        ),
    ] = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """The steering-group status report: Markdown, html or Word (Swedish or English).

    Exit 0, or 1 when a file could not be read (the report leaves it out); 2 for a
    usage problem (unknown git ref, missing template or reference document).
    """
    from pathlib import Path

    from progstyr import gitinfo, i18n
    from progstyr import report as reporting
    from progstyr.diagnostics import Severity

    portfolio, _config, day, language, diagnostics = _load_checked([path], as_of, lang, no_cache, jobs)
    units = portfolio.programmes
    fmt = _report_format(output_format, output, language)
    if fmt == "docx" and output is None and sys.stdout.isatty():
        raise _usage_error(i18n.text("cli.docx_needs_output", language))
    if reference_doc is not None:
        if fmt != "docx":
            raise _usage_error(i18n.text("cli.reference_only_docx", language))
        if not os.path.isfile(reference_doc):
            raise _usage_error(i18n.text("cli.reference_missing", language, path=reference_doc))
    snapshot = None
    if since is not None:
        try:
            snapshot = reporting.since_snapshots(path, since, units)
        except gitinfo.GitError as exc:
            raise _usage_error(i18n.text("cli.git", language, detail=str(exc))) from None
    commit = gitinfo.head(path)
    context = reporting.build_context(
        units,
        diagnostics,
        day,
        language,
        __version__,
        commit,
        snapshot,
        uncommitted=commit is not None and gitinfo.has_changes(path),
        portfolios=_shown_portfolios(portfolio),
    )
    try:
        text = reporting.render(context, Path(template) if template else None, fmt)
    except reporting.TemplateProblem as exc:
        raise _usage_error(i18n.text("cli.template", language, detail=str(exc))) from None
    if fmt != "md" and not text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        # a Markdown template asked for html or Word: say so rather than write a broken file
        raise _usage_error(i18n.text("cli.template_not_html", language, format=fmt))
    document: str | bytes = text
    if fmt == "docx":
        from progstyr.render import docx

        try:
            document = docx.to_docx(
                text, reference_doc=Path(reference_doc) if reference_doc else None, created=day
            )
        except docx.WordUnavailable:
            raise _usage_error(i18n.text("cli.word_missing", language)) from None
        except docx.ReferenceDocProblem as exc:
            raise _usage_error(i18n.text("cli.reference_bad", language, path=str(exc.path))) from None
    if output:
        from progstyr import fileio

        try:  # links written through, FIFOs and devices written directly, `-` is stdout
            fileio.write_output(output, document)
        except fileio.WriteError as exc:
            reason = i18n.message(exc.reason, language, exc.message_args)
            message = i18n.text("cli.write_failed", language, path=output, reason=reason)
            raise _usage_error(message) from None
        if output != "-":
            typer.echo(i18n.text("cli.written", language, path=output), err=True)
    elif isinstance(document, bytes):
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
    else:
        sys.stdout.write(document)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR and d.code < "PS200")
    if errors:
        typer.echo(i18n.count("n.has_errors", errors, language), err=True)
        raise typer.Exit(1)


@app.command(short_help="List the check codes, or explain one.")
@_boundary
def rules(
    code: Annotated[
        str | None,
        typer.Argument(metavar="CODE", help="A code such as PS201 to explain it.", show_default=False),
    ] = None,
    lang: LangOption = None,
) -> None:
    """List every check code with its severity and one-line doc, or explain one."""
    import inspect

    from progstyr import checks, i18n
    from progstyr.checks.examples import EXAMPLES

    language = _language(lang, _configured_language("."), _folder_language(["."]))

    def severity(rule: Any) -> str:
        return i18n.text(f"severity.{rule.severity.value}", language)

    if code is None:
        width = max(len(severity(r)) for r in checks.RULES.values())
        for key in sorted(checks.RULES):
            listed = checks.RULES[key]
            typer.echo(f"{key}  {severity(listed):<{width}}  {listed.title(language)}")
        return
    rule = checks.RULES.get(code.upper())
    if rule is None:
        raise _usage_error(i18n.text("rules.unknown", language, code=code))
    bad, good = EXAMPLES[rule.code]
    family = (
        i18n.text(f"family.{rule.family}", language) if i18n.has(f"family.{rule.family}") else rule.family
    )
    lines = [
        f"{rule.code} ({severity(rule)}): {rule.title(language)}",
        "",
        f"{i18n.text('rules.family', language)}: {family}",
    ]
    # The rationale: the check's docstring, in the table (both languages) as why.<code>.
    why = i18n.text(f"why.{rule.code}", language) if i18n.has(f"why.{rule.code}") else None
    if why is None and language == "en" and rule.check is not None:
        why = inspect.getdoc(rule.check)
    if why:
        lines += ["", f"{i18n.text('rules.explain_why', language)}: {why}"]
    lines += ["", "✗", _indent(bad), "", "✓", _indent(good)]
    typer.echo("\n".join(lines))


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.strip("\n").splitlines())


@app.command(short_help="Write the JSON Schemas, for editor completion.")
@_boundary
def schema(
    out: Annotated[
        str, typer.Option("--out", metavar="FOLDER", help="Folder to write the JSON Schemas to.")
    ] = "schemas",
) -> None:
    """Write the JSON Schemas of the four file kinds (for editor completion and checks)."""
    from pathlib import Path

    from progstyr import i18n
    from progstyr import schema as schemas
    from progstyr.fileio import write_atomic

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = schemas.all_schemas()
    for name, text in written.items():
        write_atomic(folder / name, text)
    language = _language(None, _configured_language("."), _folder_language(["."]))
    typer.echo(i18n.text("schema.written", language, count=len(written), path=out), err=True)


@app.command(name="fmt", short_help="Put the files in one style, keeping every comment.")
@_boundary
def fmt_command(
    paths: Annotated[
        list[str] | None, _paths_argument("Programme folders, a folder of programmes, or single files.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; list the files that would change and exit 1.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Put programme files in one style, keeping every comment.

    Keys in the order of the file format (docs/format.md), two-space indentation,
    short one-line lists and mappings kept on one line.

    Files that cannot be read safely are never touched. Exit 0 when done (or, with
    --check, when nothing would change), 1 when a file would change or was left as it is.
    """
    from pathlib import Path

    from progstyr import fmt, i18n
    from progstyr.load import discover

    targets = paths or ["."]
    language = _language(lang, _configured_language(targets[0]), _folder_language(targets))
    plan = discover(targets)
    if plan.missing:
        raise _usage_error(i18n.text("cli.path_missing", language, path=", ".join(plan.missing)))
    refs = [
        *plan.portfolios.values(),
        *(r for pdir in plan.programmes.values() for r in pdir.files),
        *plan.loose,
    ]
    files = sorted(
        {r.display: r for r in refs if r.kind is not None and r.problem is None}.values(),
        key=lambda r: r.display,
    )
    if not files:
        raise _usage_error(i18n.text("cli.no_programmes", language, path=", ".join(targets)))
    if plan.wanted is not None:
        files = [r for r in files if r.display in plan.wanted]
    changed = skipped = 0
    for ref in refs:  # a folder that could not be read (PS107): its files were not formatted
        if ref.code == "PS107" and ref.problem and (plan.wanted is None or ref.display in plan.wanted):
            skipped += 1
            reason = i18n.message(ref.problem, language, dict(ref.args) or {"detail": "?"})
            typer.echo(
                i18n.text("fmt.skipped", language, path=ref.display, line=1, col=1, reason=reason), err=True
            )
    for ref in files:
        outcome = fmt.format_file(Path(ref.path), ref.kind, check=check)
        if outcome.status is fmt.Status.CHANGED:
            changed += 1
            typer.echo(
                i18n.text("fmt.would_change" if check else "fmt.reformatted", language, path=ref.display)
            )
        elif outcome.status is fmt.Status.SKIPPED:
            skipped += 1
            reason = i18n.message(
                outcome.reason or "fmt.failed", language, dict(outcome.args) or {"detail": "?"}
            )
            typer.echo(
                i18n.text(
                    "fmt.skipped",
                    language,
                    path=ref.display,
                    line=outcome.line,
                    col=outcome.col,
                    reason=reason,
                ),
                err=True,
            )
    key = "fmt.check_summary" if check else "fmt.summary"
    typer.echo(i18n.text(key, language, changed=changed, files=len(files), skipped=skipped))
    raise typer.Exit(1 if skipped or (check and changed) else 0)


class Kind(StrEnum):
    portfolio = "portfolio"
    programme = "programme"
    benefit = "benefit"
    gap = "gap"
    project = "project"


@app.command(short_help="Start a new file from a scaffold to fill in.")
@_boundary
def new(
    kind: Annotated[
        Kind, typer.Argument(metavar="KIND", help="portfolio, programme, benefit, gap or project.")
    ],
    ident: Annotated[str, typer.Argument(metavar="ID", help="The id (file name); å, ä, ö become a, a, o.")],
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help="The name to write in the file.", show_default=False),
    ] = None,
    programme: Annotated[
        str,
        typer.Option(
            "--programme",
            metavar="FOLDER",
            help="The programme folder (for a programme or portfolio: where to create it; a programme "
            "of a portfolio goes in the portfolio's folder). Default: the programme the current folder "
            "is in, else the current folder.",
            show_default=False,
        ),
    ] = ".",
    as_of: Annotated[str | None, _as_of_option("Dates start here")] = None,
    lang: LangOption = None,
) -> None:
    """Start a new file from a valid scaffold with TODO comments; never overwrites."""
    from pathlib import Path

    from progstyr import i18n, scaffold

    language = _language(lang, _configured_language(programme), _folder_language([programme]))
    day = _parse_as_of(as_of, language)
    try:
        made = scaffold.create(kind.value, ident, name, Path(programme), day)
    except scaffold.ScaffoldError as exc:
        raise _usage_error(i18n.text(exc.key, language, **exc.args_)) from None
    for path in made.written:  # every file written, so nothing appears unannounced
        typer.echo(i18n.text("new.created", language, path=str(path)))


@app.command(short_help="Fetch indicator values from Kolada into the benefit files.")
@_boundary
def pull(
    paths: Annotated[
        list[str] | None, _paths_argument("Programme folders, a folder of programmes, or benefit files.")
    ] = None,
    dry_run: DryRun = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask Kolada again even for answers kept from the last hour.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0.1,
            max=300,
            help="Seconds to wait for each answer from Kolada (0.1 to 300).",
        ),
    ] = 15.0,
    as_of: Annotated[str | None, _as_of_option("Take values up to this date")] = None,
    lang: LangOption = None,
) -> None:
    """Fetch indicator values from Kolada into the benefit files (indicators with `kolada:`).

    New values become measurements dated 31 December of their year with `source: Kolada
    <KPI>`; values pull wrote before are updated when Kolada changes them; measurements
    entered by hand are never touched. Every comment and the rest of each file are kept.
    Exit 0 done (or nothing new), 1 the files have errors (nothing pulled), 3 Kolada could
    not be reached or answered wrongly (nothing written).
    """
    from progstyr import i18n, kolada
    from progstyr import pull as pulling

    targets = paths or ["."]
    portfolio, config, day, language, diagnostics = _load_checked(targets, as_of, lang)
    _refuse_files_with_errors(portfolio, diagnostics, language)
    found = pulling.targets(portfolio, pulling.paths_by_display(targets), day)
    if not found:
        typer.echo(i18n.text("pull.no_references", language, path=", ".join(targets)))
        raise typer.Exit(0)
    wanted_queries = kolada.queries(t.ref for t in found)
    import threading

    progress = _ReadProgress(i18n.text("pull.asking", language))
    # The bar appears after a second even while the first answer is still awaited.
    shown = threading.Timer(progress.DELAY, progress, args=(0, len(wanted_queries)))
    shown.daemon = True
    client = kolada.Client(
        kolada.base_url(config.kolada_url), timeout=timeout, cache_dir=_kolada_cache(), refresh=refresh
    )
    try:
        shown.start()
        with client:
            values = kolada.fetch_all(client, wanted_queries, progress)
    except kolada.KoladaError as exc:
        shown.cancel()
        progress.close()
        typer.echo(i18n.text(exc.key, language, **exc.args_), err=True)
        typer.echo(i18n.text("pull.nothing_written", language), err=True)
        raise typer.Exit(3) from None
    finally:
        shown.cancel()
        progress.close()
    typer.echo(
        i18n.text(
            "pull.requests_kept" if client.kept else "pull.requests",
            language,
            host=client.host,
            requests=i18n.count("n.pull.query", client.requests, language),
            kept=i18n.count("n.pull.kept", client.kept, language),
        ),
        err=True,
    )
    per_file: dict[str, tuple[str, list[Any]]] = {}
    for target in found:
        wants, incomplete = pulling.wanted_from(target, values, day)
        if incomplete:
            typer.echo(
                i18n.text(
                    "measures.incomplete",
                    language,
                    path=target.display,
                    indicator=target.indicator.id,
                    kpi=target.ref.kpi,
                    years=", ".join(str(y) for y in incomplete),
                ),
                err=True,
            )
        per_file.setdefault(target.display, (target.path, []))[1].extend(wants)
    from progstyr.measures import Owner

    outcome = pulling.plan_files(per_file, Owner.KOLADA)
    for display, conflict in outcome.conflicts:
        typer.echo(_conflict_line(display, conflict, language), err=True)
    _finish_measures(outcome, dry_run, language)


def _refuse_files_with_errors(portfolio: Any, diagnostics: list[Any], language: str) -> None:
    """pull and import write only into files without errors: print them, exit 1."""
    from progstyr import i18n
    from progstyr.diagnostics import Severity, render_text

    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        files = len(portfolio.wanted) if portfolio.wanted is not None else len(portfolio.files)
        sys.stdout.write(render_text(errors, files, language))
        typer.echo(i18n.text("pull.has_errors", language), err=True)
        raise typer.Exit(1)


def _kolada_cache() -> Any:
    """The folder for Kolada's answers in the private cache, or None (then nothing is kept)."""
    from progstyr import cache

    return cache.private_directory("kolada")


def _conflict_line(display: str, conflict: Any, language: str) -> str:
    from progstyr import i18n, textfmt

    existing = conflict.existing.get("value")
    return i18n.text(
        "measures.conflict",
        language,
        path=display,
        line=conflict.line,
        col=conflict.col,
        date=conflict.wanted.date.isoformat(),
        existing=textfmt.number(existing, language) if isinstance(existing, (int, float)) else "?",
        source=conflict.wanted.source or "",
        value=textfmt.number(conflict.wanted.value, language),
    )


def _what(added: int, updated: int, language: str) -> str:
    from progstyr import i18n

    parts = [i18n.count("n.measure.added", added, language)]
    if updated:
        parts.append(i18n.count("n.measure.updated", updated, language))
    return ", ".join(parts)


def _finish_measures(outcome: Any, dry_run: bool, language: str) -> None:
    """Print (and unless dry_run, write) planned edits; exit 0, or 1 when a file failed."""
    from progstyr import i18n
    from progstyr import pull as pulling

    for display, key, args in outcome.failed:
        reason = i18n.text(key, language, **args)
        typer.echo(i18n.text("measures.failed", language, path=display, reason=reason), err=True)
    if outcome.failed:
        typer.echo(i18n.text("pull.nothing_written", language), err=True)
        raise typer.Exit(1)
    changed = outcome.changed
    added = sum(len(p.edit.added) for p in changed)
    updated = sum(len(p.edit.updated) for p in changed)
    if not changed:
        typer.echo(i18n.text("measures.nothing_new", language))
        raise typer.Exit(0)
    files = i18n.count("n.measure.file", len(changed), language)
    if dry_run:
        for plan in changed:
            sys.stdout.write(pulling.diff(plan))
        typer.echo(
            i18n.text("measures.would_write", language, what=_what(added, updated, language), files=files)
        )
        raise typer.Exit(0)
    problems = pulling.write(changed)
    failed = {display for display, _key, _args in problems}
    for plan in changed:
        if plan.display not in failed:
            what = _what(len(plan.edit.added), len(plan.edit.updated), language)
            typer.echo(i18n.text("measures.file_line", language, path=plan.display, what=what))
    for display, key, args in problems:
        reason = i18n.text(key, language, **args)
        typer.echo(i18n.text("measures.failed", language, path=display, reason=reason), err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(i18n.text("measures.written", language, what=_what(added, updated, language), files=files))
    raise typer.Exit(0)


@app.command(name="import", short_help="Add measurements from a spreadsheet (.xlsx or .csv).")
@_boundary
def import_command(
    sheet: Annotated[str, typer.Argument(metavar="FILE", help="The spreadsheet: .xlsx or .csv (; or ,).")],
    paths: Annotated[
        list[str] | None, _paths_argument("The programme folder, or a folder of programmes.")
    ] = None,
    dry_run: DryRun = False,
    as_of: Annotated[str | None, _as_of_option("Today, for checking dates")] = None,
    lang: LangOption = None,
) -> None:
    """Add measurements from a spreadsheet: one row per measurement.

    Columns: programme (optional for one programme), benefit, indicator, date, value,
    women, men, note, source (Swedish names too: nytta, indikator, datum, värde, kvinnor,
    män, anteckning, källa). A bad row is reported on FILE:row:column and nothing is
    written unless every row is good. Exit 0 done, 1 bad rows or files, 2 usage.
    """
    from pathlib import Path

    from progstyr import i18n, importer
    from progstyr import pull as pulling
    from progstyr.diagnostics import Severity, render_text
    from progstyr.measures import Owner

    targets = paths or ["."]
    portfolio, _config, day, language, diagnostics = _load_checked(targets, as_of, lang)
    _refuse_files_with_errors(portfolio, diagnostics, language)
    shown = _shown_path(sheet) or sheet
    try:
        rows = importer.read_rows(Path(sheet))
    except importer.SheetError as exc:
        from progstyr.diagnostics import Diagnostic, make_args

        problem = Diagnostic(
            shown, exc.line, exc.col, importer.CODE_FILE, Severity.ERROR, exc.key, make_args(**exc.args_)
        )
        sys.stdout.write(render_text([problem], 1, language).splitlines(keepends=True)[0])
        typer.echo(i18n.text("pull.nothing_written", language), err=True)
        raise typer.Exit(1) from None
    result = importer.to_measurements(
        rows, shown, portfolio, pulling.paths_by_display(targets), Path(sheet).name, day
    )
    bad = list(result.diagnostics)
    outcome = None
    if not bad:
        outcome = pulling.plan_files(result.wanted, Owner.NOBODY)
        bad.extend(importer.conflicts(result, outcome.plans, shown))
    if bad:
        from progstyr.diagnostics import sort

        for line in render_text(sort(bad), 1, language).splitlines()[:-1]:
            typer.echo(line)
        typer.echo(
            i18n.text(
                "import.rows_bad",
                language,
                errors=i18n.count("n.import.problem", len(bad), language),
                sheet=shown,
            ),
            err=True,
        )
        raise typer.Exit(1)
    assert outcome is not None
    typer.echo(
        i18n.text(
            "import.read", language, sheet=shown, rows=i18n.count("n.import.row", result.rows, language)
        ),
        err=True,
    )
    _finish_measures(outcome, dry_run, language)


def _shown_portfolios(portfolio: Any) -> list[Any]:
    """The portfolios a command reports on: those PATH holds, not one read only because a
    programme given on its own belongs to it."""
    return [p for p in portfolio.portfolios if portfolio.wanted is None or p.display in portfolio.wanted]


def _report_format(option: ReportFormat | None, output: str | None, language: str) -> str:
    """--format, else the suffix of -o (md, html, docx), else md; a document suffix progstyr
    does not write (.pdf, .doc, .odt …) is a usage error rather than Markdown under that name."""
    from progstyr import i18n

    if option is not None:
        return option.value
    suffix = os.path.splitext(output or "")[1].lower()
    if suffix in _REPORT_SUFFIXES:
        return _REPORT_SUFFIXES[suffix]
    if suffix in _OTHER_DOCUMENTS:
        raise _usage_error(i18n.text("cli.report_suffix", language, suffix=suffix))
    return "md"


def _load_checked(
    targets: list[str],
    as_of: str | None,
    lang: Lang | str | None,
    no_cache: bool = False,
    jobs: int | None = None,
) -> tuple[Any, Any, dt.date, str, list[Any]]:
    """Configuration, portfolio and diagnostics for PATHs, or a usage error (exit 2)."""
    from progstyr import checks, i18n
    from progstyr.config import find_config, load_config
    from progstyr.diagnostics import sort
    from progstyr.load import load

    config_path = find_config(targets[0]) if os.path.exists(targets[0]) else None
    config, config_problems = load_config(config_path, _shown_path(config_path), checks.RULES.keys())
    language = _language(lang, config.language)
    day = _parse_as_of(as_of, language)
    read_cache = None
    if not no_cache:
        from progstyr.cache import ReadCache

        read_cache = ReadCache(targets, config_path, lang=language)
        read_cache.load()
    progress = _ReadProgress(i18n.text("cli.reading", language))
    try:
        portfolio, missing = load(
            targets,
            read_cache=read_cache,
            jobs=jobs,
            progress=progress,
            notify=lambda key: typer.echo(i18n.text(key, language), err=True),
        )
    finally:
        progress.close()
    if missing:
        raise _usage_error(i18n.text("cli.path_missing", language, path=", ".join(missing)))
    if not portfolio.files:
        raise _usage_error(i18n.text("cli.no_programmes", language, path=", ".join(targets)))
    portfolio.extra.extend(config_problems)
    diagnostics = sort(checks.run(portfolio, day, config))
    if read_cache is not None:
        read_cache.save()  # after the checks: with the positions they asked for
    language = _language(lang, config.language, _portfolio_language(portfolio))
    return portfolio, config, day, language, diagnostics


class _ReadProgress:
    """A progress bar on stderr for reading that lasts longer than about a second, on a
    terminal only: nothing when stderr is redirected or the CI variable is set."""

    DELAY = 1.0

    def __init__(self, label: str, console: Any = None, clock: Callable[[], float] | None = None) -> None:
        import time

        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.label = label
        self.console = console
        self.enabled = console is not None or (sys.stderr.isatty() and not os.environ.get("CI"))
        self.bar: Any = None
        self.task: Any = None
        import threading

        self.lock = threading.Lock()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        with self.lock:
            self._update(done, total)

    def _update(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if done >= total or self.clock() - self.started < self.DELAY:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console or Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        with self.lock:
            if self.bar is not None:
                self.bar.stop()
                self.bar = None
            self.enabled = False  # a late call (a timer) draws nothing any more


def _shown_path(path: Any) -> str | None:
    if path is None:
        return None
    rel = os.path.relpath(path)
    return (str(path) if rel.startswith("..") else rel).replace(os.sep, "/")


def _command_name(info: Any) -> str:
    """The name a registered command is called by (Typer's rule: the function's name,
    `_` as `-`, unless given)."""
    return str(info.name or info.callback.__name__.replace("_", "-"))


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run for `argv` (the arguments after the program name): when the first
    names a command, an app that holds that command alone, so that Typer builds the
    options of one command instead of all of them (about a tenth of a small validate's
    time). Anything else (no command, an option first, a misspelt command that wants the
    list of commands, shell completion) gets the whole app. Help and errors read the same."""
    if not argv or "_PROGSTYR_COMPLETE" in os.environ:
        return app
    chosen = [info for info in app.registered_commands if _command_name(info) == argv[0]]
    if len(chosen) != 1:
        return app
    trimmed = copy.copy(app)
    trimmed.registered_commands = chosen
    return trimmed


def run() -> None:
    """Console-script entry point: one command, then the process ends."""
    from progstyr import quickstart

    quickstart.one_shot()
    app_for(sys.argv[1:])(prog_name="progstyr")
