"""Ids as people write them: the id `new` makes of a name, and which known id a
written reference means (PS201, PS802, `import`)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

_TRANSLIT = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o", "É": "e"})


def to_id(text: str) -> str:
    """`Trygghet på Lindängen` → `trygghet-pa-lindangen` (å→a, ä→a, ö→o, é→e)."""
    value = text.translate(_TRANSLIT).lower()
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value[:64].rstrip("-")


def meant(text: str, known: Iterable[str], names: Mapping[str, str] | None = None) -> tuple[str | None, bool]:
    """Which known id `text` means, and whether that is certain.

    Certain: the id itself, the id written with å, ä, ö and capitals (`Mötesplats` →
    `motesplats`), or the full name of exactly one (`names`: id → name). Not certain:
    the nearest id, else the id of the nearest name. (None, False) when nothing is near.
    """
    ids = sorted(known)
    names = names or {}
    if text in ids:
        return text, True
    slug = to_id(text)
    if slug in ids:
        return slug, True
    folded = text.casefold().strip()
    by_name = [ident for ident, name in names.items() if name.casefold().strip() == folded]
    if len(by_name) == 1:
        return by_name[0], True
    close = difflib.get_close_matches(slug or text, ids, n=1, cutoff=0.6)
    if close:
        return close[0], False
    folded_names = {name.casefold(): ident for ident, name in names.items()}
    close = difflib.get_close_matches(folded, sorted(folded_names), n=1, cutoff=0.6)
    return (folded_names[close[0]], False) if close else (None, False)
