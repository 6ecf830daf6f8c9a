import os
import sys
import time
from pathlib import Path

import pytest

from auditor.network.ports import parse_ports
from auditor.network.scanner import NetworkScanner, _batches
from tests.specs import host_spec

PORTS = {"server": parse_ports("22,443"), "terminal": parse_ports("80")}


def specs(count: int, role: str, base: int = 1) -> list:
    return [host_spec(f"{role}{i}", f"127.0.60.{base + i}", role=role, port=2222,
                      host_timeout=120) for i in range(count)]  # fmt: skip


def test_hosts_are_grouped_by_the_ports_of_their_role_then_cut_into_batches():
    hosts = specs(5, "server") + specs(2, "terminal", base=50)
    batches = _batches(hosts, lambda s: PORTS[s.role], size=2)
    assert [len(b.addresses) for b in batches] == [2, 2, 1, 2]
    assert all(2222 in b.ports.tcp for b in batches)  # each host's SSH port is scanned too
    assert {443} <= batches[0].ports.tcp and 443 not in batches[-1].ports.tcp
    assert batches[0].host_timeout == 120


def test_two_entries_with_one_address_are_scanned_once():
    one, two = host_spec("a", "127.0.60.9"), host_spec("b", "127.0.60.9", port=2200)
    (batch,) = _batches([one, two], lambda s: PORTS["server"], size=10)
    assert batch.addresses == ("127.0.60.9",) and {22, 2200} <= batch.ports.tcp


def test_a_local_audit_scans_the_machines_own_loopback():
    local = host_spec("this", "localhost", local=True)
    (batch,) = _batches([local], lambda s: PORTS["server"], size=10)
    assert batch.addresses == ("127.0.0.1",)


def test_hosts_with_another_deadline_get_a_batch_of_their_own():
    quick = host_spec("quick", "127.0.60.90", host_timeout=45)
    hosts = [*specs(3, "server"), quick]
    batches = _batches(hosts, lambda s: PORTS["server"], size=10)
    assert sorted((b.addresses, b.host_timeout) for b in batches) == [
        (("127.0.60.1", "127.0.60.2", "127.0.60.3"), 120),
        (("127.0.60.90",), 45),
    ]


def test_a_batch_keeps_the_order_of_the_inventory():
    hosts = [host_spec(f"h{i}", f"127.0.60.{i}") for i in (30, 4, 100, 7)]
    (batch,) = _batches(hosts, lambda s: PORTS["server"], size=10)
    assert batch.addresses == ("127.0.60.30", "127.0.60.4", "127.0.60.100", "127.0.60.7")


RUN = (Path(__file__).resolve().parents[2] / "data" / "network" / "ssh_legacy.xml").read_text()
HEAD = RUN[: RUN.index("<host ")]
FIRST_HOST = RUN[RUN.index("<host ") : RUN.index("<runstats>")]


@pytest.fixture
def fake_nmap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Put first on PATH an ``nmap`` that answers ``-V`` as nmap does and otherwise runs the
    Python lines it is given (``out`` writes to its stdout): it scans nothing."""

    def install(lines: str) -> None:
        program = tmp_path / "nmap"
        program.write_text(
            f"#!{sys.executable}\nimport sys, time\n"
            "if sys.argv[1:] == ['-V']:\n"
            "    print('Nmap version 7.93 ( https://nmap.org )')\n"
            "    sys.exit(0)\n"
            "def out(text):\n"
            "    sys.stdout.write(text)\n"
            "    sys.stdout.flush()\n" + lines
        )
        program.chmod(0o755)
        monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")

    return install


def two_hosts() -> list:
    return [host_spec(f"h{i}", f"127.0.11.{i}", port=2222, host_timeout=10) for i in (1, 2)]


def scan(hosts: list, timeout: float = 20) -> list:
    scanner = NetworkScanner(hosts, lambda s: PORTS["server"], udp=False)
    try:
        return [scanner.result(h, timeout) for h in hosts]
    finally:
        scanner.close()


def test_a_host_has_its_result_as_soon_as_nmap_reports_it(fake_nmap):
    fake_nmap(f"out({HEAD!r} + {FIRST_HOST!r})\ntime.sleep(60)\n")
    first, second = two_hosts()
    scanner = NetworkScanner([first, second], lambda s: PORTS["server"], udp=False)
    try:
        began = time.monotonic()
        found = scanner.result(first, 20)
        assert found.view is not None and found.view.services[0].port == 2222
        assert time.monotonic() - began < 20
        waited = scanner.result(second, 0.3)
        assert waited.view is None and "did not finish within" in waited.error
    finally:
        scanner.close()
    assert scanner.result(second, 5).error == "the network scan was stopped"


def test_output_that_is_not_xml_fails_every_address_with_nmaps_words(fake_nmap):
    fake_nmap("sys.stderr.write('Failed to open device lo\\n')\nsys.exit(1)\n")
    assert {r.error for r in scan(two_hosts())} == {"nmap failed: Failed to open device lo"}


def test_broken_xml_after_a_host_keeps_that_host_and_fails_the_rest(fake_nmap):
    fake_nmap(f"out({HEAD!r} + {FIRST_HOST!r} + '<host><oops></host>')\n")
    kept, failed = scan(two_hosts())
    assert kept.view is not None and kept.error == ""
    assert failed.view is None and failed.error.startswith("nmap failed: invalid XML")


def test_a_run_past_its_deadline_is_stopped_and_says_so(fake_nmap, monkeypatch):
    monkeypatch.setattr("auditor.network.scanner.SLACK_SECONDS", -9)  # 10 s at least, less 9
    fake_nmap(f"out({HEAD!r} + {FIRST_HOST!r})\ntime.sleep(60)\n")
    began = time.monotonic()
    kept, stopped = scan(two_hosts())
    assert kept.view is not None
    assert stopped.error == "nmap did not finish within 1s"
    assert time.monotonic() - began < 10
