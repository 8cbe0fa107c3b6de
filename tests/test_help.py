"""`--help` reads like the README (issue 15, item 7): whole sentences in the command list,
words instead of Python types, one default each, one description of --lang, every command
in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from progstyr.cli import app

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(
    command.name or (command.callback.__name__ if command.callback else "")
    for command in app.registered_commands
)


def help_of(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_command_list_is_not_cut_mid_sentence():
    listing = help_of().split("Commands:", 1)[1]
    lines = [line for line in listing.splitlines() if line.strip()]
    assert len(lines) == len(COMMANDS)
    for line in lines:
        assert not line.rstrip().endswith("..."), line
        assert line.rstrip().endswith("."), line


@pytest.mark.parametrize("command", COMMANDS)
def test_options_show_words_not_python_types_and_one_default(command):
    text = help_of(command)
    assert not re.search(r"<(str|int|float|list\[str\]|int range|float range)>", text), text
    assert "Default: . [default: .]" not in text and "[default: .]" not in text
    assert "SPEC" not in text


def test_lang_is_described_one_way():
    described = {
        re.sub(r"\s+", " ", re.search(r"--lang sv\|en(.*?)(?=\n  -|\Z)", help_of(c), re.S).group(1)).strip()
        for c in ("validate", "coverage", "report", "rules", "fmt", "new", "pull", "import")
    }
    assert len(described) == 1, described


def test_an_unknown_language_gets_a_plain_sentence():
    result = CliRunner().invoke(app, ["rules", "--lang", "se"])
    assert result.exit_code == 2
    assert "'se' is not a language progstyr speaks: use sv (svenska) or en (English)" in result.output
    assert "Value error" not in result.output


def test_the_readme_table_names_every_command_and_the_ci_formats():
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("| command | does |", 1)[1].split("\n\n", 1)[0]
    for command in COMMANDS:
        name = {"fmt_command": "fmt", "import_command": "import"}.get(command, command)
        assert f"`progstyr {name}" in table, name
    assert "github" in table and "sarif" in table


def test_typer_is_the_one_this_help_was_checked_with():
    # the argument display above leans on Typer's help formatting (cli._argument_type)
    assert hasattr(typer.core.TyperArgument, "display_type_rich")
