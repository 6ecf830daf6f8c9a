"""A stored scan as a person or a program is shown it: in one language, with check metadata from
the catalogue that is loaded now (a check no longer in the catalogue is shown by its id)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from auditor.metadata import CheckMeta
from auditor.registry import Check
from auditor.store.records import StoredResult, StoredScan


@dataclass(frozen=True)
class ScanView:
    """What every output format renders."""

    scan: StoredScan
    checks: Mapping[str, Check]
    lang: str = "vi"

    def meta(self, check_id: str) -> CheckMeta | None:
        check = self.checks.get(check_id)
        return check.meta if check else None

    def title(self, check_id: str) -> str:
        meta = self.meta(check_id)
        return meta.title.get(self.lang) if meta else check_id

    def message(self, result: StoredResult) -> str:
        return result.message.render(self.lang)
