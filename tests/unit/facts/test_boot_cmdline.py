"""The kernel command line collector: /proc/cmdline and GRUB's saved defaults."""

import shutil
import subprocess

import pytest

from auditor.facts.base import FactError, FileDump, Raw
from auditor.facts.boot_cmdline import SCRIPT, grub_cmdline, parse_boot_cmdline
from tests.unit.checks.conftest import recorded


def grub(contents: dict[str, str]) -> tuple[str, ...] | None:
    dumps = {p: FileDump(0o644, "root", "root", "f", p, 0, t) for p, t in contents.items()}
    return grub_cmdline(dumps)


def test_recorded_lab_and_debian_default():
    lab = parse_boot_cmdline(recorded("boot_cmdline/debian12_lab.txt"))
    assert lab.grub == ("audit=1", "audit_backlog_limit=8192")
    assert lab.grub_files == ("/etc/default/grub.d/60-lab-audit.cfg",)
    assert lab.running is not None and lab.kernel_cmdline is None
    default = parse_boot_cmdline(recorded("boot_cmdline/debian12_grub_default.txt"))
    assert default.grub == ("quiet",)


def test_grub_shell_assignments():
    assert grub({}) is None
    words = grub(
        {
            "/etc/default/grub": 'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"\n'
            "GRUB_CMDLINE_LINUX='console=ttyS0 $NOT_EXPANDED'\n"
            '#GRUB_CMDLINE_LINUX="audit=1"\n',
            "/etc/default/grub.d/70-b.cfg": (
                'export GRUB_CMDLINE_LINUX="${GRUB_CMDLINE_LINUX} b=2"\n'
            ),
            "/etc/default/grub.d/60-a.cfg": "GRUB_CMDLINE_LINUX=$GRUB_CMDLINE_LINUX' a=1' # note\n",
        }
    )
    assert words == ("console=ttyS0", "$NOT_EXPANDED", "a=1", "b=2", "quiet", "splash")


def test_missing_sections_are_an_error():
    with pytest.raises(FactError):
        parse_boot_cmdline(Raw("garbage\n"))


def test_shell_is_posix():
    for shell in ("dash", "busybox"):
        path = shutil.which(shell)
        if path is None:
            continue
        argv = [path, "sh", "-n"] if shell == "busybox" else [path, "-n"]
        result = subprocess.run(argv, input=SCRIPT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
