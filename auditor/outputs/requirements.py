"""``auditor results show --by requirement``: the requirement roll-up as a table or JSON."""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table

from auditor.errors import UsageError
from auditor.i18n import N_, translator
from auditor.outputs import STDOUT, write_text
from auditor.rollup import STATES, Rollup, combine, score

ROLLUP_FORMATS = ("table", "json")
COUNTED = ("met", "met_with_waivers", "not_met", "not_assessed")
SHOWN = {"met": N_("met"), "met_with_waivers": N_("met with waivers"), "not_met": N_("NOT MET"),
         "not_assessed": N_("not assessed"), "not_applicable": N_("n/a")}  # fmt: skip


def overall(r: Rollup, requirement_id: str) -> str:
    return combine(r.units[u.id][requirement_id].state for u in r.scan.top_units())


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def rollup_dict(r: Rollup, lang: str) -> dict[str, Any]:
    scan = r.scan
    hosts_by_req: dict[str, dict[str, list[str]]] = {}
    for host, states in r.hosts.items():
        for rid, s in states.items():
            hosts_by_req.setdefault(rid, {}).setdefault(s.state, []).append(host)
    return {
        "scan": {"id": scan.id, "quarter": scan.quarter, "profile": scan.profile},
        "lang": lang,
        "score": {
            "with_waivers": score(scan, with_waivers=True),
            "without_waivers": score(scan, with_waivers=False),
        },
        "requirements": [
            {
                "id": req.id,
                "title": req.title[lang],
                "clause": req.clause,
                "manual": req.manual,
                "state": overall(r, req.id),
                "hosts": {k: sorted(v) for k, v in sorted(hosts_by_req.get(req.id, {}).items())},
            }
            for req in r.requirements
        ],
        "units": [
            {
                "id": u.id,
                "name": u.name,
                "parent": u.parent_id,
                "totals": {s: r.totals(u.id)[s] for s in STATES},
                "requirements": {
                    rid: {"state": st.state, "counts": dict(st.counts)}
                    for rid, st in r.units[u.id].items()
                },
            }
            for u in scan.units
        ],
        "hosts": [
            {
                "name": h.name,
                "unit": h.unit_id,
                "requirements": {rid: s.state for rid, s in r.hosts[h.name].items()},
            }
            for h in scan.hosts
        ],
    }


def render_rollup_json(r: Rollup, lang: str) -> str:
    return json.dumps(rollup_dict(r, lang), ensure_ascii=False, indent=2) + "\n"


def print_rollup(console: Console, r: Rollup, lang: str) -> None:
    """Requirements with their state and the hosts in each state, then units by compliance."""
    _ = translator(lang)
    scan = r.scan
    table = Table(
        title=_("Requirements of {profile}: scan {scan} ({quarter})").format(
            profile=scan.profile, scan=scan.id, quarter=scan.quarter
        )
    )
    for col in (_("requirement"), _("clause"), _("state"), _("met"), _("waived"), _("not met"),
                _("not assessed"), _("failing hosts")):  # fmt: skip
        table.add_column(col, overflow="fold")
    for req in r.requirements:
        counts: Counter[str] = Counter()
        if req.manual:
            for unit in r.scan.top_units():
                counts.update(r.units[unit.id][req.id].counts)
        else:
            counts.update(s[req.id].state for s in r.hosts.values())
        failing = sorted(h for h, s in r.hosts.items() if s[req.id].state == "not_met")
        shown_failing = ", ".join(failing[:8]) + (f" (+{len(failing) - 8})" if failing[8:] else "")
        table.add_row(
            f"{req.id} {req.title[lang]}" + (f" ({_('manual')})" if req.manual else ""),
            req.clause,
            _(SHOWN[overall(r, req.id)]),
            *(str(counts[st] or "-") for st in COUNTED),
            shown_failing,
        )
    console.print(table)
    units = Table(title=_("Units: requirements in each state (with the units below them)"))
    for col in (_("unit"), _("met"), _("met with waivers"), _("not met"), _("not assessed")):
        units.add_column(col, overflow="fold")
    for u in scan.units:
        totals = r.totals(u.id)
        depth = len(scan.unit_path(u.id)) - 1
        units.add_row("  " * depth + f"{u.id} {u.name}", *(str(totals[s]) for s in COUNTED))
    console.print(units)
    console.print(
        _("checks passing: {with_waivers} with waivers, {without} without").format(
            with_waivers=_percent(score(scan, True)), without=_percent(score(scan, False))
        ),
        highlight=False,
    )


def write_rollup(r: Rollup, fmt: str | None, output: str | None, lang: str) -> None:
    """The roll-up as a table (to a terminal, or a text file) or JSON (by name or extension)."""
    chosen = fmt or ("json" if output and output.lower().endswith(".json") else "table")
    if chosen not in ROLLUP_FORMATS:
        raise UsageError(
            "--by requirement renders as {known}, not {chosen}",
            known=list(ROLLUP_FORMATS),
            chosen=chosen,
        )
    if chosen == "json":
        text = render_rollup_json(r, lang)
    elif output in (None, STDOUT):
        print_rollup(Console(), r, lang)
        return
    else:
        buffer = io.StringIO()
        print_rollup(Console(file=buffer, width=160, no_color=True), r, lang)
        text = buffer.getvalue()
    write_text(text, output)
