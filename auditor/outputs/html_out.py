"""The scan as a standalone HTML page, rendered from reports/scan.html.j2."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.outputs import OutputFormat
from auditor.outputs.inert import finalize
from auditor.outputs.json_out import HostDicts, scan_head
from auditor.outputs.view import ScanView
from auditor.resources import builtin_dir

LABELS = {
    "vi": {
        "title": "Kết quả kiểm tra an toàn thông tin",
        "scan": "Lượt quét",
        "quarter": "Quý",
        "profile": "Hồ sơ",
        "hosts": "Thiết bị",
        "unit": "Đơn vị",
        "host": "Thiết bị",
        "address": "Địa chỉ",
        "role": "Vai trò",
        "status": "Trạng thái",
        "check": "Kiểm tra",
        "severity": "Mức độ",
        "message": "Kết quả",
        "evidence": "Bằng chứng",
    },
    "en": {
        "title": "Security audit results",
        "scan": "Scan",
        "quarter": "Quarter",
        "profile": "Profile",
        "hosts": "Hosts",
        "unit": "Unit",
        "host": "Host",
        "address": "Address",
        "role": "Role",
        "status": "Status",
        "check": "Check",
        "severity": "Severity",
        "message": "Result",
        "evidence": "Evidence",
    },
}


def render_html(view: ScanView) -> Iterator[str]:
    """The page, written host by host. Jinja is imported here: the CLI registers every format
    at start-up, and a scan that writes no HTML should not wait for it."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(builtin_dir("reports")),
        autoescape=select_autoescape(["html", "j2"]),
        finalize=finalize,
    )
    return env.get_template("scan.html.j2").generate(
        scan=scan_head(view)["scan"], hosts=HostDicts(view), t=LABELS[view.lang], lang=view.lang
    )


FORMAT = OutputFormat("html", (".html", ".htm"), render_html, "a standalone HTML page")
