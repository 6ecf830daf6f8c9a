"""The network scan and discovery against real listeners on loopback addresses of this machine,
through the real nmap (via the suite's loopback guard)."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from auditor.network.nmap_xml import read_run
from auditor.network.ports import Ports, parse_ports
from auditor.network.scanner import UDP_NEEDS_ROOT, NetworkScanner
from auditor.store.database import Store
from tests.specs import host_spec

NET = "127.0.57"


class Banner(socketserver.BaseRequestHandler):
    """Greets with the server's banner, reads a little, hangs up (as FTP and telnet do)."""

    def handle(self) -> None:
        self.request.sendall(self.server.banner)  # type: ignore[attr-defined]
        self.request.settimeout(2)
        with contextlib.suppress(OSError):
            self.request.recv(1024)


class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><head><title>Camera login</title></head></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def listeners() -> Iterator[None]:
    """A telnet-like banner on .3:2323; an FTP banner on .7:2121 and a web page on .7:8082;
    nothing on the other addresses."""
    servers: list[socketserver.BaseServer] = []
    for address, port, banner in (
        (f"{NET}.3", 2323, b"\xff\xfd\x18\xff\xfd\x20\xff\xfd\x23\xff\xfd\x27"),
        (f"{NET}.7", 2121, b"220 (vsFTPd 3.0.3)\r\n"),
    ):
        server = socketserver.ThreadingTCPServer((address, port), Banner, bind_and_activate=False)
        server.allow_reuse_address = True
        server.daemon_threads = True
        server.server_bind()
        server.server_activate()
        server.banner = banner  # type: ignore[attr-defined]
        servers.append(server)
    web = http.server.ThreadingHTTPServer((f"{NET}.7", 8082), Page)
    servers.append(web)
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield
    for server in servers:
        server.shutdown()
        server.server_close()


def runs(log: Path) -> list[list[str]]:
    return [line.split("\t") for line in log.read_text().splitlines()] if log.exists() else []


def test_hosts_are_scanned_in_batches_by_a_bounded_number_of_nmap_processes(
    listeners: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "nmap.log"
    monkeypatch.setenv("AUDITOR_NMAP_LOG", str(log))
    specs = [host_spec(f"h{i}", f"{NET}.{i}", port=2323, host_timeout=60) for i in range(1, 8)]
    ports = parse_ports("2121,2323,8082")
    scanner = NetworkScanner(specs, lambda spec: ports, processes=2, batch_size=3)
    try:
        results = {s.name: scanner.result(s, 60) for s in specs}
    finally:
        scanner.close()
    batches = runs(log)
    assert sorted(len(b) for b in batches) == [1, 3, 3]  # 7 addresses, 3 per nmap process
    assert sorted(t for b in batches for t in b) == sorted(s.address for s in specs)
    seen = {name: {svc.port for svc in r.view.services} for name, r in results.items() if r.view}
    assert seen["h3"] == {2323} and seen["h7"] == {2121, 8082} and seen["h5"] == set()
    assert all(r.view is not None for r in results.values())
    assert f'addr="{NET}.7"' in results["h7"].xml and "2121" in results["h7"].xml


def test_without_root_udp_is_not_scanned_and_the_view_says_why(listeners: None) -> None:
    spec = host_spec("h", f"{NET}.3", port=2323, host_timeout=60)
    scanner = NetworkScanner([spec], lambda s: parse_ports("2323,udp/161"), udp=False)
    try:
        result = scanner.result(spec, 60)
    finally:
        scanner.close()
    assert result.view is not None and not result.view.udp
    assert result.view.udp_error == UDP_NEEDS_ROOT
    assert [s.port for s in result.view.services] == [2323]


def test_a_batch_slower_than_the_host_deadline_is_an_error_of_that_host_only() -> None:
    spec = host_spec("h", f"{NET}.9", port=2323, host_timeout=60)
    scanner = NetworkScanner([spec], lambda s: Ports(frozenset(range(1, 20000))))
    try:
        result = scanner.result(spec, 0.2)
    finally:
        scanner.close()
    assert result.view is None and "did not finish within" in result.error


def auditor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = "import sys; from auditor.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
        env={**os.environ, "AUDITOR_LANG": "en", **(env or {})}, check=False,
    )  # fmt: skip


def inventory(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_device_is_audited_from_the_network_only_and_its_xml_is_kept(
    listeners: None, tmp_path: Path
) -> None:
    inv = inventory(
        tmp_path,
        "units:\n  - id: p1\n    name: Phường 1\n    devices:\n"
        f"      - {{name: cam, address: {NET}.7}}\n",
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "id: t\ntitle: {vi: T, en: T}\nextends: de-an-06\n"
        "parameters: {exposed_ports: {scan_ports: '2121,8082'}}\n",
        encoding="utf-8",
    )
    db, out = tmp_path / "db.sqlite", tmp_path / "out.json"
    done = auditor("scan", "-i", str(inv), "-p", str(profile), "--db", str(db), "-f", "json",
                   "-o", str(out))  # fmt: skip
    assert done.returncode == 1, done.stderr  # two ports the (empty) device allow-list lacks
    (host,) = json.loads(out.read_text())["hosts"]
    assert host["status"] == "ok" and host["network_only"] and host["exec_count"] == 0
    assert host["caveat"].startswith("audited from the network only")
    checks = {r["check_id"]: r for r in host["results"]}
    assert checks["exposed_ports"]["status"] == "fail"
    assert "2121/ftp" in checks["exposed_ports"]["message"]
    assert all(cid.startswith(("network_", "exposed_")) for cid in checks), sorted(checks)
    store = Store(str(db))
    xml = store.network_xml(store.resolve(None), "cam")
    store.close()
    assert xml is not None and f'addr="{NET}.7"' in xml
    shown = auditor("results", "evidence", "cam", "--db", str(db))
    assert shown.returncode == 0 and shown.stdout.startswith("<?xml")
    assert read_run(shown.stdout).find("host/address").get("addr") == f"{NET}.7"
    missing = auditor("results", "evidence", "nope", "--db", str(db))
    assert missing.returncode == 2 and "keeps no network scan of host nope" in missing.stderr


def test_without_nmap_network_checks_are_errors_and_the_rest_runs(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sh").symlink_to("/bin/sh")
    out = tmp_path / "out.json"
    env = {"PATH": str(bin_dir)}  # no nmap, and not the guard either
    done = auditor("scan", "--db", str(tmp_path / "db.sqlite"), "-f", "json", "-o", str(out),
                   env=env)  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    (host,) = json.loads(out.read_text())["hosts"]
    by_id = {r["check_id"]: r for r in host["results"]}
    assert by_id["exposed_ports"]["status"] == "error"
    assert "nmap is not installed on the auditor's machine" in by_id["exposed_ports"]["message"]
    judged = [r for r in host["results"] if r["status"] in ("pass", "fail")]
    assert len(judged) > 40  # every host check still ran


def test_discover_reports_devices_missing_from_the_inventory(
    listeners: None, tmp_path: Path
) -> None:
    inv = inventory(
        tmp_path,
        "units:\n  - id: p1\n    name: Phường 1\n    networks: [127.0.57.0/28]\n"
        f"    hosts: [{{name: srv, address: {NET}.3}}]\n",
    )
    fragment, db = tmp_path / "fragment.yaml", tmp_path / "db.sqlite"
    started = time.monotonic()
    done = auditor("discover", "-i", str(inv), "--ports", "2121,2323,8082", "--db", str(db),
                   "-f", "json", "--fragment", str(fragment))  # fmt: skip
    assert time.monotonic() - started < 120
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)
    live = {d["address"]: d for d in found["devices"]}
    assert set(live) == {f"{NET}.3", f"{NET}.7"}
    assert live[f"{NET}.3"]["managed"] and not live[f"{NET}.7"]["managed"]
    assert live[f"{NET}.7"]["unit"] == "p1" and found["unmanaged"] == 1
    assert any(s.startswith("2121/tcp ftp") for s in live[f"{NET}.7"]["services"])
    entries = yaml.safe_load(fragment.read_text())["units"]
    assert entries[0]["id"] == "p1"
    assert entries[0]["devices"] == [{"name": "dev-127-0-57-7", "address": f"{NET}.7"}]
    merged = yaml.safe_load(inv.read_text())
    merged["units"][0]["devices"] = entries[0]["devices"]
    inv.write_text(yaml.safe_dump(merged, allow_unicode=True), encoding="utf-8")
    again = auditor("discover", "-i", str(inv), "--ports", "2121,2323,8082", "--db", str(db))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 unmanaged" in again.stdout


def test_discover_refuses_bad_ranges_in_one_line(tmp_path: Path) -> None:
    for target, words in (("10.0.0.0/8", "at most 65536"), ("nope", "not an address")):
        done = auditor("discover", target, "--db", str(tmp_path / "db.sqlite"))
        assert done.returncode == 2 and words in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_name_nmap_cannot_resolve_is_an_error_of_that_host_only(listeners: None) -> None:
    unknown = host_spec("ghost", "no-such-host.invalid", port=2323, host_timeout=60)
    known = host_spec("h3", f"{NET}.3", port=2323, host_timeout=60)
    scanner = NetworkScanner([unknown, known], lambda s: parse_ports("2323"))
    try:
        ghost, found = scanner.result(unknown, 60), scanner.result(known, 60)
    finally:
        scanner.close()
    assert ghost.view is None and ghost.error == "nmap could not resolve the host name"
    assert found.view is not None and [s.port for s in found.view.services] == [2323]
