"""Parser of the sudoers collector."""

from pathlib import Path

from auditor.facts.base import Raw
from auditor.facts.sudoers import parse_sudoers

DATA = Path(__file__).resolve().parents[2] / "data" / "facts" / "sudoers"


def load(name: str):
    return parse_sudoers(Raw((DATA / name).read_text(encoding="utf-8")))


def test_debian_includedir():
    sudoers = load("debian12_lab.txt")
    assert sudoers.files == ("/etc/sudoers", "/etc/sudoers.d/README", "/etc/sudoers.d/auditor")
    auditor = sudoers.rules[-1]
    assert auditor.users == ("auditor",) and auditor.tags == frozenset({"NOPASSWD"})
    assert auditor.as_root and auditor.where == "/etc/sudoers.d/auditor:1"


def test_rhel_hash_includedir_is_not_a_comment():
    sudoers = load("rhel9.txt")
    assert "/etc/sudoers.d/ansible" in sudoers.files
    assert [r.users for r in sudoers.rules] == [("root",), ("%wheel",), ("ansible",)]


def test_aliases_runas_tags_and_skipped_files():
    sudoers = load("debian12_complex.txt")
    assert sudoers.skipped == ("/etc/sudoers.d/old.bak", "/etc/sudoers.d/tmp~")
    by_command = {r.command: r for r in sudoers.rules}
    assert by_command["/usr/bin/zsh"].users == ("%webteam", "levanc")
    assert by_command["/usr/bin/zsh"].runas == ("root", "#0")
    assert "NOPASSWD" in by_command["/usr/bin/zsh"].tags  # tags carry over
    assert by_command["/usr/bin/tar"].tags == frozenset({"PASSWD"})
    assert not by_command["/usr/bin/journalctl"].as_root  # (:adm) keeps the user
    defaults = [d for d in sudoers.defaults if d.scope]
    assert (defaults[0].scope, defaults[0].targets) == (":", ("nguyenvana", "tranthib"))


def test_multiple_host_lists_and_no_sudo():
    text = (
        "\036FILE 440 root root 1 /etc/sudoers\n"
        "alice web1 = (root) /usr/bin/id : db1 = NOPASSWD: ALL\n"
    )
    rules = parse_sudoers(Raw(text)).rules
    assert [(r.command, sorted(r.tags)) for r in rules] == [
        ("/usr/bin/id", []),
        ("ALL", ["NOPASSWD"]),
    ]
    assert parse_sudoers(Raw("NO-SUDOERS\n")) is None
