"""docs/format.md, generated from the models so the documented format cannot drift.

Regenerate with `python -m progstyr.formatdoc > docs/format.md`; a test fails when
the committed page differs from what the models say.
"""

from __future__ import annotations

import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from progstyr import model

_SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("portfolio.yaml", model.PortfolioFile),
    ("programme.yaml", model.Programme),
    ("benefits/ID.yaml", model.Benefit),
    ("gaps/ID.yaml", model.Gap),
    ("projects/ID.yaml", model.Project),
]


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(annotation)
        if inner is str and any(getattr(m, "metadata", None) for m in meta):
            return "id"
        return _type_name(inner)
    if origin in (typing.Union, __import__("types").UnionType):
        parts = [a for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(_type_name(a) for a in parts)
    if origin is list:
        return f"list of {_type_name(typing.get_args(annotation)[0])}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {str: "text", float: "number", bool: "true/false", int: "whole number"}
    if annotation in names:
        return names[annotation]
    if getattr(annotation, "__name__", "") == "date":
        return "date"
    return str(annotation)


def _row(name: str, info: FieldInfo) -> str:
    required = "•" if info.is_required() else ""
    is_id = any(getattr(meta, "pattern", None) for meta in info.metadata)
    shown = "id" if is_id else _type_name(info.rebuild_annotation())
    if any(getattr(m, "ge", None) == 0 for m in info.metadata):
        shown += " ≥ 0"
    default = ""
    if not info.is_required() and info.default not in (None, ...) and not callable(info.default_factory):
        value = info.default.value if isinstance(info.default, Enum) else info.default
        default = f" (default `{value}`)"
    return f"| {required} {name} | {shown}{default} | {info.description or ''} |"


def _nested(root: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        for arg in typing.get_args(annotation) or ():
            visit(arg)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
            found.append(annotation)
            for info in annotation.model_fields.values():
                visit(info.rebuild_annotation())

    for info in root.model_fields.values():
        visit(info.rebuild_annotation())
    return found


def render() -> str:
    lines = [
        "# File format",
        "",
        "Generated from `src/progstyr/model.py` by `python -m progstyr.formatdoc`; do not edit by hand.",
        "Required fields are marked •. Unknown fields are errors (PS105). Dates are `YYYY-MM-DD`;",
        "ids are `a-z`, `0-9` and `-`, starting with a letter or digit, at most 64 characters.",
        "",
    ]
    done: set[type[BaseModel]] = set()
    for title, cls in _SECTIONS:
        lines += [
            f"## {title}",
            "",
            (cls.__doc__ or "").strip(),
            "",
            "| field | type | meaning |",
            "|---|---|---|",
        ]
        lines += [_row(name, info) for name, info in cls.model_fields.items()]
        lines.append("")
        for nested in _nested(cls):
            if nested in done:
                continue
            done.add(nested)
            lines += [f"### {nested.__name__}", "", (nested.__doc__ or "").strip(), ""]
            lines += ["| field | type | meaning |", "|---|---|---|"]
            lines += [_row(name, info) for name, info in nested.model_fields.items()]
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
