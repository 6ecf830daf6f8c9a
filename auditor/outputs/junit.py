"""The scan as JUnit XML for CI test reports: a test suite per host, a test case per check.

``fail`` is a failure (typed by severity), ``error`` an error, ``skip`` and ``waived`` skipped;
a host that could not be audited is one erroring test case named ``host-audit``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from auditor.outputs import OutputFormat
from auditor.outputs.view import ScanView
from auditor.store.records import StoredHost, StoredResult

HOST_CASE = "host-audit"  # not a valid check id, so it cannot clash with one
# Characters XML 1.0 does not allow, lone surrogates included.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CHILD = {"fail": "failure", "error": "error", "skip": "skipped", "waived": "skipped"}


def xml_text(value: object) -> str:
    """``value`` as text XML can carry: a forbidden character becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k: xml_text(v) for k, v in attrs.items() if v is not None}
    )
    if text:
        element.text = xml_text(text)
    return element


def _seconds(value: float | None) -> str | None:
    return None if value is None else f"{max(value, 0.0):.3f}"


def _result_case(view: ScanView, suite: ET.Element, classname: str, r: StoredResult) -> None:
    case = _element(suite, "testcase", name=r.check_id, classname=classname, time="0")
    if r.status not in _CHILD:
        return
    message = view.message(r)
    if r.status == "waived":
        note = view.waiver_note(r)
        message = f"waived: {message}" + (f"; {note}" if note else "")
    kind = r.severity if r.status == "fail" else r.status
    _element(case, _CHILD[r.status], "\n".join(r.evidence), message=message, type=kind)


def _properties(view: ScanView, suite: ET.Element, host: StoredHost) -> None:
    scan = view.scan
    values = {
        "scan": scan.id,
        "profile": scan.profile,
        "quarter": scan.quarter,
        "unit": host.unit_id,
        "unit_path": " / ".join(scan.unit_path(host.unit_id)),
        "address": host.address,
        "port": host.port,
        "role": host.role,
        "owner": host.owner,
        "status": host.status,
        "os": host.os,
        "kernel": host.kernel,
        "privileged": host.privileged,
        "network_only": host.network_only,
        "not_judged": host.not_judged,
        "caveat": view.caveat(host),
    }
    props = _element(suite, "properties")
    for name, value in values.items():
        if value is not None:
            _element(props, "property", name=name, value=value)


def host_suite(view: ScanView, parent: ET.Element, host: StoredHost) -> ET.Element:
    """The test suite of one host, its counts set from its test cases."""
    statuses = [r.status for r in host.results]
    audit_error = host.status != "ok"
    suite = _element(
        parent,
        "testsuite",
        name=f"{host.unit_id}/{host.name}",
        tests=len(statuses) + audit_error,
        failures=statuses.count("fail"),
        errors=statuses.count("error") + audit_error,
        skipped=statuses.count("skip") + statuses.count("waived"),
        timestamp=host.started,
        hostname=host.hostname or host.address,
        time=_seconds(host.duration),
    )
    _properties(view, suite, host)
    classname = f"{host.unit_id}.{host.name}"
    if audit_error:
        case = _element(suite, "testcase", name=HOST_CASE, classname=classname, time="0")
        error = host.error or "the host could not be audited"
        _element(case, "error", error, message=f"{host.status}: {error}", type=host.status)
    for r in host.results:
        _result_case(view, suite, classname, r)
    return suite


def render_junit(view: ScanView) -> Iterator[str]:
    scan = view.scan
    hosts = sorted(scan.hosts, key=lambda h: (h.unit_id, h.name))
    results = [r.status for h in hosts for r in h.results]
    unaudited = sum(h.status != "ok" for h in hosts)
    root = ET.Element("testsuites")
    root.attrib.update(
        name=xml_text(f"auditor scan {scan.id} ({scan.profile}, {scan.quarter})"),
        tests=str(len(results) + unaudited),
        failures=str(results.count("fail")),
        errors=str(results.count("error") + unaudited),
    )
    for host in hosts:
        host_suite(view, root, host)
    ET.indent(root)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


FORMAT = OutputFormat("junit", (".xml",), render_junit, "JUnit XML for CI test reports")
