"""Parsers of the sshd_files, root_shell, user_homes and unowned_files collectors, the shells of
the accounts fact, and the collectors' shell."""

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.accounts import parse_accounts
from auditor.facts.base import FactError, Raw
from auditor.facts.root_shell import parse_root_shell
from auditor.facts.script import PRELUDE
from auditor.facts.sshd_files import parse_sshd_files
from auditor.facts.unowned_files import parse_unowned_files
from auditor.facts.user_homes import parse_user_homes

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"
MINE = ("sshd_files", "root_shell", "user_homes", "unowned_files")


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def test_accounts_read_etc_shells():
    accounts = parse_accounts(recorded("accounts/debian12_baseline.txt"))
    assert accounts.shells is not None and "/bin/bash" in accounts.shells
    assert "# /etc/shells: valid login shells" not in accounts.shells
    assert accounts.interactive(accounts.user("auditor"))
    assert not accounts.interactive(accounts.user("sync"))  # /bin/sync is not in /etc/shells
    assert accounts.files["/etc/security/opasswd"].line() == "/etc/security/opasswd 0600 root:root"
    older = parse_accounts(recorded("accounts/debian12_lab.txt"))
    assert older.shells is None and older.interactive(older.user("sync"))


def test_sshd_files():
    files = parse_sshd_files(recorded("sshd_files/debian12_baseline.txt"))
    assert [e.path for e in files.config][:2] == [
        "/etc/ssh/sshd_config",
        "/etc/ssh/sshd_config.d/10-hardening.conf",
    ]
    assert len(files.public_keys) == 3 and files.public_keys[0].mode == 0o644
    with pytest.raises(FactError, match="did not finish"):
        parse_sshd_files(Raw("\036SEC config\n600 root root f /etc/ssh/sshd_config\n"))


def test_root_shell():
    shell = parse_root_shell(recorded("root_shell/debian12_unsafe.txt"))
    assert shell.ran and shell.umask == 0o022 and shell.start_umask == 0o022
    assert shell.path is not None and shell.path.endswith("::/opt/lab-tools:.:/nonexistent")
    assert shell.missing == ("/nonexistent",)
    assert shell.dirs is not None and shell.dirs["/opt/lab-tools"].owner == "auditor"
    none = parse_root_shell(
        Raw("shell /sbin/nologin\nhome /root\nstart-umask 027\n\036SEC login none\n")
    )
    assert not none.ran and none.start_umask == 0o027
    with pytest.raises(FactError):
        parse_root_shell(Raw("something else\n"))


def test_user_homes():
    homes = parse_user_homes(recorded("user_homes/debian12_open.txt"))
    assert [h.user for h in homes] == ["root", "auditor", "canbo"]
    assert homes[1].entry is not None and homes[1].entry.mode == 0o755
    assert [f.path.rsplit("/", 1)[1] for f in homes[1].dot_files][-1] == ".rhosts"
    assert homes[2].entry is None and homes[2].path == "/home/canbo"
    with pytest.raises(FactError, match="no listing"):
        parse_user_homes(Raw("\036SEC home x\n\036SEC end\n"))


def test_unowned_files():
    scan = parse_unowned_files(recorded("unowned_files/debian12_orphans.txt"))
    assert scan.complete and [e.path for e in scan.entries] == ["/var/lib/olddb", "/srv/orphan.tar"]
    assert not parse_unowned_files(Raw("find-limit 200\nfind-exit 124\n")).complete


@pytest.mark.parametrize("name", MINE)
def test_collector_shell_is_posix(name):
    shell = shutil.which("dash") or shutil.which("sh")
    script = PRELUDE + load_collectors()[name].script
    result = subprocess.run([shell, "-n"], input=script, text=True, capture_output=True)
    assert result.returncode == 0, result.stderr
