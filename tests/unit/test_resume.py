"""Resumable scans: which planned hosts a scan has stored, which scan ``--resume`` picks, what it
refuses to resume, a local scan resumed through the CLI, and how SIGTERM/SIGINT stop the runner
(no new host, the hosts in flight finish within the grace period, a second signal stops at once).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import runner
from auditor.audit import ScanPlan
from auditor.cli import main
from auditor.errors import UsageError
from auditor.inventory import UnitNode
from auditor.profiles import Profile, load_profile
from auditor.registry import load_checks
from auditor.runner import Interruption, run_scan
from auditor.scan import resume_targets
from auditor.store.database import Store
from tests.reports import STARTED, report, result
from tests.specs import host_spec
from tests.unit.test_runner import ShellAfterDelay

UNITS = [UnitNode("lab", "Lab unit")]
INVENTORY = """\
defaults: {user: auditor, port: 22, identity_file: /path/key, known_hosts: /path/known_hosts}
units:
  - id: lab
    name: Lab unit
    hosts:
      - {name: web1, address: 127.0.10.1}
      - {name: web2, address: 127.0.10.2}
      - {name: web3, address: 127.0.10.3}
"""
ONE_CHECK = "id: one\ntitle: {vi: Một, en: One}\ninclude: {ids: [uid0_accounts]}\n"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _begin(store: Store, planned: list[str] | None, **kwargs: object) -> int:
    return store.begin_scan(
        "one", "ab" * 32, STARTED, None, None, UNITS, len(planned or ()),
        planned_hosts=planned, profile_ref="one", **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


def test_the_store_knows_which_planned_hosts_a_scan_lacks(store_ref):
    store = Store(store_ref)
    scan_id = _begin(store, ["web1", "web2", "web3"])
    store.add_host(scan_id, report("web2", [result("a", "pass")], unit="lab"))
    scan = store.load(scan_id)
    assert scan.incomplete and scan.finished is None
    assert scan.planned_hosts == ("web1", "web2", "web3")
    assert scan.missing() == ["web1", "web3"]
    assert scan.profile_ref == "one"


def test_resume_picks_the_newest_unfinished_or_interrupted_scan(store_ref):
    store = Store(store_ref)
    with pytest.raises(UsageError, match="no unfinished or interrupted scan"):
        store.resumable(None)
    killed = _begin(store, ["a"])
    interrupted = _begin(store, ["a"])
    store.finish_scan(interrupted, STARTED, interrupted=True)
    complete = _begin(store, ["a"])
    store.finish_scan(complete, STARTED, interrupted=False)
    assert store.resumable(None) == interrupted
    assert store.resumable(str(killed)) == killed
    with pytest.raises(UsageError, match=f"scan {complete} finished; there is nothing to resume"):
        store.resumable(str(complete))
    store.reopen_scan(interrupted)
    reopened = store.load(interrupted)
    assert (reopened.finished, reopened.interrupted) == (None, False)


def _scan_of(tmp_path: Path, **kwargs: object) -> tuple[Store, int]:
    """An unfinished scan of INVENTORY with web2 stored, against the profile ONE_CHECK."""
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(INVENTORY)
    profile_path = tmp_path / "one.yaml"
    profile_path.write_text(ONE_CHECK)
    profile = load_profile(str(profile_path), load_checks())
    store = Store(str(tmp_path / "r.sqlite"))
    scan_id = store.begin_scan(
        "one", profile.digest, STARTED, str(inventory), _sha256(inventory), UNITS, 3,
        profile.content(), kwargs.get("waivers"),  # type: ignore[arg-type]
        profile_ref=str(profile_path), planned_hosts=["web1", "web2", "web3"],
    )  # fmt: skip
    store.add_host(scan_id, report("web2", [result("uid0_accounts", "pass")], unit="lab"))
    return store, scan_id


def test_resuming_plans_only_the_hosts_not_stored(tmp_path):
    store, scan_id = _scan_of(tmp_path)
    chosen, profile = resume_targets(store.load(scan_id), load_checks())
    assert [h.name for h in chosen.hosts] == ["web1", "web3"]
    assert profile.id == "one" and chosen.units == UNITS


def test_a_changed_inventory_is_refused_naming_both_digests(tmp_path):
    store, scan_id = _scan_of(tmp_path)
    inventory = tmp_path / "inventory.yaml"
    before = _sha256(inventory)
    inventory.write_text(INVENTORY.replace("127.0.10.3", "127.0.10.9"))
    with pytest.raises(UsageError) as caught:
        resume_targets(store.load(scan_id), load_checks())
    text = caught.value.message.render("en")
    assert f"inventory {inventory} changed since scan {scan_id} began" in text
    assert before[:12] in text and _sha256(inventory)[:12] in text
    inventory.unlink()
    with pytest.raises(UsageError, match="is gone; it cannot be resumed"):
        resume_targets(store.load(scan_id), load_checks())


def test_a_changed_profile_is_refused_naming_what_differs(tmp_path):
    store, scan_id = _scan_of(tmp_path)
    (tmp_path / "one.yaml").write_text(
        ONE_CHECK.replace("[uid0_accounts]", "[uid0_accounts, auditd_running]")
    )
    with pytest.raises(UsageError) as caught:
        resume_targets(store.load(scan_id), load_checks())
    text = caught.value.message.render("en")
    assert "changed since scan 1 began (differs in: auditd_running)" in text


def test_changed_waivers_and_scans_from_before_resuming_are_refused(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n")
    store, scan_id = _scan_of(tmp_path, waivers={"path": str(waivers), "digest": "0" * 64})
    with pytest.raises(UsageError, match=r"waivers .* changed since scan 1 began"):
        resume_targets(store.load(scan_id), load_checks())
    old = _begin(store, None)
    with pytest.raises(UsageError, match="did not record its planned hosts"):
        resume_targets(store.load(old), load_checks())


def _cli(*args: str):
    return CliRunner().invoke(main, [*args, "--lang", "en"], catch_exceptions=False)


def test_a_killed_local_scan_is_resumed_into_the_same_scan(tmp_path):
    profile = tmp_path / "one.yaml"
    profile.write_text(ONE_CHECK)
    db = str(tmp_path / "r.sqlite")
    first = _cli("scan", "-p", str(profile), "--db", db, "-q", "-f", "json")
    assert first.exit_code in (0, 1), first.output
    with sqlite3.connect(db) as conn:  # as if SIGKILL had come before the host was stored
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM hosts")
        conn.execute("UPDATE scans SET finished = NULL")
    refused = _cli("scan", "--resume", "--db", db, "-p", str(profile))
    assert refused.exit_code == 2 and "leave out -p" in refused.output
    resumed = _cli("scan", "--resume", "--db", db, "-q")
    assert resumed.exit_code == first.exit_code, resumed.output
    store = Store(db)
    (summary,) = store.history()
    scan = store.load(summary.id)
    assert scan.finished is not None and not scan.interrupted
    assert [h.name for h in scan.hosts] == list(scan.planned_hosts or ()) and scan.missing() == []
    nothing = _cli("scan", "--resume", "--db", db)
    assert nothing.exit_code == 2 and "no unfinished or interrupted scan" in nothing.output


@pytest.fixture
def one_check(tmp_path: Path) -> Profile:
    path = tmp_path / "one.yaml"
    path.write_text(ONE_CHECK)
    return load_profile(str(path), load_checks())


def _signal_later(*delays: float) -> None:
    def send() -> None:
        for delay in delays:
            time.sleep(delay)
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=send, daemon=True).start()


def test_a_signal_finishes_the_hosts_in_flight_and_starts_no_other(one_check):
    hosts = [host_spec(f"h{i}") for i in range(4)]
    done, told = [], []
    before = signal.getsignal(signal.SIGTERM)
    with Interruption() as interruption:
        _signal_later(0.5)
        reports: list = []
        run_scan(
            hosts, ScanPlan.of(one_check), lambda s: ShellAfterDelay(2.0), 2,
            lambda r: (done.append(r.spec.name), reports.append(r)), interruption, told.append,
        )  # fmt: skip
    assert interruption.requested and told == [2]
    assert sorted(done) == ["h0", "h1"]
    assert all(r.status == "ok" for r in reports)
    assert signal.getsignal(signal.SIGTERM) is before


def test_hosts_still_running_after_the_grace_period_are_abandoned(one_check, monkeypatch):
    monkeypatch.setattr(runner, "INTERRUPT_GRACE_SECONDS", 0.5)
    began = time.monotonic()
    with Interruption() as interruption:
        _signal_later(0.3)
        handed = run_scan(
            [host_spec("slow")], ScanPlan.of(one_check), lambda s: ShellAfterDelay(6.0), 1,
            lambda r: None, interruption,
        )  # fmt: skip
    assert handed == 0 and time.monotonic() - began < 5


def test_a_second_signal_stops_at_once(one_check):
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Interruption() as interruption:
        _signal_later(0.3, 0.3)
        run_scan(
            [host_spec("slow")], ScanPlan.of(one_check), lambda s: ShellAfterDelay(6.0), 1,
            lambda r: None, interruption,
        )  # fmt: skip
    assert time.monotonic() - began < 5
