"""Fuzz every registered collector's parser, and the checks reading its fact, with hypothesis.

Outputs are random text or mutations of the fact's recordings under ``tests/data/facts/<fact>/``
(lines dropped, duplicated or replaced, truncation, flipped characters, inserted ``\\036SEC`` and
``\\036FILE`` marks with junk, huge numbers, invalid UTF-8 decoded as the transports decode it,
any exit status), framed as the host script frames them. Each must end as a parsed value or a
:class:`FactError` reason (never another exception), and every check reading the fact must give
an :class:`Outcome` that renders, as must the host's snapshot.

The budget is bounded and reproducible for CI: ``AUDITOR_FUZZ_EXAMPLES`` (default 30) examples
per collector, derandomized; set it higher to search longer.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.facts import load_collectors
from auditor.facts.base import FILE_HEADER, SECTION_MARK, Facts, Raw, Target
from auditor.facts.script import parse_facts, split_output
from auditor.judge import judge
from auditor.list_files import with_lists
from auditor.network.services import NetworkView, Service
from auditor.outcome import STATUSES, Outcome
from auditor.registry import Check, load_checks
from auditor.snapshot import SNAPSHOT_FACTS, take_snapshot

DATA = Path(__file__).resolve().parents[1] / "data" / "facts"
NONCE = "0123456789abcdef"
CRASH = "cannot parse output:"  # what parse_facts says when a parser raises other than FactError

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "30")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz")

# Facts with no recordings: outputs as a host prints them.
SEEDS = {
    "clock": ["1763800000"],
    "kernel": ["6.1.0-18-amd64\nweb01"],
    "os_release": [
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
        'VERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\nID_LIKE=""'
    ],
}
COLLECTORS = load_collectors()


@cache
def recordings(fact: str) -> tuple[str, ...]:
    """The fact's recorded outputs (or seeds), in name order."""
    files = sorted((DATA / fact).glob("*.txt")) if (DATA / fact).is_dir() else []
    return tuple(f.read_text(encoding="utf-8") for f in files) or tuple(SEEDS.get(fact, ()))


@cache
def section_names(fact: str) -> tuple[str, ...]:
    """Section names the fact's recordings use, to insert marks a parser looks for."""
    found = {
        line[len(SECTION_MARK) :].split(" ", 1)[0]
        for text in recordings(fact)
        for line in text.split("\n")
        if line.startswith(SECTION_MARK)
    }
    return tuple(sorted(found)) or ("x",)


@cache
def checks() -> dict[str, Check]:
    return load_checks(extra=[])


# Bounds of checks whose work is costly by design (crypt of each candidate password).
CHEAPER = {"common_passwords": {"max_candidates": 2, "max_accounts": 2}}


@cache
def params(check_id: str) -> dict[str, Any]:
    check = checks()[check_id]
    return with_lists(check, {**check.meta.defaults(), **CHEAPER.get(check_id, {})})


@cache
def baseline() -> Facts:
    """Every collector's first recording parsed, as the facts a fuzzed fact sits among."""
    text = frame({name: (recordings(name)[0], 0) for name in COLLECTORS if recordings(name)})
    facts = parse_facts(COLLECTORS.values(), text, NONCE)
    facts.values["network_scan"] = NetworkView("127.0.0.1", (Service(22, "tcp", "ssh"),))
    return facts


def frame(outputs: dict[str, tuple[str, int]]) -> str:
    """Script output framing each collector's output and exit status, as the host script does."""
    text = f"\036START {NONCE} uid=0\n"
    for name, (stdout, rc) in outputs.items():
        for line in f"{stdout}\n\036RC {NONCE} {rc}".split("\n"):
            text += f"\036{NONCE} {name} {line}\n"
    return text + f"\036DONE {NONCE}\n"


# Characters parsers split on or choke on, besides any other.
SPECIAL = [*" \t\r\n\x00\036\ufffd\u2028\x85:=,;#/\\\"'{}[]()%*!-.0123456789²٣"]
JUNK = st.text(st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8")), max_size=40)
NUMBER = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["9" * 5000, "-1", "00", "4294967296", "1e9", "0x1f", "²", "٣", "NaN", ""]),
)
FILE_LINE = st.builds(
    lambda fields: FILE_HEADER + " ".join(fields),
    st.lists(st.one_of(NUMBER, JUNK), min_size=0, max_size=7),
)
INDEX = st.integers(0, 2**20)


def mark_line(fact: str) -> st.SearchStrategy[str]:
    name = st.one_of(st.sampled_from(section_names(fact)), JUNK)
    return st.builds(
        lambda n, arg: f"{SECTION_MARK}{n} {arg}".rstrip(), name, st.one_of(JUNK, NUMBER)
    )


def mutation(fact: str) -> st.SearchStrategy[tuple[Any, ...]]:
    line = st.one_of(mark_line(fact), FILE_LINE, JUNK, NUMBER)
    return st.one_of(
        st.tuples(st.just("drop"), INDEX),
        st.tuples(st.just("dup"), INDEX),
        st.tuples(st.just("truncate"), INDEX),
        st.tuples(st.just("flip"), INDEX, st.sampled_from(SPECIAL) | st.characters()),
        st.tuples(st.just("insert"), INDEX, line),
        st.tuples(st.just("replace"), INDEX, line),
        st.tuples(st.just("number"), INDEX, NUMBER),
        st.tuples(st.just("bytes"), INDEX, st.binary(min_size=1, max_size=8)),
    )


def mutate(text: str, op: tuple[Any, ...]) -> str:
    """``text`` with the mutation ``op`` applied (indexes wrap around)."""
    kind, at, *arg = op
    lines = text.split("\n")
    i = at % len(lines)
    if kind == "drop":
        del lines[i]
    elif kind == "dup":
        lines.insert(i, lines[i])
    elif kind == "insert":
        lines.insert(i, arg[0])
    elif kind == "replace":
        lines[i] = arg[0]
    elif kind == "truncate":
        return text[: at % (len(text) + 1)]
    elif kind == "flip":
        p = at % (len(text) + 1)
        return text[:p] + arg[0] + text[p + 1 :]
    elif kind == "number":
        runs = list(re.finditer(r"\d+", text))
        if not runs:
            return text + arg[0]
        run = runs[at % len(runs)]
        return text[: run.start()] + arg[0] + text[run.end() :]
    elif kind == "bytes":  # invalid UTF-8 from the host, decoded as the transports decode it
        data = text.encode()
        p = at % (len(data) + 1)
        return (data[:p] + arg[0] + data[p:]).decode(errors="replace")
    return "\n".join(lines)


def outputs(fact: str) -> st.SearchStrategy[str]:
    """Random text, or a recording of the fact mutated a few times."""
    seeds = recordings(fact)
    random_text = st.text(st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=400)
    base = st.one_of(st.sampled_from(seeds), random_text) if seeds else random_text
    return st.builds(
        lambda text, ops: _apply(text, ops), base, st.lists(mutation(fact), max_size=6)
    )


def _apply(text: str, ops: list[tuple[Any, ...]]) -> str:
    for op in ops:
        text = mutate(text, op)
    return text


RC = st.one_of(st.sampled_from([0, 1, 2, 77, 124, 127, 255]), st.integers(-(2**40), 2**40))


def readers(fact: str) -> list[Check]:
    return [c for c in checks().values() if fact in c.meta.facts]


def assert_survives(fact: str, stdout: str, rc: int) -> None:
    """The collector's output, framed, parses to a value or a reason; every check reading the
    fact, and the snapshot, then give a result."""
    text = frame({fact: (stdout, rc)})
    raw = Raw(stdout.removesuffix("\n"), rc)  # the framing's newline takes a last one
    assert split_output(text, NONCE) == {fact: raw}
    parsed = parse_facts([COLLECTORS[fact]], text, NONCE, "not root in the fuzz test")
    assert (fact in parsed.values) != (fact in parsed.errors)
    error = parsed.errors.get(fact, "")
    if error.startswith(CRASH):
        COLLECTORS[fact].parse(raw)  # raise the parser's exception, traceback and all
    base = baseline()
    values = {k: v for k, v in base.values.items() if k != fact}
    errors = {k: v for k, v in base.errors.items() if k != fact}
    facts = Facts({**values, **parsed.values}, {**errors, **parsed.errors})
    for check in readers(fact):
        facts.values["target"] = Target("host", "127.0.0.1", role=check.meta.roles[0])
        outcome = judge(check, facts, params(check.id))
        assert isinstance(outcome, Outcome) and outcome.status in STATUSES
        assert all(isinstance(e, str) for e in outcome.evidence)
        outcome.text.render("en")
        outcome.text.render("vi")
        outcome.text.to_json()
    if fact in SNAPSHOT_FACTS:
        take_snapshot(facts).to_json()


@pytest.mark.parametrize("fact", sorted(COLLECTORS))
def test_fuzzed_output_gives_a_fact_or_an_error(fact: str) -> None:
    @FUZZ
    @given(outputs(fact), RC)
    def run(stdout: str, rc: int) -> None:
        assert_survives(fact, stdout, rc)

    run()


def test_every_collector_is_fuzzed_from_real_output() -> None:
    """A new collector needs recordings (or a seed here) for its fuzzing to mean anything."""
    assert [name for name in COLLECTORS if not recordings(name)] == []


# Minimal failing examples hypothesis found (each raised before its parser was fixed): modes
# that are not octal, numbers too long for int(), short or empty lines.
HUGE = "9" * 5000
CRASHES = [
    ("audit_files", "log\t/var/log/audit/audit.log\t8 root root", 0),
    ("citizen_data_files", "tools\n\nexamined 1", 0),
    ("clock", "²", 0),
    ("core_dump_config", "\036FILE 644 root root  /etc/security/limits.conf\n* hard core 0", 0),
    ("cron_files", "644 root root f /etc/crontab\ncron-done", 0),
    ("firewall", "\036SEC units\n\nnftables disabled inactive", 0),
    ("log_files", "68 root root /var/log/syslog", 0),
    ("log_logrotate", f"\036SEC files\n\036FILE 644 root root {HUGE} /etc/logrotate.conf", 0),
    ("login_banners", "sshd-banner none\n\036SEC files\n\036FILE 8 root root 6 /etc/issue", 0),
    ("login_defs", "\036FILE 0    \nPASS_MAX_DAYS 99999", 0),
    ("scheduled_jobs", "\036SEC modes\n9 root root f /etc/crontab\n\036SEC done", 0),
    ("service_keys", "KEY\t/etc/ssh/ssh_host_rsa_key\t8 root root", 0),
    ("shell_init", "\036FILE 508 root root 10 /etc/profile\numask 022", 0),
    ("sshd_files", "\036SEC config\n8 root root f /etc/ssh/sshd_config\n\036SEC end", 0),
    ("user_homes", "\036SEC home root\n9 root root d /root\n\036SEC end", 0),
]


@pytest.mark.parametrize(("fact", "stdout", "rc"), CRASHES)
def test_found_crashes_stay_fixed(fact: str, stdout: str, rc: int) -> None:
    assert_survives(fact, stdout, rc)
