"""Parsers of the facts behind the persistence checks: authorized_keys options, sudoers modes,
scheduled jobs and the package verification of set-uid files."""

from pathlib import Path

import pytest

from auditor.facts.base import FactError, Raw
from auditor.facts.scheduled_jobs import parse_scheduled_jobs
from auditor.facts.ssh_user_keys import parse_key_line, parse_ssh_user_keys, split_options
from auditor.facts.sudoers import parse_sudoers
from auditor.facts.suid_sgid import parse_suid_sgid

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF0XYy84Nti6Ea79taXi+cUwYKy2gscghsSP2GMlfuv2 c2"


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def test_key_options_are_kept():
    key = parse_key_line(f'no-pty,command="/bin/echo \\"a,b\\"",from="10.0.0.1,10.0.0.2" {KEY}')
    assert key is not None and key.bits == 256 and key.comment == "c2"
    assert key.options == ("no-pty", 'command="/bin/echo \\"a,b\\""', 'from="10.0.0.1,10.0.0.2"')
    assert key.option("command") == ['/bin/echo "a,b"']
    assert key.option("no-pty") == [""]
    assert key.option("environment") == []
    assert parse_key_line(KEY).options == ()
    assert split_options('a,b="x,y",,c') == ("a", 'b="x,y"', "c")


def test_recorded_backdoor_keys():
    keys = parse_ssh_user_keys(recorded("ssh_user_keys/debian12_backdoor_keys.txt"))
    root = next(f for f in keys.authorized if f.user == "root")
    assert [k.option("command") for k in root.keys] == [["/usr/local/bin/.sysd"], []]
    assert root.keys[1].option("environment") == ["LD_PRELOAD=/var/tmp/.l.so"]
    # what the older checks read is unchanged
    assert root.keys[0].describe() == (
        "256-bit ssh-ed25519 SHA256:FIw5NBcOktTWBx4oWiz+kTMsm8DOU/Bs1kh/+1LV1Io intruder@c2"
    )


def test_sudoers_modes_of_files_and_directories():
    sudoers = parse_sudoers(recorded("sudoers/debian12_writable.txt"))
    assert sudoers is not None
    modes = {e.path: (e.mode, e.owner, e.group, e.kind) for e in sudoers.modes}
    assert modes["/etc/sudoers.d"] == (0o775, "root", "staff", "d")
    assert modes["/etc/sudoers.d/90-ops"] == (0o660, "root", "staff", "f")
    assert modes["/etc/sudoers"] == (0o440, "root", "root", "f")
    # rules are read as before
    assert any(r.users == ("ops",) for r in sudoers.rules)


def test_scheduled_jobs():
    jobs = parse_scheduled_jobs(recorded("scheduled_jobs/debian12_writable.txt"))
    by_file = {j.file: j for j in jobs.jobs}
    hourly = next(j for j in jobs.jobs if "cron.hourly" in j.command)
    assert hourly.programs == ("/usr/bin/run-parts",)
    backup = by_file["/etc/systemd/system/backup.service"]
    assert backup.user == "root" and backup.programs == (
        "/bin/sh",
        "/usr/bin/dash",
        "/home/auditor/backup.sh",
    )
    assert by_file["/etc/systemd/system/app.service"].user == "auditor"
    assert by_file["/var/spool/cron/crontabs/root"].programs == ("/usr/local/bin/rotate-logs",)
    chrony = by_file["/usr/lib/systemd/system/chrony.service"]
    assert chrony.command.startswith("!/usr/sbin/chronyd") and chrony.user == "_chrony"
    assert chrony.programs == ("/usr/sbin/chronyd",)
    spool = jobs.modes["/var/spool/cron/crontabs"]
    assert (spool.mode, spool.group, spool.kind) == (0o1730, "crontab", "d")
    with pytest.raises(FactError):
        parse_scheduled_jobs(Raw("\036SEC jobs\n"))


def test_suid_package_verification():
    scan = parse_suid_sgid(recorded("suid_sgid/debian12_replaced.txt"))
    assert scan.verified_by == "dpkg" and scan.complete
    assert scan.modified == {"/usr/bin/chfn"}
    assert scan.unpackaged == {"/usr/bin/at"}  # /bin/su and /bin/mount are dpkg's names
    clean = parse_suid_sgid(recorded("suid_sgid/debian12_lab.txt"))
    assert clean.unpackaged == set() and clean.modified == set() and len(clean.entries) == 15
    old = parse_suid_sgid(recorded("suid_sgid/debian12_machine.txt"))
    assert old.verified_by is None and not old.unpackaged
