"""JSON Schemas of the four file kinds, generated from the models (draft 2020-12).

Editors (the YAML language server in VS Code) use them to complete field names and
flag mistakes while typing. `progstyr schema --out schemas` writes them; a test
fails when the committed copies are stale.
"""

from __future__ import annotations

import json
from typing import Any

from progstyr.model import KIND_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict[str, Any]:
    model = KIND_MODELS[kind]
    generated = model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, **generated}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, str]:
    """File name → JSON text, for every kind."""
    return {file_name(kind): render(kind) for kind in KIND_MODELS}
