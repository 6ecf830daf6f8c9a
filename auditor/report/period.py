"""The period a report covers: a calendar quarter (the inspection) or a month (the ranking)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from auditor.errors import UsageError

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Period:
    """``kind`` is ``quarter`` or ``month``; ``start`` inclusive, ``end`` exclusive."""

    kind: str
    label: str
    start: date
    end: date

    @classmethod
    def parse(cls, quarter: str | None, month: str | None) -> Period:
        if (quarter is None) == (month is None):
            raise UsageError("give either --quarter (e.g. 2026-Q4) or --month (e.g. 2026-11)")
        if quarter is not None:
            m = QUARTER.match(quarter)
            if not m:
                raise UsageError(
                    "a quarter is written like 2026-Q4, not {quarter!r}", quarter=quarter
                )
            return cls.quarter(int(m.group(1)), int(m.group(2)))
        m = MONTH.match(month or "")
        if not m:
            raise UsageError("a month is written like 2026-11, not {month!r}", month=month)
        return cls.month(int(m.group(1)), int(m.group(2)))

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        start = date(year, 3 * number - 2, 1)
        end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
        return cls("quarter", f"{year}-Q{number}", start, end)

    @classmethod
    def month(cls, year: int, number: int) -> Period:
        end = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
        return cls("month", f"{year}-{number:02d}", date(year, number, 1), end)

    def previous(self) -> Period:
        if self.kind == "quarter":
            year, number = self.start.year, (self.start.month - 1) // 3 + 1
            return Period.quarter(year - 1, 4) if number == 1 else Period.quarter(year, number - 1)
        year, number = self.start.year, self.start.month
        return Period.month(year - 1, 12) if number == 1 else Period.month(year, number - 1)

    def last(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first."""
        found = [self]
        while len(found) < count:
            found.insert(0, found[0].previous())
        return found

    def bounds(self) -> tuple[str, str]:
        """The period as ISO timestamps (UTC), as scans store their start."""

        def moment(day: date) -> str:
            return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat(timespec="seconds")

        return moment(self.start), moment(self.end)
