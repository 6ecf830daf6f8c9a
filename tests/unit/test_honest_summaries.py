"""Honest summaries (issue 13, item 7): a closed output pipe ends quietly with 141; connection
failures read as sentences naming host:port and the cause; a host audited without root says so,
with the number of checks it left unjudged, on the terminal, in every format and in the report."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli import EXIT_BROKEN_PIPE, main
from auditor.profiles import load_profile
from auditor.registry import load_checks
from auditor.snapshot import Account
from auditor.transports.base import TransportError, reason
from auditor.transports.ssh import SshTarget, SshTransport
from tests.reports import report, result, snapshot, stored_scan

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "scan-result.schema.json").read_text())
ENV = {**os.environ, "AUDITOR_LANG": "en"}
CAVEAT = "audited without root: 2 of 3 checks could not be judged"
RAW = ("[Errno", "Traceback", "Exception (client)", "EOFError", "SSHException")


def auditor(*args: str, stdout: int | None = None, **kwargs: object) -> subprocess.CompletedProcess:
    """``python -m auditor ARGS`` as a separate process, its stderr captured."""
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        stdout=stdout, stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT, check=False,
        **kwargs,
    )  # fmt: skip


def to_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """The command with its standard output a pipe whose reader is already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        return auditor(*args, stdout=write)
    finally:
        os.close(write)


# Broken pipes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("checks", "list"),
        ("checks", "list", "--format", "markdown"),
        ("checks", "show", "ssh_root_login"),
        ("facts", "list"),
        ("profiles", "show", "de-an-06"),
        ("--help",),
    ],
)
def test_a_closed_pipe_ends_quietly_with_141(args: tuple[str, ...]) -> None:
    done = to_closed_pipe(*args)
    assert (done.returncode, done.stderr) == (EXIT_BROKEN_PIPE, "")


def test_a_closed_pipe_on_standard_error_ends_quietly_with_141(tmp_path: Path) -> None:
    """The scan's summary goes to standard error: ``auditor scan 2>&1 | head`` closes it."""
    profile = tmp_path / "one.yaml"
    profile.write_text("id: one\ntitle: {vi: Một, en: One}\ninclude: {ids: [ssh_root_login]}\n")
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "auditor", "scan", "-p", str(profile), "--db",
             str(tmp_path / "db.sqlite"), "-o", str(tmp_path / "out.json")],
            stdout=subprocess.DEVNULL, stderr=write, env=ENV, cwd=ROOT, check=False,
        )  # fmt: skip
    finally:
        os.close(write)
    assert done.returncode == EXIT_BROKEN_PIPE
    assert (tmp_path / "out.json").exists()  # what the scan wrote is kept


def test_checks_list_into_head_prints_its_first_line_and_no_error() -> None:
    shell = f'"{sys.executable}" -m auditor checks list | head -1; echo "rc=${{PIPESTATUS[0]}}"'
    done = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, env=ENV, cwd=ROOT, check=False
    )
    first, status = done.stdout.splitlines()
    assert "id" in first and "severity" in first
    # 0 when the whole listing fit in the pipe before head left, 141 when it did not
    assert status in ("rc=0", f"rc={EXIT_BROKEN_PIPE}")
    assert done.stderr == ""


@pytest.mark.parametrize("fmt", ["json", "table", "csv"])
def test_results_show_to_a_closed_pipe(tmp_path: Path, fmt: str) -> None:
    stored_scan(tmp_path, [report("web1", [result("a", "pass")])])
    done = to_closed_pipe("results", "show", "--db", str(tmp_path / "scan.sqlite"), "-f", fmt)
    assert (done.returncode, done.stderr) == (EXIT_BROKEN_PIPE, "")


# Connection errors -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def listener(request: pytest.FixtureRequest) -> Iterator[int]:
    """A loopback TCP listener that accepts and then closes, sends garbage, or stays silent."""
    behaviour = request.param
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            if behaviour == "garbage":
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n<html>\x1b[31m</html>\r\n")
            if behaviour == "silent":
                held.append(conn)
            else:
                conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in held:
        conn.close()


def connect_error(tmp_path: Path, port: int) -> TransportError:
    known = tmp_path / "known_hosts"
    known.touch()
    target = SshTarget("127.0.0.1", port, known_hosts=str(known), connect_timeout=1.5)
    with pytest.raises(TransportError) as caught:
        SshTransport(target).connect()
    return caught.value


def test_a_closed_port_is_unreachable_with_the_reason(tmp_path: Path) -> None:
    port = free_port()
    error = connect_error(tmp_path, port)
    assert (error.status, str(error)) == (
        "unreachable", f"cannot connect to 127.0.0.1:{port}: Connection refused"
    )  # fmt: skip


# A peer that closes at once may be seen as closing, or resetting, or closing while our own
# banner is sent: each is said in words.
CLOSED = (
    r"no SSH server answered on 127\.0\.0\.1:{port} \(reading its banner: "
    r"(the connection was closed|Connection reset by peer)\)"
    r"|127\.0\.0\.1:{port} closed the connection before the SSH handshake finished"
)

# Silence is seen while waiting for the banner or for the handshake, whichever gives up first.
SILENT = (
    r"no SSH server answered on 127\.0\.0\.1:{port} within 1\.5s"
    r"|127\.0\.0\.1:{port} did not complete the SSH handshake within 1\.5s"
)


@pytest.mark.parametrize(
    ("listener", "expected"),
    [
        ("close", CLOSED),
        ("garbage", CLOSED),
        ("silent", SILENT),
    ],
    indirect=["listener"],
)
def test_a_port_that_does_not_speak_ssh_is_an_error_in_words(
    tmp_path: Path, listener: int, expected: str
) -> None:
    error = connect_error(tmp_path, listener)
    assert error.status == "error"
    assert re.fullmatch(expected.format(port=listener), str(error)), str(error)


@pytest.mark.parametrize("listener", ["close"], indirect=True)
def test_a_scan_shows_connection_failures_without_python_in_them(
    tmp_path: Path, listener: int
) -> None:
    known = tmp_path / "known_hosts"
    known.touch()
    inv = tmp_path / "inv.yaml"
    inv.write_text(
        f"defaults: {{known_hosts: {known}, timeouts: {{connect: 2}}}}\n"
        "units: [{id: u, name: U, hosts: [\n"
        f"  {{name: gone, address: 127.0.0.1, port: {free_port()}}},\n"
        f"  {{name: mute, address: 127.0.0.1, port: {listener}}}]}}]\n"
    )
    out = tmp_path / "o.json"
    done = auditor("scan", "-i", str(inv), "--db", str(tmp_path / "s.sqlite"), "-o", str(out))
    # Hosts without a login still get their network checks: nmap finds mute's port open on the
    # address, which gone's allow-list does not name (mute's own audit port is allowed to it;
    # whatever else this machine has listening on 127.0.0.1 may fail it too).
    assert done.returncode == 1
    hosts = {h["name"]: h for h in json.loads(out.read_text())["hosts"]}
    network = {
        name: {r["check_id"]: r["status"] for r in h["results"]} for name, h in hosts.items()
    }
    assert network["gone"]["exposed_ports"] == "fail"
    assert network["mute"]["exposed_ports"] in ("pass", "fail")
    assert hosts["gone"]["status"] == "unreachable"
    assert hosts["gone"]["error"].endswith("Connection refused")
    assert hosts["mute"]["status"] == "error"
    assert re.fullmatch(CLOSED.format(port=listener), hosts["mute"]["error"])
    for text in (done.stderr, out.read_text()):
        assert not any(raw in text for raw in RAW), text


def test_reasons_are_sentences_not_python() -> None:
    assert reason(PermissionError(13, "Permission denied", "/etc/shadow")) == (
        "/etc/shadow: Permission denied"
    )
    assert reason(OSError(None, "Unable to connect to port 1 on 127.0.0.1")) == (
        "Unable to connect to port 1 on 127.0.0.1"
    )
    assert reason(RuntimeError("banner[Errno 104] Connection reset by peer")) == (
        "banner: Connection reset by peer"
    )
    assert (reason(EOFError()), reason(TimeoutError())) == (
        "the connection was closed",
        "timed out",
    )


def test_an_unwritable_output_is_a_sentence(tmp_path: Path) -> None:
    stored_scan(tmp_path, [report("web1", [result("a", "pass")])])
    locked = tmp_path / "locked"
    locked.mkdir()
    out = locked / "x.json"
    out.write_text("")
    out.chmod(0o400)
    done = CliRunner().invoke(
        main, ["results", "show", "--db", str(tmp_path / "scan.sqlite"), "-o", str(out)],
        env={"AUDITOR_LANG": "en"},
    )  # fmt: skip
    if os.geteuid() == 0:  # root writes anyway: the output is there
        assert done.exit_code == 0
    else:
        assert done.exit_code == 2 and "[Errno" not in done.stderr


# Hosts audited without root ----------------------------------------------------------------


@pytest.fixture
def unprivileged_db(tmp_path: Path) -> str:
    """A stored scan: web1 audited as root, term1 without root with 2 of its 3 checks in error."""
    web = report("web1", [result("a", "pass"), result("b", "error")])
    term = report(
        "term1", [result("a", "pass"), result("b", "error"), result("c", "error")],
        address="127.0.0.2",
    )  # fmt: skip
    term.privileged = False
    profile = load_profile("de-an-06", load_checks())
    stored_scan(tmp_path, [web, term], content=profile.content())
    return str(tmp_path / "scan.sqlite")


def show(db: str, fmt: str) -> str:
    done = CliRunner().invoke(
        main, ["results", "show", "--db", db, "-f", fmt, "--lang", "en"], catch_exceptions=False
    )
    assert done.exit_code == 0, done.output
    return done.stdout


def test_the_terminal_summary_names_the_host_and_counts(unprivileged_db: str) -> None:
    text = " ".join(show(unprivileged_db, "table").split())
    assert f"u/term1 127.0.0.2: ok, {CAVEAT}" in text
    assert "hosts: 2 (2 ok; 1 audited without root: 2 checks not judged)" in text
    assert "u/web1" not in text.split("Results by area")[1]  # root host: no caveat line


def test_json_carries_the_caveat_and_validates(unprivileged_db: str) -> None:
    doc = json.loads(show(unprivileged_db, "json"))
    jsonschema.validate(doc, SCHEMA)
    hosts = {h["name"]: h for h in doc["hosts"]}
    assert (hosts["term1"]["privileged"], hosts["term1"]["not_judged"]) == (False, 2)
    assert hosts["term1"]["caveat"] == CAVEAT
    assert (hosts["web1"]["not_judged"], hosts["web1"]["caveat"]) == (1, None)


def test_html_junit_sarif_and_csv_say_it(unprivileged_db: str) -> None:
    assert CAVEAT in show(unprivileged_db, "html")
    suites = {s.get("name"): s for s in ET.fromstring(show(unprivileged_db, "junit"))}
    props = {p.get("name"): p.get("value") for p in suites["u/term1"].iter("property")}
    assert (props["privileged"], props["not_judged"], props["caveat"]) == ("False", "2", CAVEAT)
    assert "caveat" not in {p.get("name") for p in suites["u/web1"].iter("property")}
    (run,) = json.loads(show(unprivileged_db, "sarif"))["runs"]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert f"term1: {CAVEAT}" in notes and not any("web1: audited" in n for n in notes)
    rows = list(csv.DictReader(io.StringIO(show(unprivileged_db, "csv").lstrip("\ufeff"))))
    assert {r["host_caveat"] for r in rows if r["host"] == "term1"} == {CAVEAT}
    assert {r["host_caveat"] for r in rows if r["host"] == "web1"} == {""}


def test_the_report_annex_says_it(unprivileged_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = CliRunner().invoke(
        main,
        ["report", "--quarter", "2026-Q4", "--format", "html", "--lang", "en", "-o", str(out),
         "--db", unprivileged_db],
        catch_exceptions=False,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    annexes = [p.read_text() for p in out.rglob("*.html") if "term1" in p.read_text()]
    assert annexes and all(CAVEAT in text for text in annexes)


def run_as_nobody() -> bool:
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


@pytest.mark.skipif(not run_as_nobody(), reason="needs root to drop to nobody with setpriv")
def test_a_real_local_scan_as_nobody_is_not_a_clean_ok() -> None:
    work = Path(tempfile.mkdtemp(prefix="honest-"))
    try:
        work.chmod(0o777)
        out, db = work / "scan.json", work / "scan.sqlite"
        done = subprocess.run(
            ["setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups",
             sys.executable, "-m", "auditor", "scan", "--db", str(db), "-o", str(out)],
            capture_output=True, text=True, cwd=work, check=False,
            env={**ENV, "HOME": str(work)}, timeout=300,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        (host,) = json.loads(out.read_text())["hosts"]
        assert (host["status"], host["privileged"]) == ("ok", False)
        errors = sum(r["status"] == "error" for r in host["results"])
        caveat = (
            f"audited without root: {errors} of {len(host['results'])} checks could not be judged"
        )
        assert errors > 0 and (host["not_judged"], host["caveat"]) == (errors, caveat)
        assert "ok without root" in done.stderr  # the progress line
        assert f"ok, {caveat}" in done.stderr  # the summary
        assert f"1 audited without root: {errors} checks not judged" in " ".join(
            done.stderr.split()
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_diff_table_shows_host_text_inert(tmp_path: Path) -> None:
    """A message and an account name from a host, with escapes and markup, in `results diff`."""
    hostile = "\x1b[2J\x1b]0;pwned\x07[/]<b>"
    stored_scan(tmp_path, [report("web1", [result("a", "pass")])])
    new = report("web1", [result("a", "fail", template="{text}", text=hostile)],
                 snap=snapshot(accounts=(Account(f"x{hostile}", 0, "/bin/sh", True),)))  # fmt: skip
    stored_scan(tmp_path, [new])
    done = CliRunner().invoke(
        main,
        ["results", "diff", "1", "2", "--db", str(tmp_path / "scan.sqlite"), "--lang", "en"],
        catch_exceptions=False,
    )
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b[2J" in done.stdout
