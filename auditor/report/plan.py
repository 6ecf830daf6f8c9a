"""The inspection plan: who inspects whom, on what authority, until when findings must be fixed.

It fills the header and signature blocks of the records and the report; whatever it does not
give is shown as missing, never invented.

```yaml
agency:
  parent: CÔNG AN THÀNH PHỐ ĐÀ NẴNG
  name: PHÒNG AN NINH MẠNG VÀ PHÒNG, CHỐNG TỘI PHẠM SỬ DỤNG CÔNG NGHỆ CAO
  abbreviation: PA05
place: Đà Nẵng
date: 2027-01-05                  # date of the record and the report
decision: {number: 123/QĐ-CAT, date: 2026-10-15, signer: Giám đốc Công an thành phố}
numbers: {record: 01/BB-PA05, report: 02/BC-PA05}
team:
  - {name: Nguyễn Văn A, role: Trưởng đoàn, position: Phó Trưởng phòng}
  - {name: Trần Thị B, role: Thành viên}
units: [q1, q2]                   # in scope; default: every unit scanned
representatives:
  q1: [{name: Lê Văn C, position: Phó Chủ tịch UBND quận}]
profile: de-an-06
period: {start: 2026-10-01, end: 2026-12-31}
deadlines: {critical: 7, high: 15, medium: 30, low: 60, info: 90}   # days after the date
recipients: [Giám đốc Công an thành phố, UBND thành phố]
```
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.errors import ValidationFailed
from auditor.metadata import Severity
from auditor.yamlfile import read_yaml, validation_problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Agency(_Strict):
    parent: str | None = None
    name: str = Field(min_length=1)
    abbreviation: str | None = None


class Decision(_Strict):
    number: str = Field(min_length=1)
    date: dt.date
    signer: str | None = None


class Person(_Strict):
    name: str = Field(min_length=1)
    role: str | None = None
    position: str | None = None


class Numbers(_Strict):
    record: str | None = None
    report: str | None = None


class Span(_Strict):
    start: dt.date
    end: dt.date


class InspectionPlan(_Strict):
    agency: Agency | None = None
    place: str | None = None
    date: dt.date | None = None
    decision: Decision | None = None
    numbers: Numbers = Numbers()
    team: list[Person] = []
    units: list[str] = []
    representatives: dict[str, list[Person]] = {}
    profile: str | None = None
    period: Span | None = None
    deadlines: dict[Severity, int] = {}
    recipients: list[str] = []

    def due(self, severity: str, start: dt.date) -> dt.date | None:
        """When a finding of ``severity`` must be fixed, counted from ``start``."""
        days = self.deadlines.get(severity)  # type: ignore[call-overload]
        return start + dt.timedelta(days=days) if days is not None else None


def load_plan(path: Path) -> InspectionPlan:
    """Read and validate an inspection plan; ValidationFailed lists problems with lines."""
    data, root = read_yaml(path)
    try:
        return InspectionPlan.model_validate(data or {})
    except ValidationError as exc:
        raise ValidationFailed(str(path), validation_problems(path, root, exc)) from None
