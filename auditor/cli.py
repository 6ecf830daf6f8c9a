"""The ``auditor`` command line: commands and options only; the modules do the work."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console

from auditor import __version__, click_i18n
from auditor.coverage import coverage_markdown
from auditor.diff import diff_scans
from auditor.distributed.database import conninfo
from auditor.errors import UsageError, ValidationFailed
from auditor.i18n import LANG_ENV, LANGS, env_lang, translator
from auditor.importers import FORMATS as IMPORT_FORMATS
from auditor.importers import import_inventory
from auditor.inspections import ask_answers, load_answers
from auditor.interpreter import tune_for_many_hosts
from auditor.inventory import DEFAULT_SITE, load_inventory
from auditor.limits import usable_concurrency
from auditor.messages import Message
from auditor.metadata import AREAS, SEVERITIES
from auditor.network.discovery import DISCOVERY_PORTS, discover, discovery_ports, known_addresses
from auditor.network.discovery import plan as plan_discovery
from auditor.network.nmap_xml import nmap_document
from auditor.outcome import STATUSES
from auditor.outputs import STDOUT, OutputFormat, check_writable, choose, formats, write, write_text
from auditor.outputs.catalogue import print_check, print_checks, print_profile, print_profiles
from auditor.outputs.checks_doc import checks_markdown
from auditor.outputs.console import ScanProgress
from auditor.outputs.delta import DIFF_FORMATS, print_diff, render_diff_json
from auditor.outputs.discovery import discovery_json, print_discovery
from auditor.outputs.discovery import fragment as discovery_fragment
from auditor.outputs.facts_catalogue import fact_catalogue, print_fact, print_facts
from auditor.outputs.requirements import write_rollup
from auditor.outputs.rows import print_history
from auditor.outputs.sources_doc import sources_markdown
from auditor.outputs.table import print_summary
from auditor.outputs.view import ScanView
from auditor.profiles import DEFAULT_PROFILE, load_profile, profile_paths
from auditor.registry import load_checks
from auditor.rollup import rollup
from auditor.runner import INTERRUPT_GRACE_SECONDS
from auditor.scan import (
    EXIT_INCOMPLETE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    StoppedBeforeStore,
    exit_code,
    resume_targets,
    run_and_store,
    targets,
)
from auditor.store import DB_ENV, default_db
from auditor.transports import ask_passwords
from auditor.transports.base import reason

if TYPE_CHECKING:
    from auditor.report.plan import InspectionPlan
    from auditor.store.database import Store

F = TypeVar("F", bound=Callable[..., Any])

# What a shell reports for a process that SIGPIPE killed: `auditor checks list | head -1`.
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE


def broken_pipe() -> NoReturn:
    """End quietly because the reader of standard output or standard error went away. Both are
    pointed at /dev/null first, so that the interpreter's last flush has nowhere to fail
    (Python's advice in its note on SIGPIPE); SIGPIPE itself stays ignored, so that a vanished
    SSH peer is an error of its host, not the end of the scan."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):  # not a real file (a test's capture): nothing to flush there
        pass
    sys.exit(EXIT_BROKEN_PIPE)


class PipeConsole(Console):
    """Rich's console, which would exit 1 (the code for findings) on a closed pipe. On
    standard output a closed pipe ends the command as :func:`broken_pipe` does; on standard
    error the console falls silent and the command finishes its work (a scan stores its hosts
    and writes its outputs), then ends as :func:`broken_pipe` does (see :func:`run`)."""

    broken = False

    def on_broken_pipe(self) -> None:
        self.quiet = True
        if self.stderr:
            self.broken = True
            return
        raise BrokenPipeError


err_console = PipeConsole(stderr=True)


class AuditorGroup(click.Group):
    """The top command: it and every subcommand (their --help too) end quietly when their
    output pipe closes."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            broken_pipe()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            broken_pipe()


def _store(db: str | None, create: bool = True) -> Store:
    """The results store at ``db`` (the default one when None). SQLAlchemy is imported here, not
    with the CLI, so that a scan's hosts start without waiting for it."""
    from auditor.store.database import Store

    return Store(db, create=create)


def say(lang: str, template: str, **args: Any) -> None:
    """A line for the person at the terminal, in ``lang``."""
    click.echo(Message.of(template, **args).render(lang))


def _warn(message: Message, lang: str) -> None:
    click.echo(f"auditor: {translator(lang)('warning')}: {message.render(lang)}", err=True)


def _fail(message: Message, lang: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"auditor: {translator(lang)('error')}: {message.render(lang)}", err=True)
    sys.exit(code)


def friendly(func: F) -> F:
    """Turn bad input into a one-line error (a line per problem for validation) and exit 2, in
    the language of the command's --lang (else $AUDITOR_LANG, else Vietnamese)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        langs = kwargs.get("langs") or [kwargs.get("lang") or env_lang()]
        lang = langs[0]
        try:
            return func(*args, **kwargs)
        except ValidationFailed as exc:
            for line in exc.lines(lang):
                click.echo(line, err=True)
            _fail(
                Message.of("{what}: {count} problem(s)", what=exc.what, count=len(exc.problems)),
                lang,
            )
        except UsageError as exc:
            _fail(exc.message, lang)
        except BrokenPipeError:
            raise
        except OSError as exc:
            _fail(Message.literal(reason(exc)), lang)

    return wrapper  # type: ignore[return-value]


def lang_option(default: str = "vi") -> Callable[[F], F]:
    """--lang: the language of what the command shows (its errors too)."""
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=default,
        envvar=LANG_ENV,
        show_default=True,
        help=f"Language of titles, messages and errors [also ${LANG_ENV}].",
    )


def db_option(func: F) -> F:
    return click.option(
        "--db",
        envvar=DB_ENV,
        metavar="FILE|URL",
        help=f"Results database: a SQLite file or a postgresql:// URL "
        f"[default: ${DB_ENV} or {default_db()}].",
    )(func)


def concurrency_option(func: F) -> F:
    """-c/--concurrency, for the commands that audit hosts."""
    return click.option(
        "-c",
        "--concurrency",
        type=click.IntRange(1, 512),
        default=16,
        show_default=True,
        help="Hosts audited at once.",
    )(func)


def trust_option(func: F) -> F:
    """--trust-new-hosts, for the commands that connect to hosts."""
    return click.option(
        "--trust-new-hosts",
        is_flag=True,
        help="Accept and record unknown host keys (trust on first use). Changed keys are always "
        "refused.",
    )(func)


def format_options(func: F) -> F:
    """-f/--format, -o/--output and --lang, shared by every command that renders a scan."""
    func = lang_option()(func)
    func = click.option(
        "-o",
        "--output",
        metavar="FILE",
        help="Write the output here ('-' for standard output); the format follows a known "
        "extension unless --format names it.",
    )(func)
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(formats())),
        default=None,
        help="Output format [default: from the -o file's extension, else table].",
    )(func)


@click.group(cls=AuditorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main() -> None:
    """Agentless security-compliance auditor for hosts connected to the population database."""


def _emit(view: ScanView, fmt: OutputFormat, output: str | None, summary: bool) -> None:
    """The chosen format to ``output`` or stdout; the terminal summary too, unless that is it."""
    if fmt.name == "table" and output in (None, STDOUT):
        print_summary(PipeConsole(), view)
        return
    write(view, fmt, output)
    if summary:
        print_summary(err_console, view)
        if output not in (None, STDOUT):
            written = Message.of("{format} written to {output}", format=fmt.name, output=output)
            err_console.print(written.render(view.lang), highlight=False)


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
    "--waivers",
    type=click.Path(path_type=Path),
    help="Waivers YAML [default: the file the inventory names, if any].",
)
@format_options
@db_option
@concurrency_option
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="low",
    show_default=True,
    help="Lowest severity of a failure that makes the exit code 1.",
)
@trust_option
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary.")
@click.option(
    "--resume",
    "resume_ref",
    metavar="[SCAN]",
    is_flag=False,
    flag_value="",
    default=None,
    help="Finish an unfinished or interrupted scan (default: the newest one): audit only the "
    "hosts it has not stored, with its inventory, profile and waivers, into the same scan.",
)
@click.option(
    "--enqueue",
    is_flag=True,
    help="Plan the scan and queue a job per host for the workers of its unit's site "
    "(auditor worker) instead of auditing here; needs --db postgresql://...",
)
@click.option(
    "--wait",
    "wait_ref",
    metavar="SCAN",
    help="Follow a queued scan (its number or 'latest') until every host is stored, then "
    "show it and exit with its exit code.",
)
@friendly
def scan(
    inventory: Path | None,
    profile_ref: str,
    host_names: tuple[str, ...],
    waivers: Path | None,
    fmt: str | None,
    output: str | None,
    lang: str,
    db: str | None,
    concurrency: int,
    fail_on: str,
    trust_new_hosts: bool,
    quiet: bool,
    resume_ref: str | None,
    enqueue: bool,
    wait_ref: str | None,
) -> None:
    """Audit the inventory's hosts (or this machine) against a profile.

    Each host is stored as it finishes; the output is rendered from the stored scan.
    Exit codes: 0 no failure at or above --fail-on; 1 such failures; 2 bad usage or input;
    3 no such failures but some host could not be audited; 130 interrupted.
    """
    check_writable(output)
    chosen_format = choose(fmt, output)
    catalogue = load_checks()
    if [enqueue, wait_ref is not None, resume_ref is not None].count(True) > 1:
        raise UsageError("--enqueue, --wait and --resume are used one at a time")
    if enqueue or wait_ref is not None:
        db = conninfo(db)  # refused in one line before procrastinate is imported
    if enqueue:
        from auditor.distributed.enqueue import enqueue as enqueue_scan

        queued = enqueue_scan(db, targets(inventory, host_names, waivers),
                              load_profile(profile_ref, catalogue))  # fmt: skip
        for problem in queued.waiver_problems:
            _warn(problem, lang)
        sites = ", ".join(f"{site} ({count})" for site, count in queued.sites.items())
        say(lang, "scan {scan} queued; hosts per site: {sites}", scan=queued.scan_id, sites=sites)
        return
    if wait_ref is not None:
        from auditor.distributed.progress import JobsLost, wait_for

        try:
            followed = wait_for(db, wait_ref, None if quiet else _progress_line(lang))
        except JobsLost as exc:
            _fail(exc.message, lang, EXIT_INCOMPLETE)
        _emit(ScanView.of(followed, catalogue, lang), chosen_format, output, not quiet)
        sys.exit(exit_code(followed, fail_on))
    resumed, resumed_in = None, None
    if resume_ref is None:
        chosen = targets(inventory, host_names, waivers)
        profile = load_profile(profile_ref, catalogue)
    else:
        ctx = click.get_current_context()
        flags = {"inventory": "-i", "profile_ref": "-p", "host_names": "--host",
                 "waivers": "--waivers"}  # fmt: skip
        given = [f for name, f in flags.items() if ctx.get_parameter_source(name).name != "DEFAULT"]
        if given:
            raise UsageError(
                "--resume takes the inventory, profile, hosts and waivers of the scan it "
                "resumes; leave out {options}",
                options=", ".join(given),
            )
        resumed_in = _store(db, create=False)
        resumed = resumed_in.load(resumed_in.resumable(resume_ref or None))
        chosen, profile = resume_targets(resumed, catalogue)

    def stopping(in_flight: int) -> None:
        line = Message.of(
            "stopping: no new host is started; the {count} host(s) in flight have {seconds}s "
            "to finish and be stored (a second signal stops at once)",
            count=in_flight,
            seconds=int(INTERRUPT_GRACE_SECONDS),
        )
        err_console.print(line.render(lang), highlight=False)

    concurrency, capped = usable_concurrency(concurrency)
    if capped is not None:
        _warn(capped, lang)
    ask_passwords(chosen.hosts, lang)
    tune_for_many_hosts()  # once per process, the checks and profile loaded
    try:
        with ScanProgress(err_console, len(chosen.hosts), quiet, lang) as progress:
            run = run_and_store(
                lambda: resumed_in or _store(db),  # a new scan's, while the first hosts connect
                chosen, profile, concurrency, trust_new_hosts, progress.host_done, resumed,
                stopping,
            )  # fmt: skip
    except StoppedBeforeStore as exc:
        _fail(exc.message, lang, EXIT_INTERRUPTED)
    stored = run.store.load(run.scan_id)
    run.store.close()
    view = ScanView.of(stored, catalogue, lang)
    _emit(view, chosen_format, output, not quiet)
    for problem in run.waiver_problems:
        _warn(problem, lang)
    if run.interrupted:
        _fail(
            Message.of(
                "interrupted; {audited} of {planned} hosts were audited and stored (scan "
                "{scan}); 'auditor scan --resume {scan}' audits the others",
                audited=run.audited,
                planned=run.planned,
                scan=run.scan_id,
            ),
            lang,
            EXIT_INTERRUPTED,
        )
    sys.exit(exit_code(stored, fail_on))


def _progress_line(lang: str) -> Callable[[Message], None]:
    return lambda line: err_console.print(line.render(lang), highlight=False)


@main.command("worker")
@click.option(
    "--site", default=DEFAULT_SITE, show_default=True, help="The site whose queued hosts to audit."
)
@db_option
@concurrency_option
@click.option(
    "--stalled-after",
    type=click.FloatRange(min=2),
    default=60.0,
    show_default=True,
    help="Seconds without a heartbeat after which a worker's hosts are audited by another "
    "worker of the site.",
)
@trust_option
@lang_option()
@friendly
def worker_command(
    site: str,
    db: str | None,
    concurrency: int,
    stalled_after: float,
    trust_new_hosts: bool,
    lang: str,
) -> None:
    """Audit the hosts queued for a site ('auditor scan --enqueue') until SIGTERM or Ctrl-C,
    storing each in the PostgreSQL results database once."""
    concurrency, capped = usable_concurrency(concurrency)
    if capped is not None:
        _warn(capped, lang)
    db = conninfo(db)  # refused in one line before procrastinate is imported
    from auditor.distributed.worker import serve

    serve(db, site, concurrency, stalled_after, trust_new_hosts, _progress_line(lang))


@main.group()
def results() -> None:
    """Show and compare stored scans."""


@results.command("show")
@click.argument("scan_ref", metavar="[SCAN]", required=False)
@click.option("--host", "host_names", multiple=True, help="Only this host (repeatable).")
@click.option("--unit", help="Only hosts of this unit and the units below it.")
@click.option(
    "--status",
    "statuses",
    type=click.Choice(STATUSES),
    multiple=True,
    help="Only results with this status (repeatable).",
)
@click.option(
    "--by",
    type=click.Choice(["check", "requirement"]),
    default="check",
    show_default=True,
    help="requirement: the roll-up of the profile's requirements per host and unit "
    "(table or json).",
)
@format_options
@db_option
@friendly
def results_show(
    scan_ref: str | None,
    host_names: tuple[str, ...],
    unit: str | None,
    statuses: tuple[str, ...],
    by: str,
    fmt: str | None,
    output: str | None,
    lang: str,
    db: str | None,
) -> None:
    """Render a stored scan (default: the latest) in any format of 'auditor scan', or the roll-up
    of its requirements."""
    check_writable(output)
    store = _store(db, create=False)
    stored = store.load(store.resolve(scan_ref))
    narrowed = stored.select(host_names, unit, statuses)
    if by == "requirement":
        answers = store.answers(stored.quarter)
        store.close()
        write_rollup(rollup(narrowed, answers), fmt, output, lang)
        return
    store.close()
    chosen_format = choose(fmt, output)
    _emit(ScanView.of(narrowed, load_checks(), lang), chosen_format, output, summary=False)


@results.command("evidence")
@click.argument("host")
@click.argument("scan_ref", metavar="[SCAN]", required=False)
@click.option("-o", "--output", metavar="FILE", help="Write it here [default: standard output].")
@db_option
@friendly
def results_evidence(host: str, scan_ref: str | None, output: str | None, db: str | None) -> None:
    """nmap's XML for a host's address in a stored scan (default: the latest): the evidence of
    its network checks, as an nmap run that nmap's own tools (ndiff, zenmap) read."""
    check_writable(output)
    store = _store(db, create=False)
    scan_id = store.resolve(scan_ref)
    xml = store.network_xml(scan_id, host)
    store.close()
    if xml is None:
        raise UsageError(
            "scan {scan} keeps no network scan of host {host}", scan=scan_id, host=host
        )
    write_text(nmap_document(xml), output)


@results.command("diff")
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW", required=False)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
    default="table",
    show_default=True,
)
@click.option("--persisting", is_flag=True, help="List persisting findings too (table).")
@lang_option()
@db_option
@friendly
def results_diff(
    old_ref: str, new_ref: str | None, fmt: str, persisting: bool, lang: str, db: str | None
) -> None:
    """Compare two stored scans (NEW defaults to the latest): findings new, resolved, changed
    and persisting, hosts added and removed, and changes in accounts, sudo rights, SSH keys and
    listening services."""
    store = _store(db, create=False)
    old = store.load(store.resolve(old_ref))
    new = store.load(store.resolve(new_ref))
    store.close()
    diff = diff_scans(old, new)
    if fmt == "json":
        sys.stdout.write(render_diff_json(diff, lang))
    else:
        print_diff(PipeConsole(), diff, lang, persisting)


@main.group()
def checks() -> None:
    """List and describe checks."""


@checks.command("list")
@click.option("--area", type=click.Choice(AREAS), help="Only this area.")
@lang_option("en")
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
    print_checks(PipeConsole(), selected, lang)


@checks.command("coverage")
def checks_coverage() -> None:
    """How the checks cover CIS Debian 12 v1.1.0 and RHEL 9 v2.0.0 in this project's areas
    (docs/coverage.md)."""
    click.echo(coverage_markdown(load_checks()), nl=False)


@checks.command("show")
@click.argument("check_id")
@friendly
def checks_show(check_id: str) -> None:
    """Everything about one check."""
    all_checks = load_checks()
    if check_id not in all_checks:
        raise UsageError(
            "unknown check {check_id!r} (see 'auditor checks list')", check_id=check_id
        )
    print_check(PipeConsole(), all_checks[check_id])


@main.group()
def facts() -> None:
    """List and describe the facts checks can declare."""


@facts.command("list")
@friendly
def facts_list() -> None:
    """Every fact: what gathers it, whether it needs root, its shared input, its checks."""
    print_facts(PipeConsole(), fact_catalogue(load_checks()))


@facts.command("show")
@click.argument("name")
@friendly
def facts_show(name: str) -> None:
    """One fact: its shell, parser, return type, shared input, checks and recorded outputs."""
    print_fact(PipeConsole(), fact_catalogue(load_checks()), name)


@main.group()
def profiles() -> None:
    """List, show and validate profiles."""


@profiles.command("list")
@friendly
def profiles_list() -> None:
    """Built-in profiles."""
    all_checks = load_checks()
    print_profiles(PipeConsole(), [load_profile(pid, all_checks) for pid in profile_paths()])


@profiles.command("show")
@click.argument("profile_ref")
@lang_option()
@friendly
def profiles_show(profile_ref: str, lang: str) -> None:
    """The profile's requirements, the checks that evidence each with the thresholds per role
    and their sources, and its manual requirements with the inspector's questions."""
    print_profile(PipeConsole(), load_profile(profile_ref, load_checks()), lang)


@profiles.command("sources")
@friendly
def profiles_sources() -> None:
    """The documents profiles cite, as in docs/sources.md (Markdown)."""
    click.echo(sources_markdown(), nl=False)


@profiles.command("validate")
@click.argument("profile_ref")
@friendly
def profiles_validate(profile_ref: str) -> None:
    """Check a profile (id or file): schema, extends chain, check ids and parameter names."""
    p = load_profile(profile_ref, load_checks())
    manual = sum(r.manual for r in p.requirements)
    say(
        env_lang(),
        "{path}: valid, {requirements} requirements ({manual} manual), {checks} checks, "
        "{rules} local rules",
        path=p.path,
        requirements=len(p.requirements),
        manual=manual,
        checks=len(p.checks),
        rules=len(p.local_rules),
    )


@main.command("discover")
@click.argument("given", metavar="[TARGETS]...", nargs=-1)
@click.option(
    "-i", "--inventory", "inventory_path", type=click.Path(path_type=Path),
    help="Inventory: its hosts are the managed devices; without TARGETS, the networks of its "
    "units are searched.",
)  # fmt: skip
@click.option("--unit", "unit_id", help="The unit the TARGETS belong to.")
@click.option(
    "--ports", default=DISCOVERY_PORTS, show_default=True,
    help="TCP ports to look for: a list (22,80,8000-8100) or top:N.",
)  # fmt: skip
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
    show_default=True,
)  # fmt: skip
@click.option(
    "--fragment", type=click.Path(path_type=Path),
    help="Write the unmanaged devices here as inventory YAML to paste under their units.",
)  # fmt: skip
@lang_option()
@db_option
@friendly
def discover_command(
    given: tuple[str, ...],
    inventory_path: Path | None,
    unit_id: str | None,
    ports: str,
    fmt: str,
    fragment: Path | None,
    lang: str,
    db: str | None,
) -> None:
    """Find live devices in address ranges (TARGETS, or the networks of the inventory's units)
    and report those the inventory does not list as unmanaged devices (exit 1 when there is
    one); every run is stored."""
    check_writable(str(fragment) if fragment else None)
    inv = load_inventory(inventory_path) if inventory_path else None
    chosen = plan_discovery(given, unit_id, inv)
    wanted = discovery_ports(ports)
    store = _store(db)
    started = datetime.now(UTC)
    found = discover(chosen, wanted, known_addresses(inv.hosts() if inv else []))
    run_id = store.add_discovery(found, started, datetime.now(UTC), str(inventory_path or ""))
    store.close()
    if fragment is not None:
        names = {u.id: u.name for u in inv.units()} if inv else {}
        fragment.write_text(discovery_fragment(found, names), encoding="utf-8")
    if fmt == "json":
        sys.stdout.write(discovery_json(found, run_id))
    else:
        print_discovery(PipeConsole(), found, run_id, lang)
    sys.exit(1 if found.unmanaged() else 0)


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
    say(
        env_lang(), "{path}: valid, {hosts} hosts in {units} units",
        path=path, hosts=len(hosts), units=len(units),
    )  # fmt: skip


@inventory.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(IMPORT_FORMATS),
    help="Format of PATH [default: guessed from its content and extension].",
)  # fmt: skip
@click.option(
    "--unit", "unit_id",
    help="Unit id of nmap's hosts [default: imported]; for Ansible, one unit holding every group.",
)  # fmt: skip
@click.option("--unit-name", help="Name of that unit [default: its id].")
@click.option(
    "-o", "--output", "out", type=click.Path(path_type=Path),
    help="Write the inventory here [default: standard output].",
)  # fmt: skip
@friendly
def inventory_import(
    path: Path, fmt: str | None, unit_id: str | None, unit_name: str | None, out: Path | None
) -> None:
    """Write an inventory from an Ansible inventory (INI or YAML) or nmap XML; secrets are never
    copied, and what is left out is named on stderr."""
    lang = env_lang()
    check_writable(str(out) if out else None)
    text, notes = import_inventory(path, fmt, unit_id, unit_name)
    for note in notes:
        click.echo(note.render(lang), err=True)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    hosts = load_inventory(out).hosts()
    units = {h.unit_id for h in hosts}
    message = Message.of(
        "{path}: {hosts} hosts in {units} units", path=out, hosts=len(hosts), units=len(units)
    )
    click.echo(message.render(lang), err=True)


@main.group(invoke_without_command=True)
@click.option("--quarter", help="The quarter reported on, e.g. 2026-Q4.")
@click.option("--month", help="A month instead (the monthly ranking), e.g. 2026-11.")
@click.option("--unit", "unit_ids", multiple=True, help="Only this unit and those below it.")
@click.option(
    "--lang", "langs", type=click.Choice(LANGS), multiple=True, envvar=LANG_ENV,
    help=f"Language of the documents (repeatable) [default: ${LANG_ENV} or vi].",
)  # fmt: skip
@click.option(
    "--format", "formats_text", default="html,pdf", show_default=True,
    help="Comma-separated: html, pdf.",
)  # fmt: skip
@click.option("--plan", "plan_file", type=click.Path(path_type=Path), help="Inspection plan YAML.")
@click.option("-p", "--profile", "profile_id", help="Only scans against this profile.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Report directory.")
@click.option(
    "--key", type=click.Path(path_type=Path),
    help="Secret key (auditor report keygen) to sign SHA256SUMS; its .pub must be beside it.",
)  # fmt: skip
@click.option("--split-annex", is_flag=True, help="The per-host annex as one file per unit.")
@click.option(
    "--date", "issued_text", help="Date of the documents [default: the plan's, else today]."
)
@db_option
@click.pass_context
@friendly
def report(
    ctx: click.Context,
    quarter: str | None,
    month: str | None,
    unit_ids: tuple[str, ...],
    langs: tuple[str, ...],
    formats_text: str,
    plan_file: Path | None,
    profile_id: str | None,
    out: Path | None,
    key: Path | None,
    split_annex: bool,
    issued_text: str | None,
    db: str | None,
) -> None:
    """Build the quarterly inspection report (báo cáo) and each unit's record (biên bản) from the
    store, with SHA256SUMS and its signature; 'report keygen' and 'report verify' below."""
    if ctx.invoked_subcommand is not None:
        return
    # The report package (Jinja, Babel's dates) is imported by the report commands alone.
    from auditor.report.build import FORMATS, Signer, build_report
    from auditor.report.data import gather
    from auditor.report.period import Period
    from auditor.report.plan import load_plan

    if out is None:
        raise UsageError("give the report directory with -o DIR")
    formats = [f.strip() for f in formats_text.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise UsageError("report formats are html and pdf, not {names}", names=unknown or ["none"])
    period = Period.parse(quarter, month)
    plan = load_plan(plan_file) if plan_file else None
    issued = _issued(issued_text, plan)
    signer = Signer(key, key.with_suffix(".pub")) if key else None
    if signer and not signer.public.is_file():
        raise UsageError("no public key {path} beside the secret key", path=signer.public)
    store = _store(db, create=False)
    data = gather(store, period, plan, unit_ids, profile_id, issued)
    store.close()
    written = build_report(data, load_checks(), out, langs or ("vi",), formats, signer, split_annex)
    if signer:
        say(
            langs[0] if langs else "vi",
            "{count} files written to {out}",
            count=len(written),
            out=out,
        )
    else:
        say(
            langs[0] if langs else "vi", "{count} files written to {out} (not signed)",
            count=len(written), out=out,
        )  # fmt: skip


def _issued(text: str | None, plan: InspectionPlan | None) -> date:
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError("a date is written like 2027-01-05, not {text!r}", text=text) from None
    return (plan.date if plan and plan.date else None) or date.today()


@report.command("keygen")
@click.argument("secret", type=click.Path(path_type=Path))
@friendly
def report_keygen(secret: Path) -> None:
    """Make an Ed25519 key pair in the minisign format: SECRET and SECRET's .pub beside it."""
    from auditor.report.signing import generate_keypair

    public = secret.with_suffix(".pub")
    key = generate_keypair(secret, public)
    say(
        env_lang(), "key {key}: secret {secret} (keep it safe), public {public}",
        key=key, secret=secret, public=public,
    )  # fmt: skip


@report.command("verify")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--pub", "public", type=click.Path(path_type=Path),
    help="Public key to trust [default: the auditor.pub in DIRECTORY].",
)  # fmt: skip
@friendly
def report_verify(directory: Path, public: Path | None) -> None:
    """Check SHA256SUMS's signature and every file's digest; exit 2 on any difference."""
    from auditor.report.build import PUBLIC_KEY
    from auditor.report.signing import key_id, verify_directory

    key = public or directory / PUBLIC_KEY
    names = verify_directory(directory, key)
    say(
        env_lang(), "{directory}: signature by key {key} valid, {count} files intact",
        directory=directory, key=key_id(key), count=len(names),
    )  # fmt: skip


@main.command()
@click.argument("unit", required=False)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path),
    help="Record the answers of this YAML file instead of asking.",
)
@click.option(
    "-p", "--profile", "profile_ref", default=DEFAULT_PROFILE, show_default=True,
    help="Profile whose manual requirements are answered.",
)  # fmt: skip
@click.option("-i", "--inventory", type=click.Path(path_type=Path), help="Check unit ids here.")
@click.option("--inspector", help="Who answers (asked when not given).")
@lang_option()
@db_option
@friendly
def inspect(
    unit: str | None,
    answers_file: Path | None,
    profile_ref: str,
    inventory: Path | None,
    inspector: str | None,
    lang: str,
    db: str | None,
) -> None:
    """Record inspectors' answers to the profile's manual requirements: from --answers FILE, or
    asked question by question for UNIT on a terminal. Answers count in this quarter's roll-up."""
    profile = load_profile(profile_ref, load_checks())
    units = {u.id for u in load_inventory(inventory).units()} if inventory else None
    if answers_file is not None:
        answers = load_answers(answers_file, profile, units)
    else:
        if unit is None:
            raise UsageError("name the UNIT to inspect, or give --answers FILE")
        if units is not None and unit not in units:
            raise UsageError("no unit {unit!r} in {inventory}", unit=unit, inventory=inventory)
        if not sys.stdin.isatty():
            raise UsageError("asking needs a terminal; record a file with --answers FILE")
        who = inspector or click.prompt("inspector")
        answers = ask_answers(
            profile, unit, who, date.today(), lang,
            ask=lambda name, choices: click.prompt(name, type=click.Choice(choices)),
            note=lambda name: click.prompt(f"{name} note", default="", show_default=False),
            show=click.echo,
        )  # fmt: skip
    store = _store(db)
    store.record_answers(answers, datetime.now(UTC))
    store.close()
    quarters = ", ".join(sorted({a.quarter for a in answers}))
    say(
        lang, "{count} answer(s) recorded for {quarters} in {where}",
        count=len(answers), quarters=quarters, where=store.where,
    )  # fmt: skip


@main.command()
@db_option
@click.option(
    "-n", "--limit", type=click.IntRange(1), default=20, show_default=True, help="Scans listed."
)
@click.option("--quarter", help="Only scans of this quarter, e.g. 2026-Q4.")
@click.option("--profile", "profile_id", help="Only scans against this profile id.")
@friendly
def history(db: str | None, limit: int, quarter: str | None, profile_id: str | None) -> None:
    """Past scans, newest first."""
    store = _store(db, create=False)
    summaries = store.history(limit, quarter, profile_id)
    store.close()
    print_history(PipeConsole(), summaries)


def run() -> None:
    """The installed ``auditor`` command: click's own messages in the command's language too."""
    click_i18n.install(click_i18n.startup_lang(sys.argv[1:]))
    try:
        main()
    finally:
        try:  # what is still buffered, before the interpreter's own flush can fail noisily
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            broken_pipe()
        if err_console.broken:
            broken_pipe()
