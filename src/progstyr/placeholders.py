"""The TODO comments `progstyr new` writes, found again when a file is read (PS109).

Kept apart from `progstyr.scaffold` so that reading files does not load what writing
scaffolds needs.
"""

from __future__ import annotations

import re

from progstyr import i18n

PLACEHOLDER_RE = re.compile(r"#\s*TODO:\s*(.*)$")


def placeholders(text: str) -> list[tuple[int, int, str]]:
    """(line, column, what to fill in) of every TODO comment `new` wrote and nobody has
    removed yet: a scaffold's guesses are not data (PS109)."""
    if "TODO" not in text:
        return []
    known = _todo_texts()
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = PLACEHOLDER_RE.search(line)
        if match is None:
            continue
        said = match.group(1).strip()
        if any(said.startswith(todo) for todo in known):
            found.append((number, match.start() + 1, said))
    return found


def _todo_texts() -> tuple[str, ...]:
    return tuple(
        text
        for key in i18n.keys()  # noqa: SIM118 - a function of the table, not a dict
        if key.startswith("new.todo.") and key != "new.todo.choices"
        for text in (i18n.text(key, "en"), i18n.text(key, "sv"))
    )
