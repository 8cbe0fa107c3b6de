"""PS201-PS204: references between files, duplicate ids and the benefits map."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from progstyr.benefitmap import components
from progstyr.checks.registry import Context, PortfolioContext, portfolio_rule, rule
from progstyr.diagnostics import Diagnostic, Severity
from progstyr.i18n import Term
from progstyr.ids import meant, to_id
from progstyr.model import BenefitLevel
from progstyr.portfolio import Entity
from progstyr.yamlread import Path


def unknown_id(
    ctx: Context | PortfolioContext,
    code: str,
    entity: Entity[Any],
    path: Path,
    ref: str,
    none: Term,
    known: Iterable[str],
    names: Mapping[str, str] | None = None,
    create: str | None = None,
) -> Diagnostic:
    """An unknown id at `path`, with what was meant when that can be told (PS201, PS802):
    a near id, the id of the same words with å, ä, ö and capitals (`otrygga-utemiljöer`),
    or the id of a name written in full (`Otrygga och slitna utemiljöer`); otherwise a
    few of the known ids, and how to make a new one (`create`: the kind for `progstyr new`)."""
    ids = sorted(known)
    suggestion, _certain = meant(ref, ids, names)
    if suggestion is not None:
        return ctx.emit(
            entity, code, "ref.unknown_suggest", entity.at(path), ref=ref, none=none, suggestion=suggestion
        )
    if not ids:
        return ctx.emit(entity, code, "ref.unknown", entity.at(path), ref=ref, none=none)
    shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
    if create is not None:
        return ctx.emit(
            entity, code, "ref.unknown_new", entity.at(path), ref=ref, none=none, known=shown,
            kind=create, new_id=to_id(ref) or ref,
        )  # fmt: skip
    return ctx.emit(entity, code, "ref.unknown_list", entity.at(path), ref=ref, none=none, known=shown)


def _unknown(
    ctx: Context,
    entity: Entity[Any],
    path: Path,
    ref: str,
    kind: str,
    known: Iterable[str],
    names: Mapping[str, str] | None = None,
) -> Diagnostic:
    create = kind if kind in ("benefit", "gap") else None
    return unknown_id(ctx, "PS201", entity, path, ref, Term(f"ref.none.{kind}"), known, names, create)


@rule("PS201", Severity.ERROR, programme_folder=True)
def unknown_reference(ctx: Context) -> Iterator[Diagnostic]:
    """Every id a file names must exist, or the link silently means nothing."""
    unit = ctx.unit
    orgs = unit.organisations
    benefits = unit.present["benefit"]
    gaps = unit.present["gap"]
    benefit_names = {ident: b.model.name for ident, b in unit.benefits.items()}
    gap_names = {ident: g.model.name for ident, g in unit.gaps.items()}
    org_names = {o.id: o.name for o in unit.programme.model.organisations} if unit.programme else {}
    if unit.portfolio is not None and unit.portfolio.entity is not None:
        org_names.update({o.id: o.name for o in unit.portfolio.entity.model.organisations})

    def org_refs(entity: Entity[Any], refs: Iterable[tuple[Path, str]]) -> Iterator[Diagnostic]:
        if orgs is None:
            return
        for path, ref in refs:
            if ref not in orgs:
                yield _unknown(ctx, entity, path, ref, "organisation", orgs, org_names)

    if unit.programme is not None:
        programme = unit.programme.model
        named: list[tuple[Path, str]] = [(("owner",), programme.owner)]
        named += [(("resources", i, "payer"), r.payer) for i, r in enumerate(programme.resources) if r.payer]
        yield from org_refs(unit.programme, named)
    for benefit in unit.benefits.values():
        yield from org_refs(benefit, [(("owner",), benefit.model.owner)])
        for index, target in enumerate(benefit.model.contributes_to):
            if target not in benefits:
                yield _unknown(
                    ctx, benefit, ("contributes_to", index), target, "benefit", benefits, benefit_names
                )
    for gap in unit.gaps.values():
        for index, target in enumerate(gap.model.benefits):
            if target not in benefits:
                yield _unknown(ctx, gap, ("benefits", index), target, "benefit", benefits, benefit_names)
    for project in unit.projects.values():
        model = project.model
        refs: list[tuple[Path, str]] = [(("owner",), model.owner)]
        refs += [(("partners", i), partner) for i, partner in enumerate(model.partners)]
        if model.handover is not None:
            refs.append((("handover", "recipient"), model.handover.recipient))
        yield from org_refs(project, refs)
        for index, target in enumerate(model.closes):
            if target not in gaps:
                yield _unknown(ctx, project, ("closes", index), target, "gap", gaps, gap_names)


_LISTS = ("decisions", "goals", "indicators", "bodies", "reporting", "evaluations")
"""The lists of programme.yaml and portfolio.yaml whose ids are unique in their file (SPEC §10)."""


def _duplicates_in_file(ctx: Context | PortfolioContext, entity: Entity[Any]) -> Iterator[Diagnostic]:
    """Organisations and every list of ids in programme.yaml or portfolio.yaml; recommendations
    within their evaluation."""
    model = entity.model
    seen: set[str] = set()
    for index, org in enumerate(model.organisations):
        if org.id in seen:
            pos = entity.at(("organisations", index, "id"))
            yield ctx.emit(entity, "PS202", "dup.organisation", pos, id=org.id)
        seen.add(org.id)
    for field in _LISTS:
        seen = set()
        for index, item in enumerate(getattr(model, field, ())):
            if item.id is not None and item.id in seen:
                pos = entity.at((field, index, "id"))
                yield ctx.emit(entity, "PS202", "pf.dup", pos, id=item.id, what=Term(f"pf.two.{field}"))
            seen.add(item.id)
    for e_index, evaluation in enumerate(model.evaluations):
        seen = set()
        for r_index, recommendation in enumerate(evaluation.recommendations):
            if recommendation.id in seen:
                pos = entity.at(("evaluations", e_index, "recommendations", r_index, "id"))
                yield ctx.emit(entity, "PS202", "pf.dup_recommendation", pos, id=recommendation.id)
            seen.add(recommendation.id)


@rule("PS202", Severity.ERROR)
def duplicate_id(ctx: Context) -> Iterator[Diagnostic]:
    """Ids that others refer to must be unique, or a reference is ambiguous. An organisation
    of the portfolio declared again in a programme could drift apart from the shared one."""
    unit = ctx.unit
    if unit.programme is not None:
        yield from _duplicates_in_file(ctx, unit.programme)
        if unit.portfolio is not None and unit.portfolio.entity is not None:
            shared = unit.portfolio.organisations
            for index, org in enumerate(unit.programme.model.organisations):
                if org.id in shared:
                    pos = unit.programme.at(("organisations", index, "id"))
                    yield ctx.emit(
                        unit.programme,
                        "PS202",
                        "pf.dup_org_portfolio",
                        pos,
                        id=org.id,
                        path=unit.portfolio.display,
                    )
    for benefit in unit.benefits.values():
        seen = set()
        for index, indicator in enumerate(benefit.model.indicators):
            if indicator.id in seen:
                pos = benefit.at(("indicators", index, "id"))
                yield ctx.emit(benefit, "PS202", "dup.indicator", pos, id=indicator.id)
            seen.add(indicator.id)


@portfolio_rule("PS202")
def duplicate_id_in_portfolio(ctx: PortfolioContext) -> Iterator[Diagnostic]:
    """portfolio.yaml: organisations, decisions, goals, shared indicators, bodies, reports,
    evaluations and each evaluation's recommendations."""
    if ctx.portfolio.entity is not None:
        yield from _duplicates_in_file(ctx, ctx.portfolio.entity)


@rule("PS203", Severity.ERROR, programme_folder=True)
def benefit_cycle(ctx: Context) -> Iterator[Diagnostic]:
    """A benefits map that loops can never be rolled up to end benefits."""
    benefits = ctx.unit.benefits
    graph = {bid: sorted({t for t in b.model.contributes_to if t in benefits}) for bid, b in benefits.items()}
    for component in _cycles(graph):
        # Every member is told, at its own link into the loop: whoever opens any one of the
        # files (or validates it alone) sees the cycle as it runs from there.
        start = min(component)
        main = _cycle_path(graph, start, component)
        ring = main[:-1]
        for member in sorted(component):
            if member in ring:
                at = ring.index(member)
                cycle = [*ring[at:], *ring[:at], member]
            elif len(component) <= CYCLE_SEARCH_LIMIT:
                cycle = _cycle_path(graph, member, component)
            else:  # a huge tangle: name the link into it and the loop found from its start
                following = next(t for t in graph[member] if t in component)
                cycle = [member, following, *main[main.index(following) + 1 :]] if following in main else main
            entity = benefits[member]
            index = entity.model.contributes_to.index(cycle[1])
            pos = entity.at(("contributes_to", index))
            yield ctx.emit(entity, "PS203", "map.cycle", pos, cycle=_shown_cycle(cycle))


CYCLE_SEARCH_LIMIT = 200
"""Components up to this size get each member's own shortest way round."""
CYCLE_SHOWN = 9
"""Longest cycle written out in full; longer ones show their start and end."""


def _shown_cycle(cycle: list[str]) -> str:
    if len(cycle) <= CYCLE_SHOWN:
        return " → ".join(cycle)
    return " → ".join([*cycle[:4], f"… ({len(cycle) - 1})", *cycle[-3:]])


def _cycles(graph: dict[str, list[str]]) -> list[set[str]]:
    """Strongly connected components that contain a cycle, by their smallest id."""
    found = [set(c) for c in components(graph) if len(c) > 1 or c[0] in graph[c[0]]]
    return sorted(found, key=min)


def _cycle_path(graph: dict[str, list[str]], start: str, component: set[str]) -> list[str]:
    """The shortest way round from `start` back to itself inside `component`."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in graph[node]:
                if child not in component:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start, start]  # pragma: no cover - a component with a cycle always closes


@rule("PS204", Severity.WARNING)
def benefit_level_mismatch(ctx: Context) -> Iterator[Diagnostic]:
    """An end benefit feeds nothing; an intermediate one must feed something."""
    for benefit in ctx.unit.benefits.values():
        model = benefit.model
        if model.level is BenefitLevel.END and model.contributes_to:
            pos = benefit.at(("contributes_to",), key=True)
            yield ctx.emit(benefit, "PS204", "map.end_contributes", pos)
        elif model.level is BenefitLevel.INTERMEDIATE and not model.contributes_to:
            pos = benefit.at(("level",))
            yield ctx.emit(benefit, "PS204", "map.intermediate_alone", pos)
