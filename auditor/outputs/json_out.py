"""The scan as JSON, in the shape documented by docs/scan-result.schema.json."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from auditor import __version__
from auditor.results import HostReport, ScanInfo, iso

SCHEMA_VERSION = 1


def host_dict(report: HostReport) -> dict[str, Any]:
    s = report.spec
    return {
        "name": s.name,
        "address": s.address,
        "port": s.port,
        "unit": s.unit_id,
        "unit_name": s.unit_name,
        "unit_path": list(s.unit_path),
        "role": s.role,
        "owner": s.owner,
        "tags": list(s.tags),
        "status": report.status,
        "error": report.error,
        "hostname": report.hostname,
        "os": report.os,
        "kernel": report.kernel,
        "privileged": report.privileged,
        "started": iso(report.started),
        "finished": iso(report.finished),
        "results": [
            {
                "check_id": r.check_id,
                "title": r.title,
                "area": r.area,
                "severity": r.severity,
                "status": r.status,
                "message": r.message,
                "evidence": list(r.evidence),
            }
            for r in report.results
        ],
    }


def scan_dict(scan: ScanInfo, reports: Sequence[HostReport]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "scan": {
            "id": scan.id,
            "started": iso(scan.started),
            "finished": iso(scan.finished),
            "profile": scan.profile,
            "quarter": scan.quarter,
            "inventory": scan.inventory_path,
            "inventory_digest": scan.inventory_digest,
            "interrupted": scan.interrupted,
        },
        "hosts": [
            host_dict(r) for r in sorted(reports, key=lambda r: (r.spec.unit_id, r.spec.name))
        ],
    }


def render_json(scan: ScanInfo, reports: Sequence[HostReport]) -> str:
    return json.dumps(scan_dict(scan, reports), ensure_ascii=False, indent=2) + "\n"
