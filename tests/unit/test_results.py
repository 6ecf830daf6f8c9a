"""The store as the hand-off: scans rendered from what was stored, stored scans shown again in
every format, compared, and listed; bad output paths refused before any host is contacted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.inventory import UnitNode
from auditor.outputs import formats
from auditor.profiles import load_profile
from auditor.registry import load_checks
from auditor.scan import StoppedBeforeStore, Targets, run_and_store, targets
from auditor.snapshot import Account, AuthorizedKey, Service
from auditor.store.database import Store
from tests.reports import STARTED, report, result, snapshot
from tests.specs import host_spec

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "scan-result.schema.json").read_text())
EXTENSIONS = {"table": ".txt", "json": ".json", "html": ".html", "junit": ".xml",
              "sarif": ".sarif", "csv": ".csv"}  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def profile_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("profile") / "three.yaml"
    path.write_text(
        "id: three\ntitle: {vi: Ba, en: Three}\n"
        "include: {ids: [uid0_accounts, empty_passwords, auditd_running]}\n"
    )
    return str(path)


def test_every_format_is_registered_with_an_extension():
    assert set(formats()) == set(EXTENSIONS)
    for name, suffix in EXTENSIONS.items():
        assert suffix in formats()[name].suffixes


def test_what_is_stored_is_what_the_scan_judged(tmp_path, profile_file):
    store = Store(str(tmp_path / "r.sqlite"))
    live = []
    profile = load_profile(profile_file, load_checks())
    run = run_and_store(lambda: store, targets(None), profile, 1, False, live.append)
    assert run.store is store
    (judged,) = live
    (stored,) = store.load(run.scan_id).hosts
    assert (stored.name, stored.status, stored.privileged, stored.exec_count) == (
        judged.spec.name, judged.status, judged.privileged, judged.exec_count)  # fmt: skip
    assert [(r.check_id, r.area, r.severity, r.status, r.message, r.evidence)
            for r in stored.results] == [
        (r.check_id, r.area, r.severity, r.status, r.message, r.evidence) for r in judged.results
    ]  # fmt: skip
    assert stored.snapshot == judged.snapshot
    assert stored.snapshot is not None and "root" in stored.snapshot.uid0
    assert stored.snapshot.packages and stored.snapshot.packages > 0


def test_a_scan_stopped_at_once_while_its_store_opens_ends_with_a_clear_error(profile_file):
    profile = load_profile(profile_file, load_checks())
    chosen = Targets([host_spec("h", port=1, connect_timeout=1)], [UnitNode("u", "U")])

    def second_signal() -> Store:
        raise KeyboardInterrupt

    with pytest.raises(StoppedBeforeStore, match="before the results store was opened"):
        run_and_store(second_signal, chosen, profile, 1, False, [].append)


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_results_show_renders_the_stored_scan_exactly_as_the_scan_did(tmp_path, fmt, profile_file):
    db = str(tmp_path / "r.sqlite")
    first = tmp_path / f"scan{EXTENSIONS[fmt]}"
    scanned = run("scan", "-p", profile_file, "--db", db, "-o", str(first), "-q", "--lang", "en")
    assert scanned.exit_code in (0, 1)
    again = tmp_path / f"again{EXTENSIONS[fmt]}"
    shown = run("results", "show", "--db", db, "-o", str(again), "--lang", "en")
    assert shown.exit_code == 0, shown.output
    assert again.read_bytes() == first.read_bytes()
    assert len(first.read_bytes()) > 200
    to_stdout = run("results", "show", "1", "--db", db, "-f", fmt, "-o", "-", "--lang", "en")
    if fmt != "table":  # the table is drawn for a terminal when it goes to standard output
        assert to_stdout.stdout == first.read_text(encoding="utf-8")
    if fmt == "json":
        jsonschema.validate(json.loads(first.read_text()), SCHEMA)


def test_bad_output_paths_are_refused_before_any_host_is_contacted(tmp_path, profile_file):
    db = tmp_path / "r.sqlite"
    for output, message in [
        ("/nonexistent/dir/out.json", "cannot write /nonexistent/dir/out.json: directory"),
        (str(tmp_path / "scan.docx"), "cannot tell the output format from"),
        (str(tmp_path), "is a directory"),
    ]:
        result = CliRunner().invoke(main, ["scan", "-p", profile_file, "--db", str(db),
                                           "-o", output], env={"AUDITOR_LANG": "en"})  # fmt: skip
        assert result.exit_code == 2, output
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("auditor: error: ") and message in line
        assert not db.exists()
    bogus = CliRunner().invoke(main, ["scan", "-f", "docx", "--db", str(db)])
    assert bogus.exit_code == 2 and "'docx' is not one of" in bogus.stderr


def test_dash_is_standard_output_and_csv_is_csv(tmp_path, profile_file, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "r.sqlite")
    result = run("scan", "-p", profile_file, "--db", db, "-f", "json", "-o", "-", "-q")
    assert json.loads(result.stdout)["scan"]["profile"] == "three"
    assert not (tmp_path / "-").exists()
    run("scan", "-p", profile_file, "--db", db, "-o", "scan.csv", "-q")
    data = (tmp_path / "scan.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 3 and {r["check_id"] for r in rows} >= {"uid0_accounts"}
    assert any("tài khoản" in r["title"].lower() for r in rows)


@pytest.fixture
def city(tmp_path) -> str:
    """A stored scan of two units, one below the other, with a terminal in each."""
    db = str(tmp_path / "city.sqlite")
    store = Store(db)
    units = [UnitNode("tp", "Công an Thành phố"), UnitNode("q1", "UBND Quận 1", "tp"),
             UnitNode("p1", "UBND Phường 1", "q1"), UnitNode("so-yt", "Sở Y tế", "tp")]  # fmt: skip
    scan_id = store.begin_scan("de-an-06", "d", STARTED, "inv.yaml", "x", units, 4)
    for name, unit, status in (("srv", "tp", "fail"), ("mc-q1", "q1", "pass"),
                               ("mc-p1", "p1", "fail"), ("yt1", "so-yt", "fail")):  # fmt: skip
        results = [result("ssh_root_login", status), result("uid0_accounts", "pass")]
        store.add_host(scan_id, report(name, results, unit=unit))
    store.finish_scan(scan_id, STARTED, False)
    return db


def test_results_show_narrows_to_a_unit_with_its_children_hosts_and_statuses(city):
    doc = json.loads(run("results", "show", "--db", city, "-f", "json", "--unit", "q1").stdout)
    assert sorted(h["name"] for h in doc["hosts"]) == ["mc-p1", "mc-q1"]
    assert doc["hosts"][0]["unit_path"] == ["Công an Thành phố", "UBND Quận 1", "UBND Phường 1"]
    failing = json.loads(
        run("results", "show", "--db", city, "-f", "json", "--status", "fail").stdout
    )
    found = {(h["name"], r["check_id"]) for h in failing["hosts"] for r in h["results"]}
    assert found == {("srv", "ssh_root_login"), ("mc-p1", "ssh_root_login"),
                     ("yt1", "ssh_root_login")}  # fmt: skip
    one = json.loads(run("results", "show", "--db", city, "-f", "json", "--host", "yt1").stdout)
    assert [h["name"] for h in one["hosts"]] == ["yt1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["results", "show", "7"], "no scan 7 in"),
        (["results", "show", "--host", "nope"], "no host named nope in scan 1"),
        (["results", "show", "--unit", "nope"], "no unit 'nope' in scan 1"),
        (["results", "show", "-o", "/nonexistent/x.json"], "directory /nonexistent does not exist"),
        (["results", "diff", "1", "9"], "no scan 9 in"),
        (["history", "--quarter", "Q4-2026"], "a quarter is written like 2026-Q4"),
    ],
)
def test_bad_references_give_one_line_and_exit_2(city, args, message):
    result = CliRunner().invoke(main, [*args, "--db", city], env={"AUDITOR_LANG": "en"})
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("auditor: error: ") and message in line


def test_reading_commands_never_create_a_database(tmp_path):
    for args in (["results", "show"], ["history"], ["results", "diff", "1"]):
        result = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "none.sqlite")])
        assert result.exit_code == 2 and "không có cơ sở dữ liệu kết quả tại" in result.stderr
    assert not (tmp_path / "none.sqlite").exists()


@pytest.fixture
def quarters(tmp_path) -> str:
    """Three quarters of one unit: findings appear, disappear and persist; accounts change."""
    db = str(tmp_path / "q.sqlite")
    store = Store(db)
    admin = Account("qtv1", 1000, "/bin/bash", True, ("(root) ALL",))
    quarter_hosts = [
        [
            report("web1", [result("ssh_root_login", "fail"), result("sudo_nopasswd", "pass"),
                            result("uid0_accounts", "fail", "critical")],
                   snap=snapshot(accounts=(Account("root", 0, "/bin/bash", True), admin))),
            report("db1", [result("ssh_root_login", "fail")]),
            report("old1", [result("ssh_root_login", "fail")]),
        ],
        [
            report("web1", [result("ssh_root_login", "pass"), result("sudo_nopasswd", "fail"),
                            result("uid0_accounts", "fail", "critical")],
                   snap=snapshot(
                       accounts=(Account("root", 0, "/bin/bash", True),
                                 Account("qtv1", 1000, "/bin/bash", True,
                                         ("(root) ALL", "(root) NOPASSWD: ALL")),
                                 Account("toor", 0, "/bin/sh", True)),
                       keys=(AuthorizedKey("qtv1", "ssh-ed25519", 256, "SHA256:new", "x"),),
                       services=(Service("tcp", "0.0.0.0", 22, "sshd"),
                                 Service("tcp", "0.0.0.0", 3389, "xrdp")))),
            report("db1", [], status="unreachable"),
            report("new1", [result("ssh_root_login", "fail")]),
        ],
        [
            report("web1", [result("ssh_root_login", "pass"),
                            result("sudo_nopasswd", "fail", template="{n} rules", n=3),
                            result("uid0_accounts", "fail", "critical")]),
            report("db1", [result("ssh_root_login", "pass")]),
            report("new1", [result("ssh_root_login", "fail")]),
        ],
    ]  # fmt: skip
    for month, hosts in zip((2, 5, 8), quarter_hosts, strict=True):
        scan_id = store.begin_scan("de-an-06", "d", STARTED.replace(month=month), None, None,
                                   [UnitNode("u", "U")], len(hosts))  # fmt: skip
        for rep in hosts:
            store.add_host(scan_id, rep)
        store.finish_scan(scan_id, STARTED.replace(month=month), False)
    return db


def _kinds(doc: dict) -> dict[tuple[str, str], str]:
    return {(f["host"], f["check_id"]): f["kind"] for f in doc["findings"]}


def test_diff_of_three_quarters(quarters):
    first = json.loads(run("results", "diff", "1", "2", "--db", quarters, "-f", "json").stdout)
    assert _kinds(first) == {
        ("web1", "ssh_root_login"): "resolved",
        ("web1", "sudo_nopasswd"): "new",
        ("web1", "uid0_accounts"): "persisting",
        ("db1", "ssh_root_login"): "changed",  # not audited this time: not counted as fixed
        ("new1", "ssh_root_login"): "new",
    }
    assert first["counts"] == {"new": 2, "resolved": 1, "changed": 1, "persisting": 1}
    assert (first["hosts_added"], first["hosts_removed"]) == (["new1"], ["old1"])
    db1 = next(f for f in first["findings"] if f["host"] == "db1")
    assert (db1["old_status"], db1["new_status"]) == ("fail", "unreachable")
    changes = {(c["what"], c["change"], c["subject"]) for c in first["snapshot_changes"]}
    assert changes == {
        ("account", "added", "toor"),
        ("uid0", "added", "toor"),
        ("sudo", "added", "qtv1: (root) NOPASSWD: ALL"),
        ("key", "added", "qtv1: ssh-ed25519 SHA256:new"),
        ("service", "added", "tcp 0.0.0.0:3389"),
    }
    second = json.loads(run("results", "diff", "2", "--db", quarters, "-f", "json").stdout)
    assert second["new"]["id"] == 3
    assert _kinds(second) == {
        ("web1", "sudo_nopasswd"): "changed",  # the message changed
        ("web1", "uid0_accounts"): "persisting",
        ("new1", "ssh_root_login"): "persisting",
    }
    removed = {(c["what"], c["subject"]) for c in second["snapshot_changes"]}
    assert {c["change"] for c in second["snapshot_changes"]} == {"removed"}
    assert removed == {
        ("account", "qtv1"), ("account", "toor"), ("uid0", "toor"),
        ("sudo", "qtv1: (root) ALL"), ("sudo", "qtv1: (root) NOPASSWD: ALL"),
        ("key", "qtv1: ssh-ed25519 SHA256:new"), ("service", "tcp 0.0.0.0:3389"),
    }  # fmt: skip
    table = run("results", "diff", "1", "2", "--db", quarters, "--lang", "en").stdout
    assert "resolved" in table and "toor" in table and "3389" in table
    assert "findings: 2 new, 1 resolved, 1 changed, 1 persisting" in table
    assert "hosts added: new1" in table and "hosts removed: old1" in table


def test_history_limit_quarter_and_profile(quarters):
    def ids(*args: str) -> list[str]:
        lines = run("history", "--db", quarters, *args).stdout.splitlines()[1:]
        return [line.split("\t")[0] for line in lines]

    assert ids() == ["3", "2", "1"]
    assert ids("--limit", "2") == ["3", "2"]
    assert ids("--quarter", "2026-Q2") == ["2"]
    assert ids("--profile", "tcvn-14423-level3") == []


def test_scan_show_and_history_on_a_postgresql_store(postgres_url, profile_file, tmp_path):
    out = tmp_path / "scan.json"
    scanned = run("scan", "-p", profile_file, "--db", postgres_url, "-o", str(out), "-q")
    assert scanned.exit_code in (0, 1)
    shown = run("results", "show", "--db", postgres_url, "-f", "json", "-o", "-")
    assert shown.stdout == out.read_text(encoding="utf-8")
    env_shown = CliRunner().invoke(main, ["history"], env={"AUDITOR_DB": postgres_url})
    assert env_shown.exit_code == 0 and "three" in env_shown.stdout
