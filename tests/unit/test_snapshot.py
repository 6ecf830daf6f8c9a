"""The quarterly snapshot of a host, built from recorded facts: accounts and their sudo rights,
authorized key fingerprints, listening services, the package count; never secrets."""

from __future__ import annotations

import json

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import FactError, Facts, Raw
from auditor.facts.sudoers import Sudoers, SudoRule
from auditor.snapshot import Snapshot, take_snapshot
from tests.unit.checks.conftest import recorded

COLLECTORS = load_collectors()


OS_RELEASE = Raw('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')


def facts(**outputs: str | Raw) -> Facts:
    """Facts parsed from outputs given, or recorded ones named ``collector=file``."""
    found = Facts()
    for name, given in outputs.items():
        raw = given if isinstance(given, Raw) else recorded(f"{name}/{given}")
        try:
            found.values[name] = COLLECTORS[name].parse(raw)
        except FactError as exc:
            found.errors[name] = str(exc)
    return found


def test_lab_host_snapshot():
    snap = take_snapshot(
        facts(os_release=OS_RELEASE, accounts="debian12_lab.txt", sudoers="debian12_lab.txt",
              ssh_user_keys="debian12_lab.txt", listening_sockets="debian_lab_mixed.txt",
              installed_packages="debian12.txt")
    )  # fmt: skip
    assert snap.missing == {}
    assert snap.os_release == "Debian GNU/Linux 12 (bookworm)"
    assert snap.packages == 710
    assert snap.uid0 == ["root"]
    by_name = {a.name: a for a in snap.accounts}
    assert by_name["auditor"].sudo == ("(ALL) NOPASSWD: ALL",)
    assert by_name["root"].sudo == ("(ALL) ALL",)
    assert by_name["auditor"].login and not by_name["daemon"].login
    assert all(k.fingerprint.startswith("SHA256:") for k in snap.keys)
    assert snap.services and all(s.port > 0 for s in snap.services)
    assert Snapshot.from_json(json.loads(json.dumps(snap.to_json()))) == snap


def test_sudo_rights_through_aliases_groups_all_and_exclusions():
    found = facts(accounts="debian12_lab.txt")
    accounts = found.values["accounts"]
    rules = (
        SudoRule(("%sudo",), "ALL", ("ALL",)),
        SudoRule(("ALL", "!auditor"), "/usr/bin/journalctl", ("root",), frozenset({"NOPASSWD"})),
        SudoRule(("auditor",), "/usr/bin/id", ()),
    )
    found.values["sudoers"] = Sudoers(rules, (), ("/etc/sudoers",))
    sudo_members = accounts.members("sudo")
    snap = take_snapshot(found)
    rights = {a.name: a.sudo for a in snap.accounts}
    assert rights["auditor"] == ("(same user) /usr/bin/id",)
    assert rights["root"] == ("(root) NOPASSWD: /usr/bin/journalctl",)
    for member in sudo_members:
        assert "(ALL) ALL" in rights[member]
    assert all("(root) NOPASSWD: /usr/bin/journalctl" in r for n, r in rights.items()
               if n != "auditor")  # fmt: skip


def test_udp_client_ports_are_not_services():
    found = facts(listening_sockets=Raw(
        "root=yes\n\036SEC ss\n"
        "udp UNCONN 0 0 0.0.0.0:323 0.0.0.0:* users:((\"chronyd\",pid=1,fd=5))\n"
        "udp UNCONN 0 0 0.0.0.0:45123 0.0.0.0:* users:((\"chronyd\",pid=1,fd=6))\n"
        "tcp LISTEN 0 128 0.0.0.0:40000 0.0.0.0:* users:((\"app\",pid=2,fd=3))\n"
    ))  # fmt: skip
    assert [s.key for s in take_snapshot(found).services] == [
        "tcp 0.0.0.0:40000",
        "udp 0.0.0.0:323",
    ]


def test_facts_that_failed_are_named_and_nothing_secret_is_kept():
    found = facts(accounts="debian12_lab.txt", listening_sockets="debian_not_root.txt")
    found.errors["ssh_user_keys"] = "needs root: sudo -n failed"
    found.errors["sudoers"] = "needs root: sudo -n failed"
    snap = take_snapshot(found)
    assert snap.missing["ssh_user_keys"] == "needs root: sudo -n failed"
    assert set(snap.missing) == {"ssh_user_keys", "sudoers"}
    assert (snap.os_release, snap.packages) == (None, None)  # not gathered: unknown, not missing
    assert snap.keys == () and all(a.sudo == () for a in snap.accounts)
    text = json.dumps(snap.to_json())
    assert "$y$" not in text and "$6$" not in text and "ssh-ed25519 AAAA" not in text


@pytest.mark.parametrize(
    ("output", "expected"),
    [("dpkg 710\n", ("dpkg", 710)), ("rpm 538\n", ("rpm", 538))],
)
def test_installed_package_count(output, expected):
    parsed = COLLECTORS["installed_packages"].parse(Raw(output))
    assert (parsed.manager, parsed.count) == expected


@pytest.mark.parametrize(
    ("output", "reason"),
    [("none\n", "neither dpkg nor rpm"), ("dpkg \n", "unexpected package count output")],
)
def test_installed_package_count_errors(output, reason):
    with pytest.raises(FactError, match=reason):
        COLLECTORS["installed_packages"].parse(Raw(output))
