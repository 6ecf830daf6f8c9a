"""Password hashes, private-key material and given passwords never reach a stored message: the
paths that could carry host text into one (a parser's or check's exception, a fact's error, a
transport error, a failed script's error output, a local rule's evidence) all pass redaction."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from auditor.audit import ScanPlan
from auditor.facts.base import Facts
from auditor.inventory import load_inventory
from auditor.judge import judge
from auditor.profiles import load_profile
from auditor.redact import KEY_MARK, redact, redact_lines, remember
from auditor.registry import load_checks
from auditor.runner import run_scan
from auditor.transports import PROMPTED, ask_passwords
from auditor.transports.base import AuthFailed, CommandResult, Transport, TransportError
from auditor.transports.ssh import SshTarget, _password
from tests.specs import host_spec

SHA512 = "$6$Qm3xZ8Lr2Vd7TkPa$DnWe28eK0v9c1yGmX3kq7Xo4pRz5Wb1Lh6Ns2Tf8Ua0Jc3Ye9Ri4Ow7Pq5Ml1Zx"
YESCRYPT = "$y$j9T$abcdefghijklmnop$wRwvHNqzMkHLG74uLLCRVTwaZ.a1aIothEUeYGf9oED"
DES = "abJnggxhB/yWI"
KEY_LINE = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    f"{KEY_LINE}\nQyNTUxOQAAACDjKqp5Fc65tEnRulDqKiirGoB+QvaJFotHYdpfRiiSZQAAAJgqZ3h9Kmd4\n"
    "fQAAAAtzc2gtZWQyNTUxOQ==\n-----END OPENSSH PRIVATE KEY-----"
)
PASSWORD = "Xk7-known-Password-9q"
SECRETS = [SHA512, YESCRYPT, DES, KEY_LINE, "QyNTUxOQAAACDjKqp5Fc65", "fQAAAAtzc2gtZWQy", PASSWORD]


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"alice:{SHA512}:19000:0:99999:7:::", "alice:<$6$ hash removed>:19000:0:99999:7:::"),
        (f"bob:!{YESCRYPT}:19000::::::", "bob:!<$y$ hash removed>:19000::::::"),
        (f"3: old:{DES}:19000:0::::", "3: old:<hash removed>:19000:0::::"),
        (f"cannot parse output: ValueError: {KEY}", "cannot parse output: ValueError: "
         f"-----BEGIN OPENSSH PRIVATE KEY----- {KEY_MARK} -----END OPENSSH PRIVATE KEY-----"),
        (KEY_LINE, KEY_MARK),
    ],
)  # fmt: skip
def test_hashes_and_key_material_are_removed(text, shown):
    assert redact(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@pc",
        "256-bit ssh-ed25519 SHA256:Wd8p0cXyVn3gV8yq0i3BWh8wKx5rI1cJ1qkYt3x0lZ8 me@pc",
        "sha256 " + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Mon Jan  1 12:30:45 2026 from 10.0.0.1",
        "/etc/passwd: alice:x:1000:1000:Alice:/home/alice:/bin/bash",
        "/etc/shadow: alice:<yescrypt value>:19000:0:99999:7:::",
        "awk '{print $1$2}' /etc/passwd",
    ],
)
def test_ordinary_evidence_is_kept(text):
    assert redact(text) == text


def test_a_key_shown_line_by_line_is_removed_whole():
    lines = [f"{n}: {line}" for n, line in enumerate(KEY.splitlines(), 1)]
    shown = redact_lines([*lines, "after"])
    assert_clean("\n".join(shown))
    assert shown[-2:] == ("5: -----END OPENSSH PRIVATE KEY-----", "after")


def test_a_given_password_is_removed_everywhere():
    remember(PASSWORD)
    assert redact(f"sudo: {PASSWORD}: command not found") == (
        "sudo: <password removed>: command not found"
    )


@pytest.fixture(scope="module")
def catalogue():
    return load_checks()


def test_fact_errors_and_check_exceptions_carrying_a_hash_are_redacted(catalogue):
    check = catalogue["empty_passwords"]
    facts = Facts(errors={"shadow": f"cannot parse output: ValueError: {SHA512}"})
    assert_clean(judge(check, facts).message)

    def broken(facts: Facts, params: object) -> None:
        raise ValueError(f"invalid hash {YESCRYPT} in {KEY}")

    outcome = judge(dataclasses.replace(check, evaluate=broken), Facts())
    assert outcome.status == "error" and "ValueError" in outcome.message
    assert_clean(outcome.message)


class Refusing(Transport):
    """A transport whose session fails with, or whose script's error output carries, secrets."""

    def __init__(self, at_connect: bool) -> None:
        super().__init__()
        self.at_connect = at_connect

    def connect(self) -> None:
        if self.at_connect:
            raise TransportError(f"SSH error: {PASSWORD} {SHA512}")

    def run(self, argv: Sequence[str], stdin: bytes | None, timeout: float) -> CommandResult:
        return CommandResult(1, "", f"sh: {KEY_LINE} old:{DES}:19000: not found\n")


@pytest.mark.parametrize("at_connect", [True, False])
def test_transport_errors_carrying_secrets_are_redacted(tmp_path: Path, catalogue, at_connect):
    remember(PASSWORD)
    profile_file = tmp_path / "p.yaml"
    profile_file.write_text("id: p\ntitle: {vi: P, en: P}\ninclude: {ids: [empty_passwords]}\n")
    plan = ScanPlan.of(load_profile(str(profile_file), catalogue))
    reports: list = []
    run_scan([host_spec("h")], plan, lambda s: Refusing(at_connect), 1, reports.append)
    [report] = reports
    assert report.status == "error" and report.error
    assert_clean(report.error)


def test_password_prompt_asks_once_per_user_only_at_a_terminal(tmp_path, monkeypatch):
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "defaults: {user: kiemtra, password_prompt: true}\n"
        "units:\n  - id: u\n    name: U\n    hosts:\n"
        "      - {name: a, address: 10.0.0.1}\n      - {name: b, address: 10.0.0.2}\n"
    )
    hosts = load_inventory(inventory).hosts()
    assert all(h.password_prompt and not h.agent for h in hosts)
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or "typed-pw")
    PROMPTED.pop("kiemtra", None)
    target = SshTarget("10.0.0.1", user="kiemtra", password_prompt=True)

    monkeypatch.setattr(sys, "stdin", SimpleNamespace(isatty=lambda: False))
    ask_passwords(hosts, "en")
    assert asked == []
    with pytest.raises(AuthFailed, match="only when standard input is a terminal"):
        _password(target)

    monkeypatch.setattr(sys, "stdin", SimpleNamespace(isatty=lambda: True))
    try:
        ask_passwords(hosts, "en")
        assert asked == ["SSH password for kiemtra (password_prompt): "]
        assert _password(target) == "typed-pw"
        assert redact("echo typed-pw") == "echo <password removed>"
        monkeypatch.setenv("LEAK_TEST_PW", "from-env")
        from_env = dataclasses.replace(target, password_env="LEAK_TEST_PW")
        assert _password(from_env) == "from-env"  # the variable, when set, comes first
    finally:
        PROMPTED.pop("kiemtra", None)
