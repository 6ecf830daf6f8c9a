"""Build the report directory: the báo cáo and each unit's biên bản in every language and format
asked, the scan data behind them, SHA256SUMS over all of it, and its signature."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from auditor.errors import UsageError
from auditor.outputs.json_out import scan_dict
from auditor.outputs.requirements import rollup_dict
from auditor.outputs.view import ScanView
from auditor.registry import Check
from auditor.report.data import ReportData, inspected_units, record_hosts
from auditor.report.render import context, render_annex, render_record, render_report
from auditor.report.signing import key_id, sign_file, write_checksums

FORMATS = ("html", "pdf")
PUBLIC_KEY = "auditor.pub"


@dataclass(frozen=True)
class Signer:
    """The key pair that signs the report; the public half is copied beside it."""

    secret: Path
    public: Path


def write_pdf(html: str, path: Path) -> None:
    """HTML to PDF with WeasyPrint, the same bytes for the same HTML (fixed document id).

    WeasyPrint is imported here: it needs Pango, which scanning does not."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(path, pdf_identifier=b"auditor-report", uncompressed_pdf=False)


def _write(
    html: str, stem: Path, formats: Sequence[str], pdfs: list[tuple[str, Path]]
) -> list[Path]:
    """Write the HTML now; queue the PDF in ``pdfs``."""
    written = []
    if "html" in formats:
        path = stem.with_name(f"{stem.name}.html")
        path.write_text(html, encoding="utf-8")
        written.append(path)
    if "pdf" in formats:
        path = stem.with_name(f"{stem.name}.pdf")
        pdfs.append((html, path))
        written.append(path)
    return written


def _pdf_worker(html: str, path: Path, report: Connection) -> None:
    """In a forked child: one PDF, and the reason on ``report`` if it fails."""
    try:
        write_pdf(html, path)
    except Exception as exc:  # told to the parent, which stops the build
        report.send(f"{type(exc).__name__}: {exc}")
        raise SystemExit(1) from None
    report.send("")


def _convert(pdfs: Sequence[tuple[str, Path]]) -> None:
    """The queued PDFs, longest first, one forked process per document and at most one per
    core at a time, so that the memory WeasyPrint takes for a long document is given back.
    Processes are forked from this thread only (a pool's worker threads forking while it shuts
    down can leave a child waiting forever on the pool's queue lock)."""
    if len(pdfs) <= 1:
        for html, path in pdfs:
            write_pdf(html, path)
        return
    import weasyprint  # noqa: F401  (loaded once here, shared by the forked workers)

    context = multiprocessing.get_context("fork")
    todo = sorted(pdfs, key=lambda job: len(job[0]), reverse=True)
    running: dict[int, tuple[Any, Connection, Path]] = {}
    failures: list[str] = []
    while todo or running:
        while todo and len(running) < (os.cpu_count() or 1) and not failures:
            html, path = todo.pop(0)
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_pdf_worker, args=(html, path, send), daemon=True)
            child.start()
            send.close()
            running[child.sentinel] = (child, receive, path)
        if not running:
            break
        for sentinel in wait(list(running)):
            child, receive, path = running.pop(sentinel)  # type: ignore[index]
            try:
                reason = receive.recv() if receive.poll() else ""
            except EOFError:
                reason = ""
            child.join()
            receive.close()
            if child.exitcode != 0:
                failures.append(f"{path.name}: {reason or f'exit status {child.exitcode}'}")
    if failures:
        raise UsageError("PDF conversion failed: {reasons}", reasons=failures)


def build_report(
    data: ReportData,
    catalogue: Mapping[str, Check],
    out: Path,
    langs: Sequence[str],
    formats: Sequence[str],
    signer: Signer | None,
    split_annex: bool,
) -> list[Path]:
    """Write the report directory ``out``; the paths written, SHA256SUMS and signature last."""
    if out.exists() and any(out.iterdir()):
        raise UsageError("output directory {out} is not empty", out=out)
    out.mkdir(parents=True, exist_ok=True)
    label = data.period.label
    key = key_id(signer.public) if signer else None
    written: list[Path] = []
    pdfs: list[tuple[str, Path]] = []
    units = inspected_units(data)
    covered = record_hosts(data)
    for lang in langs:
        shared = context(data, catalogue, lang)
        if split_annex:
            annex = ""
            for unit in units:
                page = render_annex(data, shared, unit, covered[unit.id])
                written += _write(page, out / f"phu-luc-{label}-{unit.id}.{lang}", formats, pdfs)
        else:
            annex = render_annex(data, shared)
        report = render_report(data, shared, annex, key)
        written += _write(report, out / f"bao-cao-{label}.{lang}", formats, pdfs)
        for unit in units:
            record = render_record(data, shared, unit, covered[unit.id])
            written += _write(record, out / f"bien-ban-{label}-{unit.id}.{lang}", formats, pdfs)
    _convert(pdfs)
    written.append(_write_data(data, catalogue, out / f"du-lieu-{label}.json"))
    if signer is not None:
        shutil.copyfile(signer.public, out / PUBLIC_KEY)
        written.append(out / PUBLIC_KEY)
    sums = write_checksums(out, sorted(p.name for p in written))
    written.append(sums)
    if signer is not None:
        comment = f"auditor report {label} scans {','.join(map(str, data.scan_ids))}"
        written.append(sign_file(signer.secret, sums, comment))
    return written


def _write_data(data: ReportData, catalogue: Mapping[str, Check], path: Path) -> Path:
    """The scan data behind the documents: the merged scan and its roll-up, in English."""
    view = ScanView.of(data.scan, catalogue, "en")
    doc = {
        "period": data.period.label,
        "scans": data.scan_ids,
        "scan": scan_dict(view),
        "rollup": rollup_dict(data.rollup, "en"),
        "answers": [a.__dict__ for a in data.answers],
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(text + "\n", "utf-8")
    return path
