"""The scan as SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

A rule per check seen in the scan; a result per finding: a ``fail``, or a ``waived`` failure
carried with an external suppression. What could not be judged is reported as a tool execution
notification: a check in ``error`` (a warning tied to its rule), a host audited without root (a
warning with the number of checks it left unjudged) and a host that could not be audited (an
error). Every location is the host: ``ssh://address:port/`` as the artifact, which
code-scanning uploads require, and the unit path and host name as a logical location.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from auditor import __version__
from auditor.outputs import OutputFormat
from auditor.outputs.view import ScanView
from auditor.store.records import StoredHost, StoredResult

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub's security-severity score (0.1-10) per severity; info findings get none.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}
FINGERPRINT = "auditorHostCheck/v1"


def utc(moment: str) -> str:
    """An ISO 8601 timestamp as SARIF wants it: UTC, ending in ``Z``."""
    return datetime.fromisoformat(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def host_uri(host: StoredHost) -> str:
    """``ssh://address:port/``, or ``file://name/`` for the machine the auditor ran on."""
    if host.port == 0:
        return f"file://{host.name}/"
    try:
        ip = ipaddress.ip_address(host.address)
    except ValueError:
        return f"ssh://{host.address}:{host.port}/"
    if ip.version == 6:
        return f"ssh://[{str(ip).replace('%', '%25')}]:{host.port}/"
    return f"ssh://{ip}:{host.port}/"


def location(view: ScanView, host: StoredHost) -> dict[str, Any]:
    path = (*view.scan.unit_path(host.unit_id), host.name)
    return {
        "physicalLocation": {"artifactLocation": {"uri": host_uri(host)}},
        "logicalLocations": [
            {"name": host.name, "fullyQualifiedName": "/".join(path), "kind": "module"}
        ],
    }


def host_properties(view: ScanView, host: StoredHost) -> dict[str, Any]:
    return {
        "host": host.name,
        "address": host.address,
        "port": host.port,
        "unit": host.unit_id,
        "unit_path": list(view.scan.unit_path(host.unit_id)),
        "role": host.role,
        "host_status": host.status,
        "privileged": host.privileged,
        "network_only": host.network_only,
        "not_judged": host.not_judged,
    }


def rule(view: ScanView, first: StoredResult) -> dict[str, Any]:
    """The reporting descriptor of ``first.check_id``: area and severity as the scan recorded
    them, texts, tags and references from the catalogue when the check is still in it."""
    meta = view.meta(first.check_id)
    area, severity = first.area, first.severity
    tags = list(dict.fromkeys(["security", area, *(meta.tags if meta else [])]))
    properties: dict[str, Any] = {"area": area, "severity": severity, "tags": tags}
    if severity in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    descriptor: dict[str, Any] = {
        "id": first.check_id,
        "name": "".join(part.capitalize() for part in first.check_id.split("_")),
        "shortDescription": {"text": view.title(first.check_id)},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": properties,
    }
    if meta:
        descriptor["fullDescription"] = {"text": meta.rationale.get(view.lang)}
        descriptor["help"] = {"text": meta.remediation.get(view.lang)}
        properties["references"] = meta.references
    return descriptor


def finding(
    view: ScanView, host: StoredHost, r: StoredResult, index: dict[str, int]
) -> dict[str, Any]:
    """A ``fail`` or ``waived`` result of ``host``."""
    message = view.message(r)
    found: dict[str, Any] = {
        "ruleId": r.check_id,
        "ruleIndex": index[r.check_id],
        "kind": "fail",
        "level": LEVELS[r.severity],
        "message": {"text": message or view.title(r.check_id)},
        "locations": [location(view, host)],
        "partialFingerprints": {FINGERPRINT: f"{host.unit_id}/{host.name}/{r.check_id}"},
        "properties": {
            **host_properties(view, host),
            "severity": r.severity,
            "status": r.status,
            "evidence": list(r.evidence),
        },
    }
    if r.status == "waived":
        found["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": view.waiver_note(r) or message,
            }
        ]
    return found


def notifications(
    view: ScanView, hosts: list[StoredHost], index: dict[str, int]
) -> list[dict[str, Any]]:
    """Hosts that could not be audited or were audited without root, and checks that could not
    judge."""
    found: list[dict[str, Any]] = []
    for host in hosts:
        if host.status != "ok":
            text = f"{host.name}: {host.status}: {host.error or 'the host could not be audited'}"
            found.append(
                {
                    "level": "error",
                    "message": {"text": text},
                    "locations": [location(view, host)],
                    "properties": {**host_properties(view, host), "error": host.error},
                }
            )
        caveat = view.caveat(host)
        if caveat:
            found.append(
                {
                    "level": "warning",
                    "message": {"text": f"{host.name}: {caveat}"},
                    "locations": [location(view, host)],
                    "properties": host_properties(view, host),
                }
            )
        for r in host.results:
            if r.status == "error":
                text = f"{host.name}: {r.check_id}: {view.message(r)}"
                found.append(
                    {
                        "level": "warning",
                        "message": {"text": text},
                        "locations": [location(view, host)],
                        "associatedRule": {"id": r.check_id, "index": index[r.check_id]},
                        "properties": {
                            **host_properties(view, host),
                            "evidence": list(r.evidence),
                        },
                    }
                )
    return found


def sarif_dict(view: ScanView) -> dict[str, Any]:
    scan = view.scan
    hosts = sorted(scan.hosts, key=lambda h: (h.unit_id, h.name))
    firsts: dict[str, StoredResult] = {}
    for host in hosts:
        for r in host.results:
            firsts.setdefault(r.check_id, r)
    rules = [rule(view, firsts[check_id]) for check_id in sorted(firsts)]
    index = {descriptor["id"]: i for i, descriptor in enumerate(rules)}
    invocation: dict[str, Any] = {
        "executionSuccessful": not scan.interrupted and all(h.status == "ok" for h in hosts),
        "startTimeUtc": utc(scan.started),
        "toolExecutionNotifications": notifications(view, hosts, index),
    }
    if scan.finished:
        invocation["endTimeUtc"] = utc(scan.finished)
    results = [
        finding(view, host, r, index)
        for host in hosts
        for r in host.results
        if r.status in ("fail", "waived")
    ]
    run = {
        "tool": {"driver": {"name": "auditor", "version": __version__, "rules": rules}},
        "automationDetails": {"id": f"auditor/{scan.profile}/{scan.id}"},
        "invocations": [invocation],
        "language": view.lang,
        "results": results,
        "properties": {
            "scan": scan.id,
            "profile": scan.profile,
            "profile_digest": scan.profile_digest,
            "quarter": scan.quarter,
            "inventory": scan.inventory_path,
            "hosts_planned": scan.hosts_planned,
            "interrupted": scan.interrupted,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(view: ScanView) -> Iterator[str]:
    yield json.dumps(sarif_dict(view), ensure_ascii=False, indent=2) + "\n"


FORMAT = OutputFormat("sarif", (".sarif",), render_sarif, "SARIF 2.1.0 for code scanning")
