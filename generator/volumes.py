"""The printed volumes (分册) of a year: which PDF file holds which funding units.

The pages link the volume that holds a unit; the PDF export typesets each volume.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model
from .urls import pdf_path

VOLUME_SIZE = 500
"""Project tables per printed volume (分册). Typst keeps a whole document's layout in memory
(0.6–0.8 MB a project table), so a large department's text is printed in volumes of whole
funding units, each typeset on its own; a department of up to this many projects gets one PDF."""


@dataclass
class Volume:
    """One printed volume of a year: consecutive whole funding units."""

    number: int
    of: int                  # volumes of the year
    units: list[model.Unit]
    projects: int
    path: str

    @property
    def name(self) -> str:
        return f"第{self.number}册" if self.of > 1 else ""

    @property
    def contents(self) -> str:
        """What a volume of several holds, as its cover and download links say."""
        if self.of == 1 or not self.units:
            return ""
        first, last = self.units[0].code, self.units[-1].code
        return f"预算单位 {first}" + (f" 至 {last}" if last != first else "") + f"，{self.projects} 个项目"


def volumes(year: model.Year) -> list[Volume]:
    """The year's volumes: units in order, a new volume when the next unit's projects would take
    the current one past VOLUME_SIZE (a larger unit is a volume of its own; a unit without
    projects stays in the current volume)."""
    runs: list[list] = [[[], 0]]  # [units, projects]
    for unit in year.units:
        n = len(year.projects_by_unit[unit.code])
        if runs[-1][1] and n and runs[-1][1] + n > VOLUME_SIZE:
            runs.append([[], 0])
        runs[-1][0].append(unit)
        runs[-1][1] += n
    return [Volume(i, len(runs), units, n, pdf_path(year, i)) for i, (units, n) in enumerate(runs, 1)]


def volume_of_unit(volumes_: list[Volume]) -> dict[str, Volume]:
    """Unit code → the volume that prints its projects."""
    return {unit.code: v for v in volumes_ for unit in v.units}
