"""Changes from the previous year, computed from the model (pages only place them).

Projects and units are matched by code, indicator rows by their 一级/二级/三级 names. Every
match is a dictionary lookup, so comparing two years is linear in their projects and rows.
A year is only ever compared with the year before it: adding a newer year changes nothing here
for the older ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal

from . import model
from .model import CENT


@dataclass(frozen=True)
class Amount:
    """An amount in both years (万元); None where the year has none."""

    old: Decimal | None
    new: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        """Change as a percentage of last year's amount; None when there is nothing to divide by."""
        if self.delta is None or not self.old:
            return None
        return (self.delta * 100 / self.old).quantize(CENT)

    @property
    def direction(self) -> str:
        """up, down or same; empty when one year has no amount."""
        if self.delta is None:
            return ""
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"


@dataclass
class IndicatorChange:
    """One 绩效指标 row matched across the years; `old` or `new` is None for a removed or added row."""

    old: model.Indicator | None
    new: model.Indicator | None
    old_index: int | None = None  # the row's place in each year's list (its id: urls.indicator_anchors)
    new_index: int | None = None

    @property
    def row(self) -> model.Indicator:
        row = self.new or self.old
        assert row is not None, "a matched row is in one year at least"
        return row

    @property
    def status(self) -> str:
        """added, removed, changed (指标值 differs), reworded (only 描述 or 依据 differs) or same."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if self.old.value != self.new.value:
            return "changed"
        return "same" if self.old == self.new else "reworded"


@dataclass
class ProjectChange:
    """A project of this year against the same project code in the previous year."""

    previous: model.Year
    old: model.Project
    new: model.Project

    @property
    def total(self) -> Amount:
        return Amount(self.old.budget.total, self.new.budget.total)

    @property
    def fiscal(self) -> Amount:
        return Amount(self.old.budget.fiscal, self.new.budget.fiscal)

    @cached_property
    def indicators(self) -> list[IndicatorChange]:
        return indicator_changes(self.old.indicators, self.new.indicators)

    @property
    def old_unit(self) -> model.Unit | None:
        """Last year's unit when the project moved to another unit."""
        return self.previous.unit(self.old.unit) if self.old.unit != self.new.unit else None

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(("added", "removed", "changed", "reworded", "same"), 0)
        for row in self.indicators:
            found[row.status] += 1
        return found


def project_change(previous: model.Year, project: model.Project) -> ProjectChange | None:
    """`project` against last year's project of the same code; None for a new project."""
    old = previous.projects_by_code.get(project.code)
    if old is None:
        return None
    return ProjectChange(previous, old, project)


def _key(row: model.Indicator) -> tuple[str, str, str]:
    return row.level1, row.level2, row.level3


def indicator_changes(old: list[model.Indicator], new: list[model.Indicator]) -> list[IndicatorChange]:
    """Rows matched by 一级/二级/三级 name (the k-th row of a name with the k-th), in this year's
    order; a removed row follows the row it followed last year."""
    pending: dict[tuple, list[int]] = {}
    for i in reversed(range(len(old))):  # reversed: pop() gives a name's first row first
        pending.setdefault(_key(old[i]), []).append(i)
    kept: list[IndicatorChange] = []
    position: dict[int, int] = {}  # old row → its place in `kept`
    for j, row in enumerate(new):
        indexes = pending.get(_key(row))
        if indexes:
            i = indexes.pop()
            position[i] = len(kept)
            kept.append(IndicatorChange(old[i], row, i, j))
        else:
            kept.append(IndicatorChange(None, row, None, j))
    removed: dict[int, list[IndicatorChange]] = {}  # place in `kept` (-1: before all) → rows after it
    anchor = -1
    for i, row in enumerate(old):
        if i in position:
            anchor = position[i]
        else:
            removed.setdefault(anchor, []).append(IndicatorChange(row, None, i))
    changes = removed.get(-1, [])
    for place, change in enumerate(kept):
        changes.append(change)
        changes += removed.get(place, [])
    return changes


@dataclass
class UnitChange:
    """A funding unit in both years, matched by code; `unit` or `old_unit` is None where it is absent."""

    unit: model.Unit | None
    old_unit: model.Unit | None
    count: tuple[int | None, int | None]  # projects last year, this year
    total: Amount

    @property
    def code(self) -> str:
        unit = self.unit or self.old_unit
        assert unit is not None, "a matched unit is in one year at least"
        return unit.code

    @property
    def renamed(self) -> bool:
        return bool(self.unit and self.old_unit and self.unit.name != self.old_unit.name)


@dataclass
class YearChange:
    """A year against the year before it: totals by unit, new, continued and ended projects, the
    continued ones whose amount changed (largest change first) and those moved to another unit."""

    previous: model.Year
    units: list[UnitChange]  # this year's units in order, then last year's units that are gone
    total: Amount
    new: list[model.Project]  # this year's projects whose code last year did not have
    continued: list[model.Project]  # this year's projects also published last year
    ended: list[model.Project]  # last year's projects that this year does not have
    changed: list[ProjectChange]  # continued projects whose 预算数 changed, by the size of the change
    moved: list[ProjectChange]  # continued projects that belong to another unit than last year

    @property
    def renamed(self) -> list[UnitChange]:
        return [u for u in self.units if u.renamed]


def year_change(previous: model.Year, current: model.Year) -> YearChange:
    units = []
    for unit in current.units:
        old = previous.units_by_code.get(unit.code)
        units.append(_unit_change(previous, current, old, unit))
    units += [
        _unit_change(previous, current, old, None) for old in previous.units if old.code not in current.units_by_code
    ]
    new: list[model.Project] = []
    continued: list[model.Project] = []
    changed: list[ProjectChange] = []
    moved: list[ProjectChange] = []
    for p in current.projects:
        before = previous.projects_by_code.get(p.code)
        if before is None:
            new.append(p)
            continue
        continued.append(p)
        change = ProjectChange(previous, before, p)
        if change.total.delta:
            changed.append(change)
        if change.old_unit:
            moved.append(change)
    changed.sort(key=lambda c: -abs(c.total.delta or Decimal(0)))  # stable: document order among equal changes
    ended = [p for p in previous.projects if p.code not in current.projects_by_code]
    return YearChange(previous, units, Amount(previous.total, current.total), new, continued, ended, changed, moved)


def _unit_change(
    previous: model.Year, current: model.Year, old: model.Unit | None, unit: model.Unit | None
) -> UnitChange:
    def side(year: model.Year, u: model.Unit | None):
        return (len(year.projects_by_unit[u.code]), year.unit_totals[u.code]) if u else (None, None)

    (old_count, old_total), (count, total) = side(previous, old), side(current, unit)
    return UnitChange(unit, old, (old_count, count), Amount(old_total, total))
