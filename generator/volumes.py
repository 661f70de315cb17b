"""The printed volumes (分册) of a year: which PDF file holds which projects.

The pages link the volumes that hold a unit's projects; the PDF export typesets each volume.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from . import model
from .urls import pdf_path

VOLUME_SIZE = 500
"""Project tables per printed volume (分册). Typst keeps a whole document's layout in memory
(0.6–0.8 MB a project table), so a large department's text is printed in volumes, each typeset
on its own; a department of up to this many projects gets one PDF."""


@dataclass
class Part:
    """The projects of one unit that a volume prints: all of them, or a run of a unit too large
    for one volume."""

    unit: model.Unit
    projects: list[model.Project]
    first: int  # position of the first of them among the unit's projects, from 1
    of: int  # the unit's projects in all

    @property
    def whole(self) -> bool:
        return len(self.projects) == self.of

    @property
    def range(self) -> str:
        """（第 1–404 项） for a part of a split unit, nothing for a whole unit."""
        return "" if self.whole else f"（第 {self.first}–{self.first + len(self.projects) - 1} 项）"

    @property
    def title(self) -> str:
        """The part as headings, bookmarks and the cover name it: 113001 某单位（第 1–404 项）."""
        return f"{self.unit.code} {self.unit.name}{self.range}"


@dataclass
class Volume:
    """One printed volume of a year: consecutive whole funding units, or one part of a unit
    too large for a volume."""

    number: int
    of: int  # volumes of the year
    parts: list[Part]
    path: str

    @property
    def units(self) -> list[model.Unit]:
        return [part.unit for part in self.parts]

    @property
    def projects(self) -> int:
        return sum(len(part.projects) for part in self.parts)

    @property
    def name(self) -> str:
        return f"第{self.number}册" if self.of > 1 else ""

    @property
    def contents(self) -> str:
        """What a volume of several holds, as its cover and download links say."""
        if self.of == 1 or not self.parts:
            return ""
        printed = [part for part in self.parts if part.projects]
        if len(printed) == 1 and not printed[0].whole:
            return f"预算单位 {printed[0].title}，{self.projects} 个项目"
        first, last = self.units[0].code, self.units[-1].code
        return f"预算单位 {first}" + (f" 至 {last}" if last != first else "") + f"，{self.projects} 个项目"


def volumes(year: model.Year) -> list[Volume]:
    """The year's volumes: units in order, a new volume when the next unit's projects would take
    the current one past VOLUME_SIZE. A unit of more than VOLUME_SIZE projects is split into
    equal parts of at most VOLUME_SIZE, a volume each; a unit without projects stays in the
    current volume."""
    runs: list[list[Part]] = [[]]

    def start_volume() -> None:
        if any(part.projects for part in runs[-1]):
            runs.append([])

    for unit in year.units:
        projects = year.projects_by_unit[unit.code]
        n = len(projects)
        if n > VOLUME_SIZE:
            k = -(-n // VOLUME_SIZE)
            bounds = [n * i // k for i in range(k + 1)]
            for a, b in itertools.pairwise(bounds):
                start_volume()
                runs[-1].append(Part(unit, projects[a:b], a + 1, n))
            continue
        current = sum(len(part.projects) for part in runs[-1])
        after_split = any(not part.whole for part in runs[-1])  # a split unit's part is a volume alone
        if n and (after_split or current + n > VOLUME_SIZE):
            start_volume()
        runs[-1].append(Part(unit, projects, 1, n))
    return [Volume(i, len(runs), parts, pdf_path(year, i)) for i, parts in enumerate(runs, 1)]


def volumes_of_unit(volumes_: list[Volume]) -> dict[str, list[Volume]]:
    """Unit code → the volumes that print its projects (one, unless the unit is split)."""
    found: dict[str, list[Volume]] = {}
    for v in volumes_:
        for part in v.parts:
            found.setdefault(part.unit.code, []).append(v)
    return found


def volume_of_project(volumes_: list[Volume]) -> dict[str, Volume]:
    """Project code → the volume that prints it."""
    return {p.code: v for v in volumes_ for part in v.parts for p in part.projects}


def names(volumes_: list[Volume]) -> str:
    """第2册, or 第2–5册 for the consecutive volumes of a split unit."""
    if len(volumes_) == 1:
        return volumes_[0].name
    return f"第{volumes_[0].number}–{volumes_[-1].number}册"
