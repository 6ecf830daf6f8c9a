"""Parsers of the accounts, shadow and login_defs collectors, and the collectors' shell."""

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.accounts import parse_accounts
from auditor.facts.base import FactError, Raw
from auditor.facts.login_defs import parse_login_defs
from auditor.facts.script import PRELUDE
from auditor.facts.shadow import hash_method, parse_shadow

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"
MINE = ("accounts", "shadow", "login_defs", "pam", "sudoers", "last_logins", "ssh_user_keys")


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def test_accounts_debian():
    accounts = parse_accounts(recorded("accounts/debian12_lab.txt"))
    root = accounts.user("root")
    assert root is not None and root.uid == 0 and root.has_login_shell
    assert not accounts.user("www-data").has_login_shell
    assert accounts.files["/etc/shadow"].line() == "/etc/shadow 0640 root:shadow"
    assert accounts.members("sudo") == []
    nobody = "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"
    assert accounts.user("nobody").line() == nobody


def test_accounts_rhel_members_and_zero_mode():
    accounts = parse_accounts(recorded("accounts/rhel9.txt"))
    assert accounts.files["/etc/shadow"].mode == 0
    assert accounts.members("wheel") == ["nguyenvana"]
    assert accounts.members("tranthib") == ["tranthib"]  # primary group


def test_accounts_hides_hash_in_passwd_field():
    raw = Raw("\036SEC passwd\nold:$1$ab$cdefgh:1000:1000::/home/old:/bin/sh\n")
    accounts = parse_accounts(raw)
    assert accounts.user("old").line() == "old:<hash>:1000:1000::/home/old:/bin/sh"


def test_accounts_unreadable():
    with pytest.raises(FactError):
        parse_accounts(Raw("STAT 644 root root /etc/passwd\n"))


def test_shadow_states_and_redaction():
    shadow = parse_shadow(recorded("shadow/debian12_weak.txt"))
    assert shadow["root"].state == "locked"
    assert shadow["daemon"].state == "disabled"
    assert shadow["guest"].state == "empty" and shadow["guest"].usable
    assert shadow["canbo"].state == "usable" and shadow["canbo"].method == "yescrypt"
    assert shadow["oldunix"].method == "des"
    assert shadow["canbo"].redacted() == "canbo:<yescrypt value>:20410:1:60:7:45::"
    assert "$y$" not in repr(shadow["canbo"])
    users = parse_shadow(recorded("shadow/debian12_users.txt"))
    assert users["locked"].redacted().startswith("locked:!<yescrypt value>:")
    assert users["expired"].expired_account(20414)


def test_shadow_unreadable():
    with pytest.raises(FactError):
        parse_shadow(Raw("UNREADABLE\n"))


@pytest.mark.parametrize(
    ("value", "method"),
    [
        ("$y$j9T$a$b", "yescrypt"),
        ("$6$rounds=5000$s$h", "sha512crypt"),
        ("$2b$10$x", "bcrypt"),
        ("$1$s$h", "md5crypt"),
        ("abcdefghijklm", "des"),
        ("*", ""),
        ("!!", ""),
        ("x", ""),
    ],
)
def test_hash_method(value, method):
    assert hash_method(value) == method


def test_login_defs_debian_and_rhel():
    lab = parse_login_defs(recorded("login_defs/debian12_lab.txt"))
    assert lab.number("PASS_MAX_DAYS") == 60
    assert lab.useradd["INACTIVE"] == "45"
    assert lab.evidence("ENCRYPT_METHOD") == "/etc/login.defs: ENCRYPT_METHOD YESCRYPT"
    assert lab.uid_min == 1000
    rhel = parse_login_defs(recorded("login_defs/rhel9.txt"))
    assert rhel.number("SYS_UID_MAX") == 999
    assert rhel.useradd["INACTIVE"] == "-1"
    empty = parse_login_defs(Raw(""))
    assert not empty.present and empty.uid_min == 1000


@pytest.mark.parametrize("name", MINE)
def test_collector_shell_is_posix(name):
    shell = shutil.which("dash") or shutil.which("sh")
    script = PRELUDE + "\n" + load_collectors()[name].script
    result = subprocess.run([shell, "-n"], input=script, text=True, capture_output=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "parse"), [("accounts", parse_accounts), ("login_defs", parse_login_defs)]
)
def test_collector_runs_here(name, parse):
    script = PRELUDE + "\n" + load_collectors()[name].script
    result = subprocess.run(["sh", "-c", script], text=True, capture_output=True, timeout=30)
    parsed = parse(Raw(result.stdout, result.returncode))
    assert parsed is not None
