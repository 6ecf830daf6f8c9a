"""The results store on SQLite and on a real PostgreSQL server: round trip, one transaction per
host, history, migrations from auditor 0.1.0, and refusal of a database from a newer release."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from auditor.errors import UsageError
from auditor.inventory import UnitNode
from auditor.messages import Message
from auditor.snapshot import Account, AuthorizedKey
from auditor.store.database import HostAlreadyStored, Store, StoreError
from auditor.store.engine import MIGRATIONS, head_revision
from auditor.store.tables import metadata
from tests.reports import STARTED, report, result, snapshot

LEGACY_DUMP = Path(__file__).resolve().parents[1] / "data" / "store" / "auditor-0.1.0.sql"
UNITS = [UnitNode("tp", "Công an Thành phố", None, "Phòng An ninh mạng"),
         UnitNode("q1", "UBND Quận 1", "tp")]  # fmt: skip


def _begin(store: Store, profile: str = "de-an-06", started=STARTED, planned: int = 2) -> int:
    return store.begin_scan(profile, "ab" * 32, started, "inv.yaml", "cd" * 32, UNITS, planned)


def _schema_drift(store: Store) -> list[object]:
    with store.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_round_trip_keeps_every_field_language_neutral(store_ref):
    store = Store(store_ref)
    scan_id = _begin(store)
    clause = Message.of("limit is {value}", value=0)
    web = report(
        "web1",
        [
            result("ssh_root_login", "fail", template="PermitRootLogin is {v}; allowed: {a}",
                   v="yes", a=["no"]),
            result("core_dumps", "fail", "medium", "system", "not restricted: {p}", p=[clause]),
            result("uid0_accounts", "pass"),
        ],
        unit="q1",
        tags=("mot-cua", "database"),
        owner="Bộ phận một cửa",
        snap=snapshot(
            accounts=(Account("root", 0, "/bin/bash", True, ("(root) ALL",)),
                      Account("qtv1", 1000, "/bin/bash", True, ("(root) NOPASSWD: ALL",))),
            keys=(AuthorizedKey("qtv1", "ssh-ed25519", 256, "SHA256:abc", "qtv1@laptop"),),
        ),
    )  # fmt: skip
    down = report("db1", [], status="unreachable", unit="tp")
    store.add_host(scan_id, web)
    store.add_host(scan_id, down)
    store.finish_scan(scan_id, STARTED.replace(hour=9), interrupted=False)
    scan = store.load(scan_id)
    assert (scan.profile, scan.profile_digest, scan.hosts_planned) == ("de-an-06", "ab" * 32, 2)
    assert (scan.quarter, scan.started, scan.finished) == (
        "2026-Q4", "2026-11-03T08:00:00+00:00", "2026-11-03T09:00:00+00:00")  # fmt: skip
    assert scan.units == tuple(UNITS)
    assert scan.unit_path("q1") == ("Công an Thành phố", "UBND Quận 1")
    stored_web, stored_down = scan.hosts
    assert (stored_web.name, stored_web.unit_id, stored_web.tags) == (
        "web1", "q1", ("mot-cua", "database"))  # fmt: skip
    assert (stored_web.privileged, stored_web.exec_count, stored_web.duration) == (True, 1, 2.5)
    assert stored_web.owner == "Bộ phận một cửa"
    assert stored_web.snapshot == web.snapshot
    assert [(r.check_id, r.status, r.message, r.evidence) for r in stored_web.results] == [
        (r.check_id, r.status, r.message, r.evidence) for r in web.results
    ]
    assert stored_web.results[0].message.render("en") == "PermitRootLogin is yes; allowed: no"
    assert stored_web.results[1].message.render("en") == "not restricted: limit is 0"
    assert (stored_down.status, stored_down.results, stored_down.snapshot) == (
        "unreachable", (), None)  # fmt: skip
    assert "refused" in (stored_down.error or "")
    store.close()


def test_a_host_is_stored_once_per_scan(store_ref):
    store = Store(store_ref)
    scan_id = _begin(store)
    store.add_host(scan_id, report("web1", [result("a", "pass")]))
    with pytest.raises(HostAlreadyStored, match="web1 is already stored in scan"):
        store.add_host(scan_id, report("web1", [result("a", "fail"), result("b", "fail")]))
    (host,) = store.load(scan_id).hosts
    assert [(r.check_id, r.status) for r in host.results] == [("a", "pass")]


def test_a_host_whose_results_cannot_be_written_leaves_nothing_behind(store_ref):
    store = Store(store_ref)
    scan_id = _begin(store)
    broken = report("web1", [result("a", "pass"), replace(result("b", "fail"), status=None)])
    with pytest.raises(StoreError, match=r"NOT NULL constraint failed|violates not-null"):
        store.add_host(scan_id, broken)
    assert store.load(scan_id).hosts == ()
    store.add_host(scan_id, report("web1", [result("a", "pass")]))
    assert len(store.load(scan_id).hosts) == 1


def test_history_filters_by_quarter_and_profile_newest_first(store_ref):
    store = Store(store_ref)
    q3 = _begin(store, "tcvn-11930-level3", STARTED.replace(month=8))
    store.add_host(q3, report("web1", [result("a", "fail"), result("b", "fail")]))
    q4 = _begin(store)
    store.add_host(q4, report("web1", [result("a", "fail")]))
    store.add_host(q4, report("db1", [], status="unreachable"))
    q4b = _begin(store, "tcvn-11930-level3")
    assert [s.id for s in store.history()] == [q4b, q4, q3]
    assert [s.id for s in store.history(limit=1)] == [q4b]
    assert [s.id for s in store.history(quarter="2026-Q3")] == [q3]
    assert [s.id for s in store.history(profile="tcvn-11930-level3")] == [q4b, q3]
    latest_q4 = next(s for s in store.history(quarter="2026-Q4", profile="de-an-06"))
    assert (latest_q4.hosts, latest_q4.audited, latest_q4.failures) == (2, 1, 1)
    assert store.resolve(None) == store.resolve("latest") == q4b
    assert store.resolve(str(q3)) == q3
    for bad, message in (("999", "no scan 999"), ("last", "its number or 'latest'")):
        with pytest.raises(UsageError, match=message):
            store.resolve(bad)


def test_a_new_store_matches_the_tables_of_this_release(store_ref):
    store = Store(store_ref)
    assert _schema_drift(store) == []
    store.close()
    assert _schema_drift(Store(store_ref)) == []  # opening again migrates nothing


WAIVER = {"number": "MT-07", "state": "active", "expires": "2027-03-31", "reason": "thay máy"}
WAIVED = replace(result("c", "waived"), original_status="fail", waiver=WAIVER)


def test_engines_store_and_read_back_the_same_scan(tmp_path, postgres_url):
    scans = []
    for ref in (str(tmp_path / "parity.sqlite"), postgres_url):
        store = Store(ref)
        scan_id = _begin(store)
        store.add_host(scan_id, report("web1", [result("a", "fail"), result("b", "skip")]))
        store.add_host(scan_id, report("t1", [result("a", "pass")], unit="q1", role="terminal"))
        store.add_host(scan_id, report("t2", [result("a", "pass"), WAIVED], unit="q1"))
        store.add_host(scan_id, report("db1", [], status="auth_failed", unit="tp"))
        store.finish_scan(scan_id, STARTED, interrupted=True)
        scans.append(store.load(scan_id))
        store.close()
    assert scans[0] == scans[1]
    assert scans[0].interrupted
    for scan in scans:
        _, t1, t2, _ = scan.hosts
        assert (t2.results[1].waiver, t2.results[1].original_status) == (WAIVER, "fail")
        assert t1.results[0].waiver is None
        # a message and evidence stored twice are read back as one object
        assert t1.results[0].message is t2.results[0].message
        assert t1.results[0].evidence is t2.results[0].evidence


def _legacy_db(path: Path) -> str:
    db = sqlite3.connect(path)
    db.executescript(LEGACY_DUMP.read_text(encoding="utf-8"))
    db.close()
    return str(path)


def test_a_database_made_by_auditor_0_1_0_is_migrated(tmp_path):
    ref = _legacy_db(tmp_path / "old.sqlite")
    store = Store(ref)
    assert _schema_drift(store) == []
    assert [s.id for s in store.history()] == [2, 1]
    local = store.load(1)
    (host,) = local.hosts
    assert host.status == "ok" and host.privileged is None and host.snapshot is None
    assert local.units[0].id == "local" and local.hosts_planned == 1
    by_check = {r.check_id: r for r in host.results}
    assert by_check["auditd_running"].message.render("en") == "auditd is not running"
    assert by_check["auditd_running"].status == "fail"
    assert by_check["auditd_running"].evidence == ("76 processes inspected; none is auditd",)
    inventory = store.load(2)
    assert [u.id for u in inventory.units] == ["tp", "q1"]
    assert inventory.unit("q1") == UnitNode("q1", "UBND Quận 1", "tp")
    assert {h.name: h.status for h in inventory.hosts} == {
        "closed1": "error", "mc-q1-01": "error"}  # fmt: skip
    assert inventory.hosts[1].tags == ("mot-cua",)
    new_scan = _begin(store)
    store.add_host(new_scan, report("web1", [result("a", "pass")]))
    assert store.resolve("latest") == new_scan == 3


def test_braces_in_a_0_1_0_message_are_kept_as_text(tmp_path):
    ref = _legacy_db(tmp_path / "old.sqlite")
    with sqlite3.connect(ref) as db:
        db.execute("UPDATE results SET message = 'value {x} kept' WHERE id = 1")
    store = Store(ref)
    assert store.load(1).hosts[0].results[0].message.render("en") == "value {x} kept"


def test_a_database_from_a_newer_release_is_refused(store_ref):
    store = Store(store_ref)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(UsageError, match="schema revision 9999, written by a newer auditor"):
        Store(store_ref)


def test_a_missing_database_is_not_created_for_reading(tmp_path):
    path = tmp_path / "none.sqlite"
    with pytest.raises(UsageError, match=r"no results database at .*none\.sqlite"):
        Store(str(path), create=False)
    assert not path.exists()


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("mysql://u@h/db", "unsupported results database 'mysql'"),
        ("postgresql://auditor@/nope?host=/nonexistent", "cannot open results database"),
        ("/proc/auditor/x.sqlite", "cannot open results database /proc/auditor/x.sqlite"),
    ],
)
def test_an_unusable_database_is_one_clear_error(ref, message):
    with pytest.raises(UsageError, match=message) as info:
        Store(ref)
    assert "\n" not in str(info.value)


def test_a_damaged_database_is_one_clear_error(tmp_path):
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(UsageError, match=r"cannot open results database .*file is not a database"):
        Store(str(path), create=False)


def test_the_head_revision_known_without_alembic_is_alembic_s(tmp_path):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_opening_a_store_at_the_head_does_not_load_alembic(tmp_path):
    db = tmp_path / "results.sqlite"
    Store(str(db)).close()  # made and migrated
    probe = (
        "import sys; from auditor.store.database import Store; "
        f"Store({str(db)!r}, create=False).close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
