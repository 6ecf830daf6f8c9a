"""The ``auditor`` command line."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial, wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from auditor import __version__
from auditor.errors import UsageError, ValidationFailed
from auditor.inventory import BUILTIN_TIMEOUTS, HostSpec, load_inventory
from auditor.metadata import AREAS, SEVERITIES
from auditor.outputs.checks_doc import checks_markdown
from auditor.outputs.console import ScanProgress, print_summary
from auditor.outputs.html_out import render_html
from auditor.outputs.json_out import render_json
from auditor.outputs.rows import print_rows
from auditor.profiles import DEFAULT_PROFILE, load_profile, profile_paths
from auditor.registry import Check, load_checks
from auditor.results import HostReport, ScanInfo
from auditor.runner import run_scan
from auditor.store import DB_ENV, Store, default_db_path
from auditor.transports.base import Transport
from auditor.transports.local import LocalTransport
from auditor.transports.ssh import SshTarget, SshTransport

FORMAT_BY_SUFFIX = {".json": "json", ".html": "html", ".htm": "html"}
EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
F = TypeVar("F", bound=Callable[..., Any])

err_console = Console(stderr=True)


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"auditor: error: {message}", err=True)
    sys.exit(code)


def friendly(func: F) -> F:
    """Turn bad input into a one-line error (a line per problem for validation) and exit 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationFailed as exc:
            for problem in exc.problems:
                click.echo(problem, err=True)
            _fail(f"{exc.what}: {len(exc.problems)} problem(s)")
        except UsageError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(str(exc))

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main() -> None:
    """Agentless security-compliance auditor for hosts connected to the population database."""


def _local_spec() -> HostSpec:
    name = socket.gethostname()
    return HostSpec(
        name=name,
        address="localhost",
        port=0,
        role="server",
        unit_id="local",
        unit_name="this machine",
        unit_path=("this machine",),
        user=_current_user(),
        identity_file=None,
        known_hosts=None,
        password_env=None,
        agent=False,
        sudo=os.geteuid() != 0,
        connect_timeout=BUILTIN_TIMEOUTS["connect"],
        command_timeout=BUILTIN_TIMEOUTS["command"],
        host_timeout=BUILTIN_TIMEOUTS["host"],
        local=True,
    )


def _current_user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (KeyError, ImportError):
        return str(os.geteuid())


def _factory(trust_new_hosts: bool) -> Callable[[HostSpec], Transport]:
    def make(spec: HostSpec) -> Transport:
        if spec.local:
            return LocalTransport()
        return SshTransport(
            SshTarget(
                address=spec.address,
                port=spec.port,
                user=spec.user,
                identity_file=spec.identity_file,
                known_hosts=spec.known_hosts,
                password_env=spec.password_env,
                agent=spec.agent,
                connect_timeout=spec.connect_timeout,
                trust_new_hosts=trust_new_hosts,
            )
        )

    return make


def exit_code(reports: Sequence[HostReport], fail_on: str) -> int:
    """1 if a result at or above ``fail_on`` failed, else 3 if a host was not audited, else 0."""
    floor = SEVERITIES.index(fail_on)
    failing = any(
        r.status == "fail" and SEVERITIES.index(r.severity) >= floor
        for rep in reports
        for r in rep.results
    )
    if failing:
        return EXIT_FAILURES
    return EXIT_INCOMPLETE if any(rep.status != "ok" for rep in reports) else EXIT_OK


def _select_hosts(specs: list[HostSpec], names: Sequence[str]) -> list[HostSpec]:
    if not names:
        return specs
    known = {s.name for s in specs}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"no host named {', '.join(unknown)} in the inventory")
    return [s for s in specs if s.name in names]


@main.command()
@click.option(
    "-i",
    "--inventory",
    type=click.Path(path_type=Path),
    help="Inventory YAML; without it, this machine is audited.",
)
@click.option(
    "-p",
    "--profile",
    "profile_ref",
    default=DEFAULT_PROFILE,
    show_default=True,
    help="Profile id or YAML file.",
)
@click.option(
    "--host", "host_names", multiple=True, help="Audit only this inventory host (repeatable)."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default=None,
    help="Output format [default: table, or from the -o file's extension].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the output here; the summary still goes to the terminal.",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    envvar=DB_ENV,
    help=f"Results database [default: ${DB_ENV} or {default_db_path()}].",
)
@click.option(
    "-c",
    "--concurrency",
    type=click.IntRange(1, 512),
    default=16,
    show_default=True,
    help="Hosts audited at once.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="low",
    show_default=True,
    help="Lowest severity of a failure that makes the exit code 1.",
)
@click.option(
    "--trust-new-hosts",
    is_flag=True,
    help="Accept and record unknown host keys "
    "(trust on first use). Changed keys are always refused.",
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of check titles.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary.")
@friendly
def scan(
    inventory: Path | None,
    profile_ref: str,
    host_names: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    db: Path | None,
    concurrency: int,
    fail_on: str,
    trust_new_hosts: bool,
    lang: str,
    quiet: bool,
) -> None:
    """Audit the inventory's hosts (or this machine) against a profile.

    Exit codes: 0 no failure at or above --fail-on; 1 such failures; 2 bad usage or input;
    3 no such failures but some host could not be audited; 130 interrupted.
    """
    if inventory is not None:
        inv = load_inventory(inventory)
        specs, inv_path, digest = _select_hosts(inv.hosts(), host_names), inv.path, inv.digest
    else:
        if host_names:
            raise UsageError("--host needs an inventory (-i)")
        specs, inv_path, digest = [_local_spec()], None, None
    profile = load_profile(profile_ref, load_checks())
    fmt = fmt or FORMAT_BY_SUFFIX.get(output.suffix if output else "", "table")
    store = Store(db or default_db_path())
    scan_info = store.begin_scan(profile.id, datetime.now(UTC), inv_path, digest)
    reports: list[HostReport] = []

    def stored(report: HostReport) -> None:
        store.add_host(scan_info, report)
        reports.append(report)
        progress.host_done(report)

    try:
        with ScanProgress(err_console, len(specs), quiet) as progress:
            run_scan(specs, profile, _factory(trust_new_hosts), concurrency, stored, lang)
    except KeyboardInterrupt:
        scan_info.interrupted = True
    scan_info.finished = datetime.now(UTC)
    store.finish_scan(scan_info)
    store.close()
    _emit(scan_info, reports, fmt, output, quiet, lang)
    if scan_info.interrupted:
        _fail(
            f"interrupted; {len(reports)} of {len(specs)} hosts were audited and stored "
            f"(scan {scan_info.id})",
            EXIT_INTERRUPTED,
        )
    sys.exit(exit_code(reports, fail_on))


def _emit(
    scan_info: ScanInfo,
    reports: list[HostReport],
    fmt: str,
    output: Path | None,
    quiet: bool,
    lang: str,
) -> None:
    """Write the chosen format to ``output`` or stdout, and the summary for a person."""
    if fmt == "table":
        if output is None:
            print_summary(Console(), scan_info, reports)
            return
        with output.open("w", encoding="utf-8") as f:
            print_summary(Console(file=f, width=160, no_color=True), scan_info, reports)
    else:
        render = render_json if fmt == "json" else partial(render_html, lang=lang)
        text = render(scan_info, reports)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    if not quiet:
        print_summary(err_console, scan_info, reports)
        if output is not None:
            err_console.print(f"{fmt} written to {output}", highlight=False)


@main.group()
def checks() -> None:
    """List and describe checks."""


@checks.command("list")
@click.option("--area", type=click.Choice(AREAS), help="Only this area.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown"]),
    default="table",
    show_default=True,
    help="markdown: the catalogue as in docs/checks.md.",
)
@friendly
def checks_list(area: str | None, lang: str, fmt: str) -> None:
    """Every loaded check: id, area, severity, title."""
    selected = [c for c in load_checks().values() if area is None or c.meta.area == area]
    if fmt == "markdown":
        click.echo(checks_markdown(selected), nl=False)
        return
    rows = [(c.id, c.meta.area, c.meta.severity, c.meta.title.get(lang)) for c in selected]
    print_rows(("id", "area", "severity", "title"), rows, Console())


def _show_check(check: Check) -> None:
    m = check.meta
    con = Console()
    con.print(f"[bold]{m.id}[/bold]  ({m.area}, {m.severity})")
    for lang in ("vi", "en"):
        con.print(f"\n[bold]{m.title.get(lang)}[/bold]")
        con.print(f"{m.rationale.get(lang)}")
        con.print(
            f"[italic]{'Khắc phục' if lang == 'vi' else 'Remediation'}:[/italic] "
            f"{m.remediation.get(lang)}"
        )
    refs = m.references.model_dump()
    con.print("\n[bold]References[/bold]")
    for key, values in refs.items():
        if values:
            con.print(f"  {key}: {', '.join(values)}")
    con.print(f"\n[bold]Facts[/bold]: {', '.join(m.facts)}")
    con.print(f"[bold]Applies to[/bold]: {', '.join(m.roles)}")
    if m.parameters:
        con.print("[bold]Parameters[/bold]")
        for name, p in m.parameters.items():
            con.print(f"  {name} = {p.default!r}: {p.description.en} (source: {p.source})")
    con.print(f"[dim]{check.origin}[/dim]")


@checks.command("show")
@click.argument("check_id")
@friendly
def checks_show(check_id: str) -> None:
    """Everything about one check."""
    all_checks = load_checks()
    if check_id not in all_checks:
        raise UsageError(f"unknown check {check_id!r} (see 'auditor checks list')")
    _show_check(all_checks[check_id])


@main.group()
def profiles() -> None:
    """List, show and validate profiles."""


@profiles.command("list")
@friendly
def profiles_list() -> None:
    """Built-in profiles."""
    all_checks = load_checks()
    rows = []
    for pid in profile_paths():
        p = load_profile(pid, all_checks)
        rows.append((p.id, p.model.extends or "-", str(len(p.checks)), p.model.title.en))
    print_rows(("id", "extends", "checks", "title"), rows, Console())


@profiles.command("show")
@click.argument("profile_ref")
@friendly
def profiles_show(profile_ref: str) -> None:
    """The checks a profile runs, with the parameters it sets."""
    p = load_profile(profile_ref, load_checks())
    con = Console()
    con.print(f"[bold]{p.id}[/bold]: {p.model.title.vi} / {p.model.title.en}")
    if p.model.extends:
        con.print(f"extends: {p.model.extends}")
    table = Table()
    for col in ("check", "area", "severity", "parameters"):
        table.add_column(col, overflow="fold")
    for check in p.checks:
        params = ", ".join(f"{k}={v!r}" for k, v in p.params_for(check).items())
        table.add_row(check.id, check.meta.area, check.meta.severity, params or "-")
    con.print(table)


@profiles.command("validate")
@click.argument("profile_ref")
@friendly
def profiles_validate(profile_ref: str) -> None:
    """Check a profile (id or file): schema, extends chain, check ids and parameter names."""
    p = load_profile(profile_ref, load_checks())
    click.echo(f"{p.path}: valid, {len(p.checks)} checks")


@main.group()
def inventory() -> None:
    """Work with inventory files."""


@inventory.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
@friendly
def inventory_validate(path: Path) -> None:
    """Check an inventory; list every problem with its location (exit 2 on any)."""
    inv = load_inventory(path)
    hosts = inv.hosts()
    units = {h.unit_id for h in hosts}
    click.echo(f"{path}: valid, {len(hosts)} hosts in {len(units)} units")


@main.command()
@click.option("--db", type=click.Path(path_type=Path), envvar=DB_ENV, help="Results database.")
@click.option("-n", "--limit", type=click.IntRange(1), default=20, show_default=True)
@friendly
def history(db: Path | None, limit: int) -> None:
    """Past scans, newest first."""
    path = db or default_db_path()
    if not path.exists():
        raise UsageError(f"no results database at {path} (run 'auditor scan' first)")
    store = Store(path)
    rows = [
        (
            str(s.id),
            s.quarter,
            s.started,
            (s.finished or "-") + (" (interrupted)" if s.interrupted else ""),
            s.profile,
            str(s.hosts),
            str(s.audited),
            str(s.failures),
        )
        for s in store.history(limit)
    ]
    store.close()
    headers = ("scan", "quarter", "started", "finished", "profile", "hosts", "audited", "fails")
    print_rows(headers, rows, Console())
