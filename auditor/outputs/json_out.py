"""The scan as JSON, in the shape documented by docs/scan-result.schema.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from auditor import __version__
from auditor.outputs import OutputFormat
from auditor.outputs.view import ScanView
from auditor.rollup import score
from auditor.store.records import StoredHost

SCHEMA_VERSION = 4


def host_dict(view: ScanView, host: StoredHost) -> dict[str, Any]:
    unit = view.scan.unit(host.unit_id)
    return {
        "name": host.name,
        "address": host.address,
        "port": host.port,
        "unit": host.unit_id,
        "unit_name": unit.name if unit else host.unit_id,
        "unit_path": list(view.scan.unit_path(host.unit_id)),
        "role": host.role,
        "owner": host.owner,
        "tags": list(host.tags),
        "status": host.status,
        "error": host.error,
        "hostname": host.hostname,
        "os": host.os,
        "kernel": host.kernel,
        "privileged": host.privileged,
        "network_only": host.network_only,
        "not_judged": host.not_judged,
        "caveat": view.caveat(host),
        "exec_count": host.exec_count,
        "started": host.started,
        "finished": host.finished,
        "duration": host.duration,
        "snapshot": host.snapshot.to_json() if host.snapshot else None,
        "results": [
            {
                "check_id": r.check_id,
                "title": view.title(r.check_id),
                "area": r.area,
                "severity": r.severity,
                "status": r.status,
                "message": view.message(r),
                "message_template": r.message.template,
                "message_args": r.message.to_json()["args"],
                "evidence": list(r.evidence),
                "original_status": r.original_status,
                "waiver": r.waiver,
                "waiver_note": view.waiver_note(r),
            }
            for r in host.results
        ],
    }


def scan_dict(view: ScanView) -> dict[str, Any]:
    """The whole document as one dict (the report embeds it)."""
    return {**scan_head(view), "hosts": list(HostDicts(view))}


class HostDicts:
    """The hosts' dicts in document order, made afresh on each pass and never all held."""

    def __init__(self, view: ScanView) -> None:
        self.view = view

    def __iter__(self) -> Iterator[dict[str, Any]]:
        hosts = sorted(self.view.scan.hosts, key=lambda h: (h.unit_id, h.name))
        return (host_dict(self.view, h) for h in hosts)


def scan_head(view: ScanView) -> dict[str, Any]:
    """The document without its hosts."""
    scan = view.scan
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "lang": view.lang,
        "scan": {
            "id": scan.id,
            "started": scan.started,
            "finished": scan.finished,
            "profile": scan.profile,
            "profile_digest": scan.profile_digest,
            "quarter": scan.quarter,
            "inventory": scan.inventory_path,
            "inventory_digest": scan.inventory_digest,
            "tool_version": scan.tool_version,
            "hosts_planned": scan.hosts_planned,
            "interrupted": scan.interrupted,
            "score": {
                "with_waivers": score(scan, with_waivers=True),
                "without_waivers": score(scan, with_waivers=False),
            },
            "waivers": scan.waivers,
        },
        "units": [
            {"id": u.id, "name": u.name, "parent": u.parent_id, "owner": u.owner}
            for u in scan.units
        ],
    }


def render_json(view: ScanView) -> Iterator[str]:
    """The document of :func:`scan_dict`, written host by host."""
    head = json.dumps(scan_head(view), ensure_ascii=False, indent=2)
    yield head[: head.rindex("}")].rstrip() + ',\n  "hosts": ['
    for i, host in enumerate(HostDicts(view)):
        text = json.dumps(host, ensure_ascii=False, indent=2)
        yield ("," if i else "") + "\n    " + text.replace("\n", "\n    ")
    yield "\n  ]\n}\n"


FORMAT = OutputFormat("json", (".json",), render_json, "JSON (docs/scan-result.schema.json)")
