"""Render the report (báo cáo) and the per-unit records (biên bản) as self-contained HTML from
``reports/`` templates, in one language; every string through the catalogs, everything that came
from a host escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from auditor import __version__
from auditor.i18n import translator
from auditor.inventory import UnitNode
from auditor.metadata import AREAS, SEVERITIES
from auditor.outputs.inert import finalize
from auditor.outputs.view import ScanView
from auditor.registry import Check
from auditor.report import charts
from auditor.report.data import Remedy, ReportData
from auditor.report.formats import long_date, percent, period_name, points, short_date, timestamp
from auditor.resources import builtin_dir
from auditor.rollup import STATES, UnitState, combine, score
from auditor.store.records import StoredHost


def _names(_: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """Labels of the values the templates show, in the language of ``_``."""
    return {
        "state_names": {
            "met": _("met"),
            "met_with_waivers": _("met with waivers"),
            "not_met": _("not fully met"),
            "not_assessed": _("not assessed"),
            "not_applicable": _("not applicable"),
        },
        "severity_names": {
            "critical": _("critical"),
            "high": _("high"),
            "medium": _("medium"),
            "low": _("low"),
            "info": _("info"),
        },
        "status_names": {
            "pass": _("pass"),
            "fail": _("fail"),
            "error": _("error"),
            "skip": _("skip"),
            "waived": _("waived"),
        },
        "change_names": {
            "new": _("new"),
            "resolved": _("resolved"),
            "changed": _("changed"),
            "persisting": _("persisting"),
            "added": _("added"),
            "removed": _("removed"),
        },
        "snapshot_names": {
            "account": _("account"),
            "uid0": _("UID 0 account"),
            "sudo": _("sudo right"),
            "key": _("SSH key"),
            "service": _("listening service"),
            "os": _("OS release"),
            "packages": _("installed packages"),
        },
        "area_names": {
            "patching": _("patching"),
            "logging": _("logging"),
            "credentials": _("credentials"),
            "network": _("network"),
            "system": _("system"),
        },
        "role_names": {"server": _("server"), "terminal": _("terminal"), "device": _("device")},
        "host_status_names": {
            "ok": _("audited"),
            "unreachable": _("unreachable"),
            "auth_failed": _("login refused"),
            "error": _("error"),
        },
    }


def _plan_fields(_: Callable[[str], str]) -> dict[str, str]:
    """What an inspection plan gives, as the report names it when it is missing."""
    return {
        "plan": _("inspection plan"),
        "agency": _("issuing body"),
        "place": _("place"),
        "date": _("date of the documents"),
        "decision": _("inspection decision"),
        "team": _("inspection team"),
        "period": _("inspection period"),
        "deadlines": _("deadlines"),
    }


SHORTLIST = 12  # host names listed in a cell before "(+N more)"
EVIDENCE_LINES = 8  # lines of a finding's example evidence in a record; the annex has all


def shortlist(names: Sequence[str], more: str) -> str:
    """Names joined with commas, the first few only, then how many more."""
    shown = ", ".join(names[:SHORTLIST])
    rest = len(names) - SHORTLIST
    return f"{shown} {more.format(count=rest)}" if rest > 0 else shown


@dataclass(frozen=True)
class Row:
    """A check's finding or remedy over several hosts, as one table row."""

    check_id: str
    severity: str
    hosts: list[str]
    kind: str = ""
    owner: str = ""
    due: date | None = None
    checks: list[str] = field(default_factory=list)


def change_rows(data: ReportData) -> list[Row]:
    """New, resolved and changed findings by check, with the hosts."""
    rows: dict[tuple[str, str, str], Row] = {}
    for f in data.diff.findings if data.diff else ():
        if f.kind != "persisting":
            key = (f.kind, f.check_id, f.severity)
            rows.setdefault(key, Row(f.check_id, f.severity, [], kind=f.kind)).hosts.append(f.host)
    return list(rows.values())


def owner_rows(remedies: Sequence[Remedy]) -> list[Row]:
    """The city-wide remediation plan: by owner and severity, the checks, hosts and due date."""
    rows: dict[tuple[str, str], Row] = {}
    for r in remedies:
        row = rows.setdefault(
            (r.owner, r.result.severity), Row("", r.result.severity, [], owner=r.owner, due=r.due)
        )
        row.hosts.append(r.host.name)
        if r.result.check_id not in row.checks:
            row.checks.append(r.result.check_id)
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    return sorted(rows.values(), key=lambda row: (row.owner, order[row.severity]))


def remedy_rows(remedies: Sequence[Remedy]) -> list[Row]:
    """The remediation plan by owner and check, with the hosts and the due date."""
    rows: dict[tuple[str, str, date | None], Row] = {}
    for r in remedies:
        key = (r.owner, r.result.check_id, r.due)
        row = rows.setdefault(
            key, Row(r.result.check_id, r.result.severity, [], owner=r.owner, due=r.due)
        )
        row.hosts.append(r.host.name)
    return list(rows.values())


@cache
def environment(lang: str) -> Environment:
    """The templates in ``lang``, compiled once for every document of that language."""
    env = Environment(
        loader=FileSystemLoader(builtin_dir("reports")),
        autoescape=select_autoescape(["html", "j2"]),
        finalize=finalize,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    _ = translator(lang)
    env.install_gettext_callables(gettext=_, ngettext=lambda s, p, n: _(s if n == 1 else p))  # type: ignore[attr-defined]
    env.filters.update(
        shortlist=partial(shortlist, more=_("(+{count} more)")),
        long_date=partial(long_date, lang=lang),
        short_date=partial(short_date, lang=lang),
        percent=partial(percent, lang=lang),
        points=partial(points, lang=lang),
        timestamp=partial(timestamp, lang=lang),
    )
    return env


def _area_shares(data: ReportData) -> list[tuple[str, float | None]]:
    counts: dict[str, Counter[str]] = {a: Counter() for a in AREAS}
    for host in data.scan.hosts:
        for r in host.results:
            counts[r.area][r.status] += 1
    shares = []
    for area in AREAS:
        c = counts[area]
        judged = c["pass"] + c["fail"] + c["waived"]
        shares.append((area, (c["pass"] + c["waived"]) / judged if judged else None))
    return shares


def context(data: ReportData, catalogue: Mapping[str, Check], lang: str) -> dict[str, Any]:
    """What every document of one language shows: labels, formatters, charts, the plan."""
    _ = translator(lang)
    names = _names(_)
    view = ScanView.of(data.scan, catalogue, lang)
    scan = data.scan
    value = partial(percent, lang=lang)
    paths = {u.id: " / ".join(scan.unit_path(u.id)) for u in scan.units}
    ranked = [(s.unit.name, s.requirements_met) for s in data.standings]
    content = scan.profile_content or {}
    return {
        **names,
        "lang": lang,
        "css": (builtin_dir("reports") / "report.css").read_text(encoding="utf-8"),
        "plan": data.plan,
        "issued": data.issued,
        "scan": scan,
        "period_name": period_name(data.period.label, lang),
        "previous_name": period_name(data.period.previous().label, lang),
        "coverage": data.coverage(),
        "missing": [_plan_fields(_)[m] for m in data.missing],
        "unit_paths": paths,
        "title": view.title,
        "message": view.message,
        "waiver_note": view.waiver_note,
        "caveat": view.caveat,
        "remediation_text": lambda cid: m.remediation.get(lang) if (m := view.meta(cid)) else "",
        "profile_title": (content.get("title") or {}).get(lang, scan.profile),
        "version": __version__,
        "charts": {
            "units": charts.bar_chart(
                ranked, title=_("Requirements met by unit"), value_text=value
            ),
            "areas": charts.bar_chart(
                [(names["area_names"][a], v) for a, v in _area_shares(data)],
                title=_("Checks passing by area"),
                value_text=value,
            ),
            "trend": charts.trend_chart(
                [period_name(label, lang) for label in data.trend.labels],
                data.trend.series,
                title=_("Requirements met, last four periods"),
                value_text=value,
            ),
        },
    }


def _requirement_rows(
    data: ReportData,
    groups: Sequence[Mapping[str, UnitState]],
    hosts: Sequence[StoredHost],
    lang: str,
) -> list[dict[str, Any]]:
    """Each requirement over ``groups`` (a roll-up per unit or per record), with the failing
    ones of ``hosts``."""
    r = data.rollup
    rows = []
    for req in r.requirements:
        states = [g[req.id] for g in groups]
        counts: Counter[str] = Counter()
        for s in states:
            counts.update(s.counts)
        failing = sorted(h.name for h in hosts if r.hosts[h.name][req.id].state == "not_met")
        rows.append(
            {
                "id": req.id,
                "title": req.title.get(lang, req.id),
                "clause": req.clause,
                "manual": req.manual,
                "state": combine(s.state for s in states),
                "counts": {s: counts[s] for s in STATES},
                "failing": failing,
            }
        )
    return rows


def render_report(data: ReportData, shared: dict[str, Any], annex: str, key: str | None) -> str:
    """The report for the whole scope, in the language of ``shared`` (see :func:`context`)."""
    lang = shared["lang"]
    tops = [data.rollup.units[u.id] for u in data.scan.top_units()]
    severity = Counter(f.severity for f in data.findings for _ in f.hosts)
    answers: dict[str, list[Any]] = {}
    for a in data.answers:
        answers.setdefault(a.requirement_id, []).append(a)
    overall = {
        "with": percent(_overall(data), lang),
        "without": percent(_overall(data, waivers=False), lang),
        "checks_with": percent(score(data.scan, True), lang),
        "checks_without": percent(score(data.scan, False), lang),
    }
    return (
        environment(lang)
        .get_template("bao-cao.html.j2")
        .render(
            **shared,
            standings=data.standings,
            requirements=_requirement_rows(data, tops, data.scan.hosts, lang),
            findings=data.findings,
            diff=data.diff,
            remediation=owner_rows(data.remediation),
            change_rows=change_rows(data),
            waivers_in_force=data.waivers("in_force"),
            waivers_expired=data.waivers("expired"),
            answers_by_requirement=answers,
            severity_counts=[(s, severity[s]) for s in reversed(SEVERITIES) if severity[s]],
            overall=overall,
            annex=annex,
            key_id=key,
            scan_ids=", ".join(str(i) for i in data.scan_ids),
        )
    )


def _overall(data: ReportData, waivers: bool = True) -> float | None:
    """Share of requirements met across the top units (waived ones counted unless told)."""
    met = assessed = 0
    for unit in data.scan.top_units():
        totals = data.rollup.totals(unit.id)
        met += totals["met"] + (totals["met_with_waivers"] if waivers else 0)
        assessed += (
            totals["met"] + totals["met_with_waivers"] + totals["not_met"] + totals["not_assessed"]
        )
    return met / assessed if assessed else None


def render_annex(
    data: ReportData,
    shared: dict[str, Any],
    unit: UnitNode | None = None,
    hosts: Sequence[StoredHost] = (),
) -> str:
    """Results by host: a fragment for the report's annex, or with ``unit`` a page of its own
    for the ``hosts`` of that unit's record."""
    template = "report-annex.html.j2" if unit is None else "phu-luc.html.j2"
    shown = data.scan.hosts if unit is None else hosts
    env = environment(shared["lang"])
    return env.get_template(template).render(**shared, hosts=shown, unit=unit)


def render_record(
    data: ReportData, shared: dict[str, Any], unit: UnitNode, hosts: Sequence[StoredHost]
) -> str:
    """The biên bản of one unit, over the ``hosts`` of its record (see ``record_hosts``)."""
    lang = shared["lang"]
    names = {h.name for h in hosts}
    group = data.rollup.group(hosts, unit.id)
    requirements = _requirement_rows(data, [group], hosts, lang)
    totals = Counter(s.state for s in group.values())
    findings = [
        {
            "check_id": f.check_id,
            "severity": f.severity,
            "pairs": [(h, r) for h, r in zip(f.hosts, f.results, strict=True) if h.name in names],
        }
        for f in data.findings
    ]
    representatives = data.plan.representatives.get(unit.id, []) if data.plan else []
    conclusion = {
        "assessed": totals["met"]
        + totals["met_with_waivers"]
        + totals["not_met"]
        + totals["not_assessed"],
        "met": totals["met"] + totals["met_with_waivers"],
        "waived": totals["met_with_waivers"],
        "not_met": totals["not_met"],
        "not_assessed": totals["not_assessed"],
    }
    return (
        environment(lang)
        .get_template("bien-ban.html.j2")
        .render(
            **{**shared, "coverage": data.coverage(hosts)},
            unit=unit,
            requirements=requirements,
            findings=[f for f in findings if f["pairs"]],
            remediation=remedy_rows([r for r in data.remediation if r.host.name in names]),
            evidence_lines=EVIDENCE_LINES,
            representatives=representatives,
            conclusion=conclusion,
        )
    )
