"""Audit one host: connect, run the facts script once, judge every check of the profile."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from auditor.errors import UsageError
from auditor.facts import load_collectors
from auditor.facts.base import Collector, Facts, OptionValue, Target
from auditor.facts.script import build_script, new_nonce, parse_facts, started, uid_of
from auditor.inventory import HostSpec
from auditor.judge import judge
from auditor.list_files import with_lists
from auditor.local_rules import rule_collector
from auditor.network.ports import Ports, PortSpecError, parse_ports
from auditor.network.scanner import NetworkScanner
from auditor.probes import NETWORK_SCAN
from auditor.profiles import Profile
from auditor.redact import redact
from auditor.registry import Check
from auditor.results import CheckResult, HostReport
from auditor.snapshot import SNAPSHOT_FACTS, take_snapshot
from auditor.transports.base import CommandResult, Transport, TransportError, reason

IDENTITY_FACTS = ("os_release", "kernel", "clock")
NETWORK_FACTS = frozenset({NETWORK_SCAN.name, "target"})  # what a host without a login has
TransportFactory = Callable[[HostSpec], Transport]


@dataclass(frozen=True)
class ScanPlan:
    """What every host of a scan gets: the profile's checks, their parameters for each role
    (list files read), the facts they read, for each role the collector options those
    parameters set and, when a check reads ``network_scan``, the ports each role scans."""

    profile: Profile
    collectors: tuple[Collector, ...]
    network_ports: Mapping[str, Ports]  # role -> ports; empty when no check reads network_scan
    params: Mapping[tuple[str, str], Mapping[str, Any]]  # (check id, role) -> parameters
    options: Mapping[str, Mapping[str, Mapping[str, OptionValue | str]]]  # role -> fact -> option

    @classmethod
    def of(cls, profile: Profile) -> ScanPlan:
        """The collectors and probes the profile's checks read, plus those for the host's
        identity and its quarterly snapshot; a list file that cannot be read raises
        :class:`~auditor.errors.UsageError` before any host is contacted."""
        known = {
            **load_collectors(),
            **{c.name: c for c in map(rule_collector, profile.local_rules)},
        }
        facts = {f for c in profile.checks for f in c.meta.facts}
        collectors = {*IDENTITY_FACTS, *SNAPSHOT_FACTS} | (facts & known.keys())
        params = {
            (check.id, role): with_lists(check, profile.params_for(check, role))
            for check in profile.checks
            for role in profile.selection[check.id]
        }
        options = _collector_options(profile, params)
        network = {}
        if NETWORK_SCAN.name in facts:
            network = {
                role: _ports(options.get(role, {}).get(NETWORK_SCAN.name, {}))
                for role in {r for roles in profile.selection.values() for r in roles}
            }
        return cls(profile, tuple(known[n] for n in sorted(collectors)), network, params, options)

    def network_scanner(self, hosts: Sequence[HostSpec]) -> NetworkScanner | None:
        """The nmap runs for ``hosts``, started; None when no check reads ``network_scan``."""
        if not self.network_ports:
            return None
        return NetworkScanner(
            hosts, lambda spec: self.network_ports.get(spec.role, Ports(frozenset()))
        )


def is_network_check(check: Check) -> bool:
    """Whether the check is judged from the network alone (so also on hosts without a login)."""
    facts = set(check.meta.facts)
    return NETWORK_SCAN.name in facts and facts <= NETWORK_FACTS


def _ports(options: Mapping[str, OptionValue | str]) -> Ports:
    spec = str(options.get("ports", NETWORK_SCAN.options["ports"]))
    try:
        return parse_ports(spec)
    except PortSpecError as exc:
        raise UsageError("the ports of the network scan: {problem}", problem=str(exc)) from None


def _collector_options(
    profile: Profile, params: Mapping[tuple[str, str], Mapping[str, Any]]
) -> dict[str, dict[str, dict[str, OptionValue | str]]]:
    """role -> fact -> option -> value, from the parameters that set collector or probe
    options; when two checks set one option, the larger bound wins and port lists and list
    files' entries are joined (the scan serves both)."""
    options: dict[str, dict[str, dict[str, OptionValue | str]]] = {}
    for check in profile.checks:
        for name, spec in check.meta.parameters.items():
            if not spec.collector_option:
                continue
            fact, _, option = spec.collector_option.partition(".")
            for role in profile.selection[check.id]:
                chosen = options.setdefault(role, {}).setdefault(fact, {})
                value = params[check.id, role][name]
                if spec.list_file:  # the list's entries, a list that holds both when two set it
                    entries = value.entries if value is not None else ()
                    listed = chosen.get(option, ())
                    assert isinstance(listed, tuple)
                    chosen[option] = tuple(dict.fromkeys((*listed, *entries)))
                elif isinstance(spec.default, str):
                    joined = f"{chosen[option]},{value}" if option in chosen else str(value)
                    chosen[option] = joined
                else:
                    chosen[option] = max(int(chosen.get(option, 0)), int(value))
    return options


def _why_not_started(result: CommandResult, transport: Transport) -> str:
    """Why a command never printed the script's start line: the first line of its error
    output, else its deadline, the output cap, or its exit status."""
    if line := _first_line(result.stderr):
        return line
    if result.timed_out:
        return "no answer within the command deadline"
    if result.truncated:
        return f"{transport.output_cap} bytes of other output came first (the output cap)"
    return f"exit status {result.rc}"


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class HostAudit:
    """The audit of one host; ``abort`` may be called from another thread at its deadline.
    A host audited from the network alone (``network_only``), or whose login fails, gets the
    checks :func:`is_network_check` names, judged on its part of the ``network`` scan."""

    def __init__(
        self,
        spec: HostSpec,
        plan: ScanPlan,
        factory: TransportFactory,
        network: NetworkScanner | None = None,
    ):
        self.spec = spec
        self.plan = plan
        self.factory = factory
        self.network = network
        self.started_at: float | None = None
        self.transport: Transport | None = None

    def deadline(self) -> float | None:
        return None if self.started_at is None else self.started_at + self.spec.host_timeout

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def run(self) -> HostReport:
        self.started_at = time.monotonic()
        report = HostReport(self.spec, datetime.now(UTC))
        facts, logged_in = Facts(), False
        if not self.spec.network_only:
            try:
                self.transport = self.factory(self.spec)
                with self.transport as transport:
                    facts = self._gather(transport, report)
                logged_in = True
            except TransportError as exc:
                report.status, report.error = exc.status, str(exc)
            except Exception as exc:  # a broken host must never stop the scan of the others
                why = reason(exc)
                report.status = "error"
                report.error = (
                    f"the auditor failed on this host ({why}); this is a bug, please report it"
                )
        self._scan_network(facts, report)
        facts.values["target"] = self._target()
        if logged_in:
            self._identify(report, facts)
            report.snapshot = take_snapshot(facts)
        report.results = self._judge(facts, network_only=not logged_in)
        if report.error:  # a host's error output can carry anything: keep secrets out of it
            report.error = redact(report.error)
        if self.transport is not None:
            report.exec_count = self.transport.exec_count
        report.finished = datetime.now(UTC)
        return report

    def _remaining(self) -> float:
        deadline = self.deadline()
        assert deadline is not None
        return max(1.0, min(self.spec.command_timeout, deadline - time.monotonic()))

    def _gather(self, transport: Transport, report: HostReport) -> Facts:
        collectors = self.plan.collectors
        nonce = new_nonce()
        script = build_script(
            collectors, nonce, options=self.plan.options.get(self.spec.role, {})
        ).encode()
        root_reason = "the audit account is not root and sudo is not configured for this host"
        result: CommandResult | None = None
        if self.spec.sudo and self.spec.user != "root":
            result = transport.run(["sudo", "-n", "sh", "-s"], script, self._remaining())
            if not started(result.stdout, nonce):
                root_reason = f"sudo -n failed: {_why_not_started(result, transport)}"
                result = None
        if result is None:
            result = transport.run(["sh", "-s"], script, self._remaining())
        if not started(result.stdout, nonce):
            why = _why_not_started(result, transport)
            raise TransportError(f"the facts script did not run: {why}")
        report.privileged = uid_of(result.stdout, nonce) == 0
        missing = "the script stopped before this collector ran"
        if result.truncated:
            missing = f"output cap of {transport.output_cap} bytes reached before this collector"
        elif result.timed_out:
            missing = "the command deadline passed before this collector ran"
        return parse_facts(collectors, result.stdout, nonce, root_reason, missing)

    def _scan_network(self, facts: Facts, report: HostReport) -> None:
        """The host's part of the network scan, waited for no longer than its deadline."""
        if self.network is None:
            return
        deadline = self.deadline()
        assert deadline is not None
        result = self.network.result(self.spec, deadline - time.monotonic())
        if result.view is None:
            facts.errors[NETWORK_SCAN.name] = result.error
        else:
            facts.values[NETWORK_SCAN.name] = result.view
        report.network_xml = result.xml or None

    def _identify(self, report: HostReport, facts: Facts) -> None:
        os_release = facts.values.get("os_release")
        kernel = facts.values.get("kernel")
        report.os = os_release.pretty_name if os_release else None
        report.hostname = kernel.hostname if kernel else None
        report.kernel = kernel.release if kernel else None

    def _target(self) -> Target:
        s = self.spec
        return Target(
            s.name,
            s.address,
            s.role,
            s.unit_id,
            s.user,
            s.tags,
            s.roster,
            None if s.local else s.port,
        )

    def _judge(self, facts: Facts, network_only: bool) -> list[CheckResult]:
        results = []
        profile = self.plan.profile
        role = self.spec.role
        for check in profile.checks_for(role):
            if network_only and not is_network_check(check):
                continue
            outcome = judge(check, facts, self.plan.params[check.id, role])
            m = check.meta
            results.append(
                CheckResult(
                    m.id, m.area, m.severity, outcome.status, outcome.text, outcome.evidence
                )
            )
        return results
