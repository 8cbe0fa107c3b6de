"""The resolved portfolio: programmes with their benefits, gaps, projects and organisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel

from progstyr.diagnostics import Args, Diagnostic, Severity
from progstyr.model import Benefit, Gap, PortfolioFile, Programme, Project
from progstyr.yamlread import Document, Path, Pos

M = TypeVar("M", bound=BaseModel)


@dataclass(slots=True)
class SourceFile:
    """One file as loaded: where it is, what it holds, and what went wrong reading it."""

    display: str
    kind: str | None
    id: str
    doc: Document | None = None
    model: BaseModel | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    partial: BaseModel | None = None
    """For a file with errors in some fields: the model without those fields, so that
    its other findings are still reported (checks.run); never counted or reported on."""
    dropped: frozenset[str] = frozenset()
    """The top-level fields left out of `partial`."""


@dataclass(slots=True)
class Entity(Generic[M]):
    """A valid entity with the document it came from, for positions."""

    kind: str
    id: str
    display: str
    doc: Document
    model: M

    def at(self, path: Path = (), *, key: bool = False) -> Pos:
        return self.doc.position(path, key=key)

    def holder(self, path: Path) -> Pos:
        return self.doc.holder(path)

    def diagnostic(
        self,
        code: str,
        severity: Severity,
        key: str,
        pos: Pos,
        args: Args = (),
    ) -> Diagnostic:
        return Diagnostic(self.display, pos[0], pos[1], code, severity, key, args)


@dataclass(slots=True)
class PortfolioUnit:
    """A portfolio folder: its portfolio.yaml and the programmes in its sub-folders (SPEC §10)."""

    id: str
    display: str
    source: SourceFile
    entity: Entity[PortfolioFile] | None = None
    programmes: list[ProgrammeUnit] = field(default_factory=list)

    @property
    def organisations(self) -> set[str]:
        """The shared organisation ids (empty when portfolio.yaml could not be read)."""
        return {org.id for org in self.entity.model.organisations} if self.entity else set()


@dataclass(slots=True)
class ProgrammeUnit:
    """One programme folder (or, for loose files, a group without a programme)."""

    id: str
    display: str
    loose: bool = False
    portfolio: PortfolioUnit | None = None
    """The portfolio whose sub-folder this programme is, if any."""
    programme: Entity[Programme] | None = None
    benefits: dict[str, Entity[Benefit]] = field(default_factory=dict)
    gaps: dict[str, Entity[Gap]] = field(default_factory=dict)
    projects: dict[str, Entity[Project]] = field(default_factory=dict)
    present: dict[str, set[str]] = field(
        default_factory=lambda: {"benefit": set(), "gap": set(), "project": set()}
    )
    files: list[SourceFile] = field(default_factory=list)
    partial: list[tuple[Entity[BaseModel], frozenset[str]]] = field(default_factory=list)
    """Files with errors in some fields, as entities without those fields, and which
    top-level fields were left out (checks.run reports their other findings)."""

    @property
    def organisations(self) -> set[str] | None:
        """Declared organisation ids, the portfolio's shared ones included, or None when
        programme.yaml (or the portfolio.yaml it belongs to) could not be read."""
        if self.programme is None:
            return None
        own = {org.id for org in self.programme.model.organisations}
        if self.portfolio is None:
            return own
        if self.portfolio.entity is None:
            return None
        return own | self.portfolio.organisations

    @property
    def complete(self) -> bool:
        """True when every benefit, gap and project file was read into a model.

        Cross-file coverage findings (PS502-PS504) are only reliable then: a project
        file that could not be read may well be the one closing a gap.
        """
        return all(
            source.model is not None for source in self.files if source.kind in ("benefit", "gap", "project")
        )

    def entities(self) -> list[Entity[BaseModel]]:
        result: list[Entity[BaseModel]] = []
        if self.programme is not None:
            result.append(self.programme)  # type: ignore[arg-type]
        for group in (self.benefits, self.gaps, self.projects):
            result.extend(group[key] for key in sorted(group))  # type: ignore[misc]
        return result


@dataclass(slots=True)
class Portfolio:
    """Everything loaded from the PATHs of one command."""

    units: list[ProgrammeUnit]
    wanted: set[str] | None = None
    portfolios: list[PortfolioUnit] = field(default_factory=list)
    """Display paths to report on; None means every file (single files were not given)."""
    extra: list[Diagnostic] = field(default_factory=list)
    """Diagnostics that belong to no loaded file (e.g. the configuration)."""

    @property
    def files(self) -> list[SourceFile]:
        return [p.source for p in self.portfolios] + [f for unit in self.units for f in unit.files]

    @property
    def programmes(self) -> list[ProgrammeUnit]:
        return [unit for unit in self.units if not unit.loose]
