"""Compare two stored scans: findings keyed on (host, check), hosts added and removed, and what
changed in the hosts' snapshots (accounts, sudo rights, SSH keys, listening services).

A finding is a failing result, waived or not. Against the old scan, a finding of the new one is
``new`` or ``persisting`` (``changed`` when its status or message differ); an old finding is
``resolved`` when the check now passes or no longer applies, and ``changed`` when the host or
the check could not be judged this time, so it is not counted as fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.messages import Message
from auditor.snapshot import Snapshot
from auditor.store.records import StoredHost, StoredResult, StoredScan

FINDING = frozenset({"fail", "waived"})
FIXED = frozenset({"pass", "skip"})
KINDS = ("new", "resolved", "changed", "persisting")


@dataclass(frozen=True)
class FindingChange:
    """One (host, check) whose finding appeared, went, changed or stayed."""

    kind: str
    host: str
    unit_id: str
    check_id: str
    severity: str
    old_status: str | None
    new_status: str | None
    old_message: Message | None
    new_message: Message | None


@dataclass(frozen=True)
class SnapshotChange:
    """Something a supervisor reviews that differs between the two scans of a host."""

    host: str
    what: str  # account, uid0, sudo, key, service, os, packages
    change: str  # added, removed, changed
    subject: str
    detail: str = ""


@dataclass(frozen=True)
class ScanDiff:
    old: StoredScan
    new: StoredScan
    findings: list[FindingChange] = field(default_factory=list)
    hosts_added: list[str] = field(default_factory=list)
    hosts_removed: list[str] = field(default_factory=list)
    snapshot_changes: list[SnapshotChange] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)


def _kind(old: StoredResult | None, new: StoredResult | None, new_host: StoredHost) -> str | None:
    was = old is not None and old.status in FINDING
    now = new is not None and new.status in FINDING
    if now and not was:
        return "new"
    if was and now:
        assert old is not None and new is not None
        same = old.status == new.status and old.message == new.message
        return "persisting" if same else "changed"
    if was:
        judged = new_host.status == "ok" and new is not None and new.status in FIXED
        return "resolved" if judged else "changed"
    return None


def _findings(old: StoredHost | None, new: StoredHost) -> list[FindingChange]:
    before = {r.check_id: r for r in old.results} if old else {}
    after = {r.check_id: r for r in new.results}
    changes = []
    for check_id in sorted(before.keys() | after.keys()):
        o, n = before.get(check_id), after.get(check_id)
        kind = _kind(o, n, new)
        if kind is None:
            continue
        ref = n or o
        assert ref is not None
        changes.append(
            FindingChange(
                kind=kind,
                host=new.name,
                unit_id=new.unit_id,
                check_id=check_id,
                severity=ref.severity,
                old_status=o.status if o else None,
                new_status=n.status if n else (None if new.status == "ok" else new.status),
                old_message=o.message if o else None,
                new_message=n.message if n else None,
            )
        )
    return changes


def _set_changes(host: str, what: str, old: set[str], new: set[str]) -> list[SnapshotChange]:
    return [SnapshotChange(host, what, "added", s) for s in sorted(new - old)] + [
        SnapshotChange(host, what, "removed", s) for s in sorted(old - new)
    ]


def snapshot_changes(host: str, old: Snapshot, new: Snapshot) -> list[SnapshotChange]:
    """What differs between two snapshots of one host (facts missing from either are skipped)."""
    changes: list[SnapshotChange] = []
    gone = old.missing.keys() | new.missing.keys()
    if "accounts" not in gone:
        changes += _set_changes(
            host, "account", {a.name for a in old.accounts}, {a.name for a in new.accounts}
        )
        changes += _set_changes(host, "uid0", set(old.uid0), set(new.uid0))
    if not gone & {"accounts", "sudoers"}:
        before = {f"{a.name}: {g}" for a in old.accounts for g in a.sudo}
        after = {f"{a.name}: {g}" for a in new.accounts for g in a.sudo}
        changes += _set_changes(host, "sudo", before, after)
    if "ssh_user_keys" not in gone:
        changes += _set_changes(
            host,
            "key",
            {f"{k.user}: {k.type} {k.fingerprint}" for k in old.keys},
            {f"{k.user}: {k.type} {k.fingerprint}" for k in new.keys},
        )
    if "listening_sockets" not in gone:
        changes += _set_changes(
            host, "service", {s.key for s in old.services}, {s.key for s in new.services}
        )
    if old.os_release != new.os_release and "os_release" not in gone:
        changes.append(
            SnapshotChange(host, "os", "changed", new.os_release or "", old.os_release or "")
        )
    if old.packages != new.packages and "installed_packages" not in gone:
        changes.append(
            SnapshotChange(host, "packages", "changed", str(new.packages), str(old.packages))
        )
    return changes


def diff_scans(old: StoredScan, new: StoredScan) -> ScanDiff:
    """Everything that differs between ``old`` and ``new``, host by host."""
    before = {h.name: h for h in old.hosts}
    after = {h.name: h for h in new.hosts}
    diff = ScanDiff(
        old,
        new,
        hosts_added=sorted(after.keys() - before.keys()),
        hosts_removed=sorted(before.keys() - after.keys()),
    )
    for name in sorted(after):
        host, previous = after[name], before.get(name)
        diff.findings.extend(_findings(previous, host))
        if previous and previous.snapshot and host.snapshot:
            diff.snapshot_changes.extend(snapshot_changes(name, previous.snapshot, host.snapshot))
    order = {k: i for i, k in enumerate(KINDS)}
    diff.findings.sort(key=lambda f: (order[f.kind], f.host, f.check_id))
    return diff
