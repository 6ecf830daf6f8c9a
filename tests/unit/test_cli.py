import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.scan import exit_code
from auditor.store.database import Store
from tests.reports import STARTED, report, result
from tests.specs import closed_ports_profile

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "scan-result.schema.json").read_text()
)


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "results.sqlite")


@pytest.fixture
def one_check(tmp_path: Path) -> str:
    """A profile with one cheap check, for tests about the command line, not the catalogue."""
    path = tmp_path / "one.yaml"
    path.write_text("id: one\ntitle: {vi: Một, en: One}\ninclude: {ids: [ssh_root_login]}\n")
    return str(path)


@pytest.fixture(scope="module")
def local_scan(tmp_path_factory: pytest.TempPathFactory):
    """One scan of this machine with the default profile: JSON on stdout, summary on stderr."""
    db = tmp_path_factory.mktemp("local") / "results.sqlite"
    result = CliRunner().invoke(main, ["scan", "--db", str(db), "--format", "json", "--lang", "en"])
    return result, db


def test_local_scan_stores_results_and_writes_schema_valid_json(local_scan):
    result, db = local_scan
    assert result.exit_code in (0, 1, 3)
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    (host,) = doc["hosts"]
    assert host["status"] == "ok" and host["unit"] == "local"
    assert doc["scan"]["profile"] == "de-an-06"
    assert doc["scan"]["quarter"].startswith(doc["scan"]["started"][:4])
    assert {r["check_id"] for r in host["results"]} >= {"ssh_root_login", "exposed_ports"}
    assert {r["area"] for r in host["results"]} == {
        "patching",
        "logging",
        "credentials",
        "network",
        "system",
    }
    history = invoke("history", "--db", str(db))
    assert history.exit_code == 0
    assert "de-an-06" in history.output


def test_summary_by_area_goes_to_stderr_with_json_on_stdout(local_scan):
    result, _ = local_scan
    assert "Results by area and severity" in result.stderr
    for area in ("patching", "logging", "credentials", "network", "system", "total"):
        assert re.search(rf"^\S\s*{area}\b", result.stderr, re.MULTILINE), area


def test_progress_is_one_stable_line_per_host_when_not_a_terminal(local_scan):
    first = local_scan[0].stderr.splitlines()[0]
    assert re.fullmatch(r"\[1/1\] local/\S+ localhost: ok, .*\(\d+\.\ds\)", first), first


def test_json_file_from_output_extension(tmp_path, db, one_check):
    out = tmp_path / "scan.json"
    invoke("scan", "-p", one_check, "--db", db, "-o", str(out), "-q")
    jsonschema.validate(json.loads(out.read_text()), SCHEMA)


def test_table_output_shows_summary_by_area(db, one_check):
    result = invoke("scan", "-p", one_check, "--db", db, "--format", "table", "-q", "--lang", "en")
    for word in ("Results by area and severity", "credentials", "total", "hosts: 1"):
        assert word in result.output


def test_db_from_environment_variable(tmp_path, one_check):
    path = tmp_path / "env.sqlite"
    invoke("scan", "-p", one_check, "-q", "--format", "json", env={"AUDITOR_DB": str(path)})
    assert path.exists()


def test_exit_codes(tmp_path):
    store = Store(str(tmp_path / "exit.sqlite"))
    scan_id = store.begin_scan("p", "d", STARTED, None, None, [], 2)
    store.add_host(scan_id, report("ok", [result("a", "pass", "high"), result("b", "fail", "low")]))
    one = store.load(scan_id)
    store.add_host(scan_id, report("down", [], status="unreachable"))
    both = store.load(scan_id)
    assert exit_code(one, "low") == 1
    assert exit_code(one, "medium") == 0
    assert exit_code(both, "medium") == 3
    assert exit_code(both, "low") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "-i", "/nonexistent/inv.yaml"], "/nonexistent/inv.yaml: no such file"),
        (["scan", "--profile", "nope"], "unknown profile 'nope'"),
        (["checks", "show", "nope"], "unknown check 'nope'"),
        (["profiles", "validate", "/nonexistent.yaml"], "/nonexistent.yaml: no such file"),
        (["inventory", "validate", "/nonexistent.yaml"], "no such file"),
        (["scan", "--host", "x"], "--host needs an inventory"),
    ],
)
def test_bad_input_gives_one_line_error_and_exit_2(args, message, db):
    argv = [*args, "--db", db] if args[0] == "scan" else args
    result = CliRunner().invoke(main, argv, env={"AUDITOR_LANG": "en"})
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("auditor: error:")


def test_errors_are_in_vietnamese_unless_another_language_is_asked(db):
    def error(*argv: str, env: dict[str, str] | None = None) -> str:
        result = CliRunner().invoke(main, ["scan", "--profile", "nope", "--db", db, *argv], env=env)
        assert result.exit_code == 2
        return result.stderr.strip()

    assert error().startswith(
        "auditor: lỗi: hồ sơ kiểm tra 'nope' không tồn tại (các hồ sơ có sẵn: "
    )
    assert error("--lang", "en").startswith("auditor: error: unknown profile 'nope' (built-in")
    assert error(env={"AUDITOR_LANG": "en"}).startswith("auditor: error: unknown profile 'nope'")
    assert error("--lang", "vi", env={"AUDITOR_LANG": "en"}).startswith("auditor: lỗi: ")


def test_invalid_inventory_lists_every_problem(tmp_path):
    inv = tmp_path / "inv.yaml"
    inv.write_text(
        "units:\n  - {id: u, name: U, hosts: [{name: a, address: 'x y', password: p}]}\n"
    )
    result = CliRunner().invoke(
        main, ["inventory", "validate", str(inv)], env={"AUDITOR_LANG": "en"}
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert any("password: a literal password is not allowed" in line for line in lines)
    assert any("address: 'x y' is not an IP address" in line for line in lines)
    assert lines[-1] == f"auditor: error: {inv}: 2 problem(s)"


def test_invalid_yaml_in_inventory_for_scan(tmp_path, db):
    inv = tmp_path / "inv.yaml"
    inv.write_text("units: [\n")
    result = CliRunner().invoke(main, ["scan", "-i", str(inv), "--db", db])
    assert result.exit_code == 2
    assert "YAML không hợp lệ" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_host_gives_exit_3_and_is_stored(tmp_path, db):
    inv = tmp_path / "inv.yaml"
    known = tmp_path / "known_hosts"
    known.write_text("")
    # 127.0.0.1 port 1: nothing listens there, connection is refused at once
    inv.write_text(
        f"defaults: {{port: 1, known_hosts: {known}}}\n"
        "units: [{id: u, name: U, hosts: [{name: gone, address: 127.0.0.1}]}]\n"
    )
    out = tmp_path / "o.json"
    profile = str(closed_ports_profile(tmp_path))
    result = CliRunner().invoke(
        main, ["scan", "-i", str(inv), "-p", profile, "--db", db, "-o", str(out)]
    )
    assert result.exit_code == 3
    (host,) = json.loads(out.read_text())["hosts"]
    assert host["status"] == "unreachable" and "127.0.0.1:1" in host["error"]
    header, row = invoke("history", "--db", db).stdout.splitlines()
    fields = dict(zip(header.split("\t"), row.split("\t"), strict=True))
    assert (fields["hosts"], fields["audited"], fields["fails"]) == ("1", "0", "0")


def test_checks_and_profiles_commands():
    assert "ssh_root_login" in invoke("checks", "list").output
    shown = invoke("checks", "show", "ssh_root_login").output
    assert "PermitRootLogin" in shown and "tcvn_11930" in shown
    assert "de-an-06" in invoke("profiles", "list").output
    shown = invoke("profiles", "show", "de-an-06", "--lang", "en").output
    assert "ACC-01" in shown and "INSP-01" in shown
    assert invoke("profiles", "validate", "de-an-06").exit_code == 0


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (None, ("Cách dùng: python -m auditor scan", "Lỗi: Không có tùy chọn '--bogus'.")),
        ("en", ("Usage: python -m auditor scan", "Error: No such option '--bogus'.")),
    ],
)
def test_command_line_mistakes_are_told_in_the_language_of_the_command(tmp_path, lang, expected):
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_LANG"}
    if lang:
        env["AUDITOR_LANG"] = lang
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", "--bogus"],
                          capture_output=True, text=True, env=env)  # fmt: skip
    assert proc.returncode == 2
    assert all(line in proc.stderr for line in expected), proc.stderr


def test_installed_command_prints_no_traceback(tmp_path):
    exe = Path(sys.executable).with_name("auditor")
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "auditor"]
    proc = subprocess.run(
        [*argv, "scan", "-i", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
        env={**os.environ, "AUDITOR_DB": str(tmp_path / "d.db")},
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"auditor: lỗi: {tmp_path / 'missing.yaml'}: tệp không tồn tại"


def test_facts_list_and_show_tell_a_check_author_where_each_fact_comes_from():
    listing = invoke("facts", "list").stdout.splitlines()
    header, *rows = (line.split("\t") for line in listing)
    assert header == ["fact", "kind", "root", "shared inputs", "checks", "description"]
    by_name = {row[0]: row for row in rows}
    assert by_name["sshd"][1:4] == ["collector", "yes", "sshd_effective"]
    assert by_name["ssh_user_keys"][3] == "sshd_effective, home_dirs"
    assert by_name["network_scan"][1] == "probe" and by_name["target"][1] == "runner"
    shown = invoke("facts", "show", "sshd").stdout
    for expected in ("auditor.facts.sshd:parse_sshd", "sshd -T", "ssh_root_login",
                     "tests/data/facts/sshd/"):  # fmt: skip
        assert expected in shown, expected
    unknown = CliRunner().invoke(main, ["facts", "show", "nope"], env={"AUDITOR_LANG": "en"})
    assert unknown.exit_code == 2
    assert (
        unknown.stderr.strip() == "auditor: error: unknown fact 'nope' (see 'auditor facts list')"
    )
