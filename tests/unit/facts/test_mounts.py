"""The mounts parser on recorded /proc/self/mountinfo, and the block_devices mounts it shares."""

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts.base import FactError, Raw
from auditor.facts.block_devices import parse_block_devices
from auditor.facts.mounts import SCRIPT, Mount, mount_table_line, parse_mounts, unescape
from auditor.facts.script import PRELUDE

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def test_script_is_valid_posix_sh():
    shell = shutil.which("dash") or shutil.which("sh")
    result = subprocess.run(
        [shell, "-n"], input=PRELUDE + "\n" + SCRIPT, text=True, capture_output=True
    )
    assert result.returncode == 0, result.stderr


def test_lab_host_mounts():
    mounts = parse_mounts(recorded("mounts/debian12_lab_host.txt"))
    assert [m.mountpoint for m in mounts.mounts] == [
        "/", "/proc", "/proc/sys", "/sys", "/dev", "/dev/pts", "/dev/shm", "/run", "/tmp",
    ]  # fmt: skip
    tmp = mounts.mount_at("/tmp/")
    assert tmp == Mount("lab-tmp", "/tmp", "tmpfs", ("rw", "nosuid", "nodev", "noexec", "relatime"))
    assert tmp.describe() == "/tmp: lab-tmp (tmpfs) rw,nosuid,nodev,noexec,relatime"
    # a bind mount shows the directory of its source, as findmnt does
    assert mounts.mount_at("/proc/sys").describe().startswith("/proc/sys: proc[/sys] (proc) ro,")
    root = mounts.mount_at("/")
    assert root.fstype == "overlay" and root.options[:2] == ("rw", "relatime")
    assert "lowerdir=/var/cache/auditor-lab/baseline/" in ",".join(root.options)
    assert mounts.mount_at("/var/tmp") is None
    assert mounts.holding("/var/tmp") == root
    assert mounts.holding("/dev/shm/x").mountpoint == "/dev/shm"
    assert mounts.holding("/devx").mountpoint == "/"


def test_file_system_options_follow_mount_flags():
    mounts = parse_mounts(recorded("mounts/rhel9_cis_lvm.txt"))
    home = mounts.mount_at("/home")
    assert home.source == "/dev/mapper/rhel-home" and home.fstype == "xfs"
    assert home.options[:3] == ("rw", "nodev", "relatime")
    assert "seclabel" in home.options and home.options.count("rw") == 1
    assert mounts.mount_at("/var/log/audit").source == "/dev/mapper/rhel-var_log_audit"


def test_only_the_mount_on_top_is_kept_and_escapes_are_read():
    raw = Raw(
        "20 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
        "21 20 0:30 / /tmp rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw\n"
        "22 21 0:31 / /tmp rw,relatime - tmpfs tmpfs rw,size=10m\n"
        "23 20 8:2 / /srv/my\\040data rw,relatime shared:5 master:1 - ext4 /dev/sda2 rw\n"
    )
    mounts = parse_mounts(raw)
    assert [m.mountpoint for m in mounts.mounts] == ["/", "/tmp", "/srv/my data"]
    assert mounts.mount_at("/tmp").options == ("rw", "relatime", "size=10m")
    assert unescape(r"a\011b\134c") == "a\tb\\c"


@pytest.mark.parametrize(
    "raw",
    [
        recorded("mounts/proc_not_mounted.txt"),
        Raw(""),
        Raw("20 1 8:1 / / rw,relatime ext4 /dev/sda1 rw\n"),  # no "-" separator
    ],
)
def test_unreadable_output_is_an_error(raw):
    with pytest.raises(FactError, match="cannot read /proc/self/mountinfo"):
        parse_mounts(raw)


def test_failed_command_is_an_error():
    with pytest.raises(FactError, match="exit status 1"):
        parse_mounts(Raw("20 1 8:1 / / rw - ext4 /dev/sda1 rw\n", rc=1))


def test_block_devices_reads_mount_table_lines_with_the_same_record():
    assert mount_table_line("/dev/sda1 /media/usb\\040key vfat rw,nosuid 0 0") == Mount(
        "/dev/sda1", "/media/usb key", "vfat", ("rw", "nosuid")
    )
    assert mount_table_line("garbage") is None
    storage = parse_block_devices(recorded("block_devices/debian12_luks_lvm.txt"))
    assert [(m.mountpoint, m.source, m.fstype) for m in storage.mounts] == [
        ("/", "/dev/mapper/pc01--vg-root", "ext4"),
        ("/home", "/dev/mapper/pc01--vg-home", "ext4"),
    ]
