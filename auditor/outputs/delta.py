"""``auditor results diff``: the comparison of two stored scans as a table or JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from auditor.diff import KINDS, ScanDiff
from auditor.i18n import N_, translator
from auditor.messages import Message
from auditor.outputs.inert import inert

DIFF_FORMATS = ("table", "json")
# What changed in a host's snapshot, as a person reads it.
SNAPSHOT_WHAT = {
    "account": N_("account"), "uid0": N_("UID 0 account"), "sudo": N_("sudo right"),
    "key": N_("SSH key"), "service": N_("listening service"), "os": N_("OS release"),
    "packages": N_("installed packages"),
}  # fmt: skip


def _shown(message: Message | None, lang: str) -> str | None:
    return message.render(lang) if message else None


def diff_dict(diff: ScanDiff, lang: str) -> dict[str, Any]:
    def scan(s: Any) -> dict[str, Any]:
        return {"id": s.id, "started": s.started, "quarter": s.quarter, "profile": s.profile}

    return {
        "old": scan(diff.old),
        "new": scan(diff.new),
        "counts": {k: diff.count(k) for k in KINDS},
        "hosts_added": diff.hosts_added,
        "hosts_removed": diff.hosts_removed,
        "findings": [
            {
                "kind": f.kind,
                "host": f.host,
                "unit": f.unit_id,
                "check_id": f.check_id,
                "severity": f.severity,
                "old_status": f.old_status,
                "new_status": f.new_status,
                "old_message": _shown(f.old_message, lang),
                "new_message": _shown(f.new_message, lang),
            }
            for f in diff.findings
        ],
        "snapshot_changes": [
            {
                "host": c.host,
                "what": c.what,
                "change": c.change,
                "subject": c.subject,
                "detail": c.detail,
            }
            for c in diff.snapshot_changes
        ],
    }


def render_diff_json(diff: ScanDiff, lang: str) -> str:
    return json.dumps(diff_dict(diff, lang), ensure_ascii=False, indent=2) + "\n"


def print_diff(console: Console, diff: ScanDiff, lang: str, persisting: bool = False) -> None:
    """Findings that changed (and, with ``persisting``, those that stayed), hosts, snapshots."""
    _ = translator(lang)
    table = Table(
        title=_("Findings: scan {old} → scan {new}").format(old=diff.old.id, new=diff.new.id)
    )
    for col in (_("change"), _("host"), _("check"), _("severity"), _("status"), _("message")):
        table.add_column(col, overflow="fold")
    for f in diff.findings:
        if f.kind == "persisting" and not persisting:
            continue
        status = f"{_(f.old_status) if f.old_status else '-'} → "
        status += _(f.new_status) if f.new_status else "-"
        message = _shown(f.new_message, lang) or _shown(f.old_message, lang) or ""
        table.add_row(_(f.kind), f.host, f.check_id, _(f.severity), status, inert(message))
    console.print(table)
    if diff.snapshot_changes:
        changes = Table(title=_("Accounts, privileges, keys and services"))
        for col in (_("host"), _("what"), _("change"), _("subject"), _("was")):
            changes.add_column(col, overflow="fold")
        for c in diff.snapshot_changes:
            changes.add_row(c.host, _(SNAPSHOT_WHAT.get(c.what, c.what)), _(c.change),
                            inert(c.subject), inert(c.detail))  # fmt: skip
        console.print(changes)
    for label, names in ((_("hosts added"), diff.hosts_added),
                         (_("hosts removed"), diff.hosts_removed)):  # fmt: skip
        if names:
            console.print(f"{label}: {', '.join(names)}", highlight=False, soft_wrap=True)
    counts = ", ".join(f"{diff.count(k)} {_(k)}" for k in KINDS)
    console.print(f"{_('findings')}: {counts}", highlight=False)
