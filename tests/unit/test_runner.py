import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from auditor.audit import ScanPlan
from auditor.inventory import HostSpec
from auditor.profiles import Profile, load_profile
from auditor.registry import load_checks
from auditor.results import HostReport
from auditor.runner import BACKLOG, run_scan
from auditor.transports.base import CommandResult, Transport
from tests.specs import host_spec


def spec(name: str, host_timeout: float = 60) -> HostSpec:
    return host_spec(name, host_timeout=host_timeout)


class ShellAfterDelay(Transport):
    """Runs the script on this machine after ``delay`` seconds; tracks concurrent runs."""

    running = 0
    peak = 0
    lock = threading.Lock()

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def run(self, argv: Sequence[str], stdin: bytes | None, timeout: float) -> CommandResult:
        self.exec_count += 1
        with self.lock:
            ShellAfterDelay.running += 1
            ShellAfterDelay.peak = max(ShellAfterDelay.peak, ShellAfterDelay.running)
        try:
            time.sleep(self.delay)
            proc = subprocess.run(list(argv), input=stdin, capture_output=True, check=False)
            return CommandResult(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
        finally:
            with self.lock:
                ShellAfterDelay.running -= 1


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    """One cheap check, so that timings measure the runner and not the catalogue."""
    path = tmp_path / "one.yaml"
    path.write_text("id: one\ntitle: {vi: Một, en: One}\ninclude: {ids: [ssh_root_login]}\n")
    return load_profile(str(path), load_checks())


def test_hosts_are_reported_as_each_finishes_with_bounded_concurrency(profile):
    delays = {"slow": 3.0, "fast1": 0.1, "fast2": 0.1, "fast3": 0.1}
    done: list[tuple[str, float]] = []
    began = time.monotonic()

    reports: list[HostReport] = []

    def on_done(report: HostReport) -> None:
        done.append((report.spec.name, time.monotonic() - began))
        reports.append(report)

    run_scan(
        [spec(n) for n in delays],
        ScanPlan.of(profile),
        lambda s: ShellAfterDelay(delays[s.name]),
        2,
        on_done,
    )
    assert {r.spec.name: r.status for r in reports} == dict.fromkeys(delays, "ok")
    assert done[-1][0] == "slow"
    assert all(t < 2.0 for name, t in done if name != "slow")
    assert ShellAfterDelay.peak == 2
    assert all(r.exec_count == 1 for r in reports)


class Connected(ShellAfterDelay):
    """A host that says when the runner has asked for its transport."""

    def __init__(self, delay: float, asked: threading.Event) -> None:
        super().__init__(delay)
        asked.set()


def test_the_hosts_start_before_the_main_thread_does_its_meanwhile_work(profile):
    asked = threading.Event()
    order: list[str] = []

    def meanwhile() -> None:  # as the scan service opens its store
        order.append("started" if asked.wait(10) else "not started")

    reports: list[HostReport] = []
    run_scan(
        [spec("h")], ScanPlan.of(profile), lambda s: Connected(0.5, asked), 1, reports.append,
        meanwhile=meanwhile,
    )  # fmt: skip
    assert order == ["started"]
    assert [r.status for r in reports] == ["ok"]


def test_failing_meanwhile_work_stops_the_scan_and_hands_on_no_host(profile):
    class NoStore(Exception):
        pass

    def meanwhile() -> None:
        raise NoStore

    before = set(threading.enumerate())
    reports: list[HostReport] = []
    began = time.monotonic()
    with pytest.raises(NoStore):
        run_scan(
            [spec(f"h{i}") for i in range(6)], ScanPlan.of(profile),
            lambda s: ShellAfterDelay(5.0), 2, reports.append, meanwhile=meanwhile,
        )  # fmt: skip
    assert reports == []
    assert time.monotonic() - began < 2
    deadline = time.monotonic() + 10
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.1)  # the two audits in flight end their sleep; none waits for room
    assert set(threading.enumerate()) - before == set()


def test_a_host_past_its_deadline_is_abandoned_without_holding_up_others(profile):
    delays = {"stuck": 30.0, "fine": 0.1}
    began = time.monotonic()
    reports: list[HostReport] = []
    handed = run_scan(
        [spec("stuck", host_timeout=1), spec("fine")],
        ScanPlan.of(profile),
        lambda s: ShellAfterDelay(delays[s.name]),
        4,
        reports.append,
    )
    assert handed == 2
    by_name = {r.spec.name: r for r in reports}
    assert by_name["fine"].status == "ok"
    assert by_name["stuck"].status == "error"
    assert "deadline of 1s exceeded" in (by_name["stuck"].error or "")
    assert time.monotonic() - began < 15


def test_hosts_never_get_further_ahead_of_the_storing_thread_than_the_backlog(profile):
    """With a slow ``on_done`` (a store that cannot keep up), no more than BACKLOG times the
    concurrency hosts are ever started and not yet handed on; all are handed on in the end."""
    started: list[str] = []
    handed: list[str] = []
    ahead: list[int] = []
    lock = threading.Lock()

    class Counting(ShellAfterDelay):
        def run(self, argv: Sequence[str], stdin: bytes | None, timeout: float) -> CommandResult:
            with lock:
                started.append(argv[0])
                ahead.append(len(started) - len(handed))
            return super().run(argv, stdin, timeout)

    def on_done(report: HostReport) -> None:
        time.sleep(0.15)
        with lock:
            handed.append(report.spec.name)

    count = run_scan(
        [spec(f"h{i}") for i in range(16)], ScanPlan.of(profile), lambda s: Counting(0.01), 2,
        on_done,
    )  # fmt: skip
    assert count == 16 and len(handed) == 16
    assert max(ahead) <= BACKLOG * 2
    assert max(ahead) > 2  # finished hosts did wait for the storing thread, up to the backlog


def test_a_scan_stopped_at_once_leaves_no_thread_waiting_for_room(profile):
    """A second signal (here: the store raising) while hosts wait for room: every audit thread
    ends, none is left waiting (the interpreter would wait for it at exit)."""

    def on_done(report: HostReport) -> None:
        time.sleep(0.5)  # the worker meanwhile takes the next hosts until the room is full
        raise KeyboardInterrupt

    earlier = set(threading.enumerate())  # other tests' abandoned hosts may still be running
    with pytest.raises(KeyboardInterrupt):
        run_scan(
            [spec(f"h{i}") for i in range(8)], ScanPlan.of(profile),
            lambda s: ShellAfterDelay(0.01), 1, on_done,
        )  # fmt: skip
    deadline = time.monotonic() + 10
    while ours := [t.name for t in set(threading.enumerate()) - earlier]:
        assert time.monotonic() < deadline, ours
        time.sleep(0.05)
