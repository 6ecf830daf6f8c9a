"""Parsers of the system collectors, on recorded outputs."""

from pathlib import Path

import pytest

from auditor.facts.automount import parse_automount
from auditor.facts.base import FactError, Raw
from auditor.facts.block_devices import parse_block_devices
from auditor.facts.core_dump_config import parse_core_dump_config
from auditor.facts.cron_files import parse_cron_files
from auditor.facts.login_banners import parse_login_banners
from auditor.facts.process_list import Process, parse_process_list, parse_processes
from auditor.facts.shell_init import parse_shell_init
from auditor.facts.suid_sgid import parse_suid_sgid
from auditor.facts.sysctl import parse_sysctl
from auditor.facts.usb_storage import parse_usb_storage
from auditor.facts.world_writable import parse_world_writable
from auditor.parsers.kernel import satisfies

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def test_process_list():
    found = parse_process_list(recorded("process_list/rhel9_server.txt"))
    assert found[0].comm == "systemd" and found[0].pid == 1
    assert Process(2210, "root", "in.tftpd", "in.tftpd -s /var/lib/tftpboot") in found
    assert next(p for p in found if p.comm == "chronyd").user == "chrony"
    assert found[-1].describe() == "ps (pid 3322, user root)"
    with pytest.raises(FactError, match="no process list"):
        parse_process_list(Raw("ps: command not found\n"))


def test_processes_from_ps_comm_with_spaces_and_a_process_gone_between_the_listings():
    text = (
        "\036SEC comm\n    1 systemd\n  700 tmux: server\n  812 ps\n"
        "\036SEC args\n    1 root                             /sbin/init splash\n"
        "  700 thu                              tmux new -s work\n"
    )
    assert parse_processes(text) == (
        Process(1, "root", "systemd", "/sbin/init splash"),
        Process(700, "thu", "tmux: server", "tmux new -s work"),
        Process(812, "?", "ps", ""),
    )


def test_processes_from_proc():
    text = "\036SEC proc\n9 thu Web Content\t/usr/lib/firefox/firefox -isForBrowser \n"
    text += "2 root kthreadd\t\n"
    assert parse_processes(text) == (
        Process(2, "root", "kthreadd", ""),
        Process(9, "thu", "Web Content", "/usr/lib/firefox/firefox -isForBrowser"),
    )


def test_sysctl_order_last_file_wins_and_etc_hides_usr_lib():
    sysctl = parse_sysctl(recorded("sysctl/rhel9_forwarding.txt"))
    assert sysctl.running["net.ipv4.ip_forward"] == "1"
    value, where = sysctl.saved["fs.suid_dumpable"]
    assert (value, where) == ("2", "/usr/lib/sysctl.d/50-coredump.conf:5: fs.suid_dumpable=2")
    assert "-net.ipv4.conf.all.rp_filter" not in sysctl.saved
    raw = Raw(
        "\036SEC running\n\036SEC files\n"
        "\036FILE 644 root root 10 /usr/lib/sysctl.d/10-a.conf\nkernel.kptr_restrict = 0\n"
        "\036FILE 644 root root 10 /etc/sysctl.d/10-a.conf\nkernel/kptr_restrict=2\n"
        "\036FILE 644 root root 10 /etc/sysctl.conf\n; comment\nkernel.dmesg_restrict = 1\n"
    )
    sysctl = parse_sysctl(raw)
    assert sysctl.saved["kernel.kptr_restrict"][0] == "2"
    assert sysctl.saved["kernel.dmesg_restrict"][1].startswith("/etc/sysctl.conf:2:")
    with pytest.raises(FactError):
        parse_sysctl(Raw(""))


def test_satisfies():
    assert satisfies("2", "2") and satisfies("2", ">=1") and not satisfies("0", ">=1")
    assert not satisfies("abc", ">=1")


def test_core_dump_config():
    config = parse_core_dump_config(recorded("core_dump_config/rhel9_coredump.txt"))
    assert config.systemd_coredump
    assert config.limits == ()
    assert "Storage" not in config.coredump  # commented out
    config = parse_core_dump_config(recorded("core_dump_config/debian12_hardened.txt"))
    assert config.limits[0][:3] == ("*", "hard", "0")


def test_usb_storage():
    usb = parse_usb_storage(recorded("usb_storage/debian12_machine.txt"))
    assert usb.loaded is None and usb.module == "no-module-directory"
    assert not usb.install_disabled and not usb.blacklisted
    usb = parse_usb_storage(recorded("usb_storage/debian12_disabled.txt"))
    assert usb.loaded is False and usb.install_disabled and usb.blacklisted
    with pytest.raises(FactError):
        parse_usb_storage(Raw("nothing\n"))


def test_file_scans():
    scan = parse_suid_sgid(recorded("suid_sgid/debian12_machine.txt"))
    assert scan.complete and len(scan.entries) == 17
    assert scan.entries[0].describe() == "2755 root:shadow /usr/sbin/unix_chkpwd"
    scan = parse_world_writable(recorded("world_writable/rhel9_timeout.txt"))
    assert not scan.complete and "timed out" in scan.note
    with pytest.raises(FactError):
        # no exit status: cut short
        parse_world_writable(Raw("find-limit 200\n666 root root f /etc/x\n"))


def test_cron_files():
    entries = parse_cron_files(recorded("cron_files/rhel9_writable.txt"))
    assert entries[1].path == "/etc/cron.deny" and entries[1].kind == "f"
    assert entries[2].kind == "d"
    with pytest.raises(FactError):
        parse_cron_files(Raw("755|root|root|directory|/etc/cron.d\n"))


def test_shell_init_and_banners():
    files = parse_shell_init(recorded("shell_init/debian12_default.txt"))
    assert list(files) == ["/etc/profile", "/etc/bash.bashrc", "/etc/login.defs"]
    banners = parse_login_banners(recorded("login_banners/debian12_default.txt"))
    assert banners.sshd_banner == "none"
    assert banners.files["/etc/issue.net"].content.startswith("Debian GNU/Linux 12")
    with pytest.raises(FactError):
        parse_login_banners(Raw(""))


def test_automount_and_block_devices():
    auto = parse_automount(recorded("automount/debian12_gnome_locked.txt"))
    assert auto.units == {"autofs": "absent", "udisks2": "enabled"} and auto.gnome
    assert auto.processes == ("gnome-shell", "nautilus")
    assert parse_automount(recorded("automount/rhel9_autofs.txt")).processes == ("automount",)
    assert parse_automount(recorded("automount/debian12_machine.txt")).processes == ()
    assert auto.gnome_automount_off() == [
        "/etc/dconf/db/local.d/00-media-handling:2: automount=false"
    ]
    storage = parse_block_devices(recorded("block_devices/debian12_luks_lvm.txt"))
    root = next(d for d in storage.devices if d.mountpoint == "/")
    assert [d.type for d in storage.chain(root)] == ["lvm", "crypt", "part", "disk"]
    storage = parse_block_devices(recorded("block_devices/chroot_no_root_mount.txt"))
    assert storage.devices == () and "sysfs" in storage.lsblk_error
