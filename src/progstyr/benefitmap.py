"""The benefits map and the work on gaps, as the checks need them: how far each gap's
work has come (`Level`), which gaps each benefit reaches through the map (bits, one
pass in topological order), the map's strongly connected components, and when a report
upward is due. Kept apart from `progstyr.coverage`, whose result types the checks never
need, so that `validate` starts without them; coverage re-exports every name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import IntEnum
from itertools import compress
from typing import overload

from progstyr.model import Benefit, BenefitLevel, Gap, Period, Project, ProjectPhase, Reporting


class Level(IntEnum):
    """How far the work on a gap has come; ordered so that `max` picks the best."""

    NONE = 0
    PLANNED = 1
    ACTIVE = 2
    DELIVERED = 3

    @property
    def label(self) -> str:
        return self.name.lower()


_PHASE_LEVEL: dict[ProjectPhase, Level] = {
    ProjectPhase.PROPOSED: Level.PLANNED,
    ProjectPhase.PRE_STUDY: Level.PLANNED,
    ProjectPhase.PLANNING: Level.PLANNED,
    ProjectPhase.EXECUTION: Level.ACTIVE,
    ProjectPhase.COMPLETED: Level.DELIVERED,
    ProjectPhase.HANDED_OVER: Level.DELIVERED,
}


def project_level(project: Project) -> Level | None:
    """The project's level, or None when it is cancelled (it contributes nothing)."""
    return _PHASE_LEVEL.get(project.phase)


def is_covered(level: Level) -> bool:
    return level >= Level.ACTIVE


def gap_projects(gaps: Iterable[str], projects: Mapping[str, Project]) -> dict[str, list[str]]:
    """Gap id → sorted ids of the contributing (not cancelled) projects that close it."""
    result: dict[str, list[str]] = {gap_id: [] for gap_id in sorted(gaps)}
    for project_id in sorted(projects):
        project = projects[project_id]
        if project_level(project) is None:
            continue
        for gap_id in dict.fromkeys(project.closes):
            if gap_id in result:
                result[gap_id].append(project_id)
    return result


def gap_levels(gaps: Mapping[str, Gap], projects: Mapping[str, Project]) -> dict[str, Level]:
    """Gap id → the best level among its contributing projects, else NONE."""
    closing = gap_projects(gaps, projects)
    levels: dict[str, Level] = {}
    for gap_id in sorted(gaps):
        found = [project_level(projects[p]) for p in closing[gap_id]]
        levels[gap_id] = max((level for level in found if level is not None), default=Level.NONE)
    return levels


def direct_gaps(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> dict[str, set[str]]:
    """Benefit id → the gaps that list it themselves."""
    direct: dict[str, set[str]] = {benefit_id: set() for benefit_id in benefits}
    for gap_id, gap in gaps.items():
        for benefit_id in gap.benefits:
            if benefit_id in direct:
                direct[benefit_id].add(gap_id)
    return direct


def components(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The strongly connected components of `graph` (node → the nodes it points to; every
    node a key), each one after every component it points to: Tarjan's algorithm,
    iterative, so a 10,000-deep map needs no deep recursion. Linear in nodes and edges."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_index = work.pop()
            if child_index == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = graph[node]
            if child_index < len(children):
                work.append((node, child_index + 1))
                child = children[child_index]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def _feeders(benefits: Mapping[str, Benefit]) -> dict[str, list[str]]:
    """Benefit id → the intermediate benefits that contribute to it (sorted, no self)."""
    feeders: dict[str, set[str]] = {benefit_id: set() for benefit_id in benefits}
    for benefit_id, benefit in benefits.items():
        if benefit.level is BenefitLevel.INTERMEDIATE:
            for target in benefit.contributes_to:
                if target in feeders and target != benefit_id:
                    feeders[target].add(benefit_id)
    return {benefit_id: sorted(found) for benefit_id, found in feeders.items()}


def benefits_with_gaps(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> set[str]:
    """The benefits that have at least one gap (`benefit_gaps` not empty), found without
    making the sets: linear in benefits, gaps and links whatever the map's shape."""
    found = {benefit_id for benefit_id, listed in direct_gaps(benefits, gaps).items() if listed}
    stack = list(found)
    while stack:  # a benefit with gaps passes them on to what it contributes to
        benefit = benefits[stack.pop()]
        if benefit.level is not BenefitLevel.INTERMEDIATE:
            continue
        for target in benefit.contributes_to:
            if target in benefits and target not in found:
                found.add(target)
                stack.append(target)
    return found


_SELECTORS = bytes.maketrans(b"01", b"\x00\x01")


class Ids:
    """A sorted tuple of ids and each one's place in it, so that a set of them can be an
    int whose bit i stands for `ids[i]` (see `IdSet`)."""

    __slots__ = ("ids", "index")

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids: tuple[str, ...] = tuple(sorted(set(ids)))
        self.index: dict[str, int] = {ident: i for i, ident in enumerate(self.ids)}

    def bits(self, chosen: Iterable[str]) -> int:
        """The bits of those of `chosen` that are here."""
        bits = 0
        for ident in chosen:
            place = self.index.get(ident)
            if place is not None:
                bits |= 1 << place
        return bits

    def chosen(self, bits: int) -> Iterator[str]:
        """The ids of the bits set in `bits`, sorted; C-speed, without a loop per bit."""
        if not bits:
            return iter(())
        return compress(self.ids, bin(bits)[:1:-1].encode("ascii").translate(_SELECTORS))


class IdSet(Sequence[str]):
    """A sorted tuple of ids kept as the bits of an int (bit i: `Ids.ids[i]`).

    A benefit's gaps, covered gaps and projects: in a deep map each benefit reaches all that
    is below it, and 10,000 benefits over 10,000 gaps would make 50 million ids as tuples,
    but only about 12 MB as bits. Its length and truth need no ids; iterating makes them one
    at a time, nothing is kept. Equal to a tuple with the same ids, like the tuple it stands
    for (and hashed like it)."""

    __slots__ = ("_bits", "_ids")

    def __init__(self, bits: int, ids: Ids) -> None:
        self._bits = bits
        self._ids = ids

    @property
    def bits(self) -> int:
        return self._bits

    def __len__(self) -> int:
        return self._bits.bit_count()

    def __bool__(self) -> bool:
        return self._bits != 0

    def __iter__(self) -> Iterator[str]:
        return self._ids.chosen(self._bits)

    def __contains__(self, item: object) -> bool:
        place = self._ids.index.get(item) if isinstance(item, str) else None
        return place is not None and bool(self._bits >> place & 1)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdSet):
            if other._ids is self._ids or other._ids.ids == self._ids.ids:
                return other._bits == self._bits
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def benefit_reach(
    benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap], values: Sequence[Mapping[str, int]]
) -> list[dict[str, int]]:
    """For each of `values` (gap id → bits; a gap not there counts as 0): benefit id → the
    OR of the values of its gaps, those listing it plus those of the intermediate benefits
    feeding it, transitively.

    Memoised in topological order: each benefit's bits are made once, with `|`, from its
    own gaps' and its feeders' (benefits in a loop, PS203, share theirs). Work is linear in
    benefits, gaps and links, times the length of the ints (a bit per gap or project), so a
    10,000-deep chain is neither walked 10,000 times nor made into sets of ids."""
    direct = direct_gaps(benefits, gaps)
    feeders = _feeders(benefits)
    results: list[dict[str, int]] = [{} for _ in values]
    for component in components(feeders):  # feeders come before what they feed
        members = set(component)
        below = [feeder for member in component for feeder in feeders[member] if feeder not in members]
        for value, result in zip(values, results, strict=True):
            collected = 0
            for member in component:
                for gap_id in direct[member]:
                    collected |= value.get(gap_id, 0)
            for feeder in below:
                collected |= result[feeder]
            for member in component:
                result[member] = collected
    return results


def benefit_gap_bits(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> tuple[Ids, dict[str, int]]:
    """The gaps' ids, and benefit id → its gaps as bits of them (`benefit_reach`)."""
    ids = Ids(gaps)
    (bits,) = benefit_reach(benefits, gaps, [{gap_id: 1 << i for gap_id, i in ids.index.items()}])
    return ids, bits


def benefit_gaps(benefits: Mapping[str, Benefit], gaps: Mapping[str, Gap]) -> dict[str, frozenset[str]]:
    """Benefit id → its gaps: those listing it, plus those of intermediate benefits feeding it.

    Made from `benefit_gap_bits`; benefits with the same gaps share one set (frozen because
    it is shared). The sets together hold as many ids as there are benefit-gap pairs, so
    the analysis keeps the bits instead (`IdSet`); this is for callers that want sets."""
    ids, bits = benefit_gap_bits(benefits, gaps)
    made: dict[int, frozenset[str]] = {}
    result: dict[str, frozenset[str]] = {}
    for benefit_id, found in bits.items():
        shared = made.get(found)
        if shared is None:
            shared = made[found] = frozenset(ids.chosen(found))
        result[benefit_id] = shared
    return result


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st becomes the month's last day where it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.date.max.year:
        return dt.date.max
    if day.day <= 28:
        return dt.date(year, month, day.day)
    last = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def report_due(
    line: Reporting, period: Period | None, as_of: dt.date
) -> tuple[dt.date | None, dt.date | None, bool]:
    """The one rule of SPEC §13 (PS805, and the report's "försenad"): (last delivery on or
    before the as-of date, next due date, overdue). Due `every_months` after the last
    delivery, or after the period's start when there is none; owed only while the as-of
    date is within the period (nothing before it starts or after it ends); without a period,
    only once something has been delivered (nothing tells when the first was due)."""
    last = max((day for day in line.delivered if day <= as_of), default=None)
    since = last if period is None else period.start if last is None else max(last, period.start)
    due = add_months(since, line.every_months) if since is not None else None
    owed = period is None or period.start <= as_of <= period.end
    return last, due, owed and due is not None and as_of > due
