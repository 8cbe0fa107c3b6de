"""What the one-shot command line does differently from a library caller, to be fast.

`cli.run` (the `progstyr` command, never an import of progstyr as a library) calls
`one_shot()`, which does two things:

- **Freeze what loading made** (`ONE_SHOT`, read by `load.load`): tens of thousands of
  models are made and kept to the end of the process, so the garbage collector is told to
  leave them alone for good (gc.freeze; a quarter of a warm run). A process that loads
  again and again (tests, a harness, a service) must not freeze: what each run left would
  be kept for ever.
- **No pydantic plugin discovery.** `progstyr validate` on a small programme spends most
  of its time starting up. Before it builds its first validator, pydantic asks the
  installed packages for plugins (entry points of the group `pydantic`), which imports
  `importlib.metadata` (and with it `email`, `zipfile`, `csv`) and reads every installed
  package's metadata: about 15-25 ms, a tenth of a small run. progstyr has no use for
  such plugins (they observe or alter validation, and a checker must give the same answer
  whatever else is installed), so the command line answers "no plugins" itself, exactly
  as `PYDANTIC_DISABLE_PLUGINS=1` would, without the import. Should a later pydantic no
  longer ask that module, the stand-in is never used; should it ask the module for more
  than `get_plugins`, the stand-in hands over to the real one. Either way the run is as
  before, only slower (tests/test_speed.py checks what pydantic asks today).

docs/speed.md, section 5.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"


def _no_plugins() -> Iterable[Any]:
    return ()


def _the_real_loader(name: str) -> Any:
    """Anything but `get_plugins` asked of the stand-in (a later pydantic might ask more):
    the stand-in steps aside and pydantic's own loader answers, so a change in pydantic
    costs the start-up time saved here, never a failed command."""
    if name.startswith("__"):  # what the import system and tools look for (__path__, __file__)
        raise AttributeError(name)
    import importlib

    if sys.modules.get(LOADER) is not None and getattr(sys.modules[LOADER], "_progstyr_stand_in", False):
        del sys.modules[LOADER]
    return getattr(importlib.import_module(LOADER), name)


ONE_SHOT = False
"""True in the `progstyr` command: one load, then the process ends."""


def one_shot() -> None:
    """The command line's settings (see the module's text); nothing is imported here, so
    `progstyr --version` stays as fast as before."""
    global ONE_SHOT
    ONE_SHOT = True
    without_validation_plugins()


def without_validation_plugins() -> None:
    """Make pydantic find no validation plugins, without importing importlib.metadata:
    the module pydantic asks (`from ._loader import get_plugins`, when it makes its first
    validator) is found already imported. A loader pydantic has imported is left alone."""
    if LOADER in sys.modules:
        return
    stand_in = types.ModuleType(LOADER, "progstyr: pydantic validation plugins are not used.")
    stand_in.get_plugins = _no_plugins  # type: ignore[attr-defined]
    stand_in._progstyr_stand_in = True  # type: ignore[attr-defined]
    stand_in.__getattr__ = _the_real_loader  # type: ignore[method-assign]
    sys.modules[LOADER] = stand_in
