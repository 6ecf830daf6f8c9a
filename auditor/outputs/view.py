"""A stored scan as a person or a program is shown it: in one language, with check metadata from
the catalogue that is loaded now (a check no longer in the catalogue is shown by its id)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from auditor.local_rules import LocalRule, rule_check
from auditor.messages import Message
from auditor.metadata import CheckMeta
from auditor.registry import Check
from auditor.store.records import StoredHost, StoredResult, StoredScan


@dataclass(frozen=True)
class ScanView:
    """What every output format renders."""

    scan: StoredScan
    checks: Mapping[str, Check]
    lang: str = "vi"

    @classmethod
    def of(cls, scan: StoredScan, catalogue: Mapping[str, Check], lang: str) -> ScanView:
        """The view of ``scan`` with the catalogue and the local rules its profile had."""
        content = scan.profile_content or {}
        rules = [LocalRule.model_validate(r) for r in content.get("rules", ())]
        local = {r.id: rule_check(r, f"profile {scan.profile}") for r in rules}
        return cls(scan, {**catalogue, **local}, lang)

    def meta(self, check_id: str) -> CheckMeta | None:
        check = self.checks.get(check_id)
        return check.meta if check else None

    def title(self, check_id: str) -> str:
        meta = self.meta(check_id)
        return meta.title.get(self.lang) if meta else check_id

    def caveat(self, host: StoredHost) -> str | None:
        """The host's caveat (audited without root, checks not judged), in the view's language."""
        caveat = host.caveat()
        return caveat.render(self.lang) if caveat else None

    def message(self, result: StoredResult) -> str:
        """The result's message; a failure whose waiver expired says so."""
        text = result.message.render(self.lang)
        waiver = result.waiver
        if waiver and waiver["state"] == "expired":
            expired = Message.of(
                "waiver {number} expired on {expires}",
                number=waiver["number"],
                expires=waiver["expires"],
            )
            text = f"{text} ({expired.render(self.lang)})"
        return text

    def waiver_note(self, result: StoredResult) -> str | None:
        """Who waived a waived result, why and until when."""
        waiver = result.waiver
        if not waiver or waiver["state"] != "in_force":
            return None
        if waiver["expires"] is None:
            note = Message.of(
                "waiver {number}, with no expiry, approved by {approved_by}: {justification}",
                number=waiver["number"],
                approved_by=waiver["approved_by"],
                justification=waiver["justification"],
            )
        else:
            note = Message.of(
                "waiver {number} until {expires}, approved by {approved_by}: {justification}",
                number=waiver["number"],
                expires=waiver["expires"],
                approved_by=waiver["approved_by"],
                justification=waiver["justification"],
            )
        return note.render(self.lang)
