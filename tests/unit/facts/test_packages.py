"""Parsers of the package collectors (pkg_*), version ordering and the collectors' shell."""

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import FactError, Raw
from auditor.facts.pkg_auto_updates import parse_auto_updates
from auditor.facts.pkg_history import parse_history
from auditor.facts.pkg_reboot import parse_reboot
from auditor.facts.pkg_sources import parse_ini, parse_sources
from auditor.facts.pkg_updates import (
    parse_apt_simulation,
    parse_check_update,
    parse_security_list,
    parse_updates,
)
from auditor.facts.script import PRELUDE
from auditor.parsers.packages import parse_apt_config
from auditor.parsers.versions import compare_versions, newest

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"
MINE = ("pkg_updates", "pkg_reboot", "pkg_history", "pkg_auto_updates", "pkg_sources")


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("6.1.0-21-amd64", "6.1.0-18-amd64", 1),
        ("5.14.0-427.22.1.el9_4.x86_64", "5.14.0-427.el9.x86_64", 1),
        ("1.0~rc1", "1.0", -1),
        ("1.0", "1.0~rc1", 1),
        ("2.0a", "2.0", 1),
        ("10", "9", 1),
        ("1.0", "1.0", 0),
        ("1.0.1", "1.0a", 1),
    ],
)
def test_compare_versions(a, b, expected):
    assert compare_versions(a, b) == expected
    assert compare_versions(b, a) == -expected


def test_newest():
    assert newest(["6.1.0-9-amd64", "6.1.0-21-amd64", "6.1.0-18-amd64"]) == "6.1.0-21-amd64"


SECURITY = "Debian-Security:12/oldstable-security"


def test_apt_simulation_lines():
    updates = parse_apt_simulation(
        [
            f"Inst libssl3 [3.0.19-1~deb12u2] (3.0.22-1~deb12u2 {SECURITY} [amd64]) []",
            f"Inst linux-image-6.1.0-40-amd64 (6.1.153-1 {SECURITY} [amd64])",
            "Conf libssl3 (3.0.22-1~deb12u2 Debian-Security:12/oldstable-security [amd64])",
            "Inst tzdata [2024a-0+deb12u1] (2025b-0+deb12u2 Debian:12.12/oldstable [all])",
        ]
    )
    assert [(u.name, u.installed, u.candidate, u.security) for u in updates] == [
        ("libssl3", "3.0.19-1~deb12u2", "3.0.22-1~deb12u2", True),
        ("tzdata", "2024a-0+deb12u1", "2025b-0+deb12u2", False),
    ]
    assert updates[0].origin == "Debian-Security:12/oldstable-security"


def test_updates_debian_recorded():
    updates = parse_updates(recorded("pkg_updates/debian12_pending.txt"))
    assert updates.manager == "apt" and len(updates.updates) == 10 and len(updates.security) == 6
    assert updates.metadata_time == 1795306898
    assert updates.metadata_files[0] == (
        "2026-11-22 deb.debian.org_debian-security_dists_bookworm-security_InRelease"
    )


def test_updates_held_flag():
    updates = parse_updates(recorded("pkg_updates/debian12_security_held.txt"))
    assert updates.updates[0].held
    assert updates.updates[0].describe().endswith("[held]")


def test_updates_errors():
    with pytest.raises(FactError, match="dpkg was interrupted"):
        parse_updates(recorded("pkg_updates/debian12_apt_broken.txt"))
    with pytest.raises(FactError, match="no package manager report"):
        parse_updates(Raw(""))
    with pytest.raises(FactError, match="check-update -C failed: Error: Cache-only"):
        parse_updates(recorded("pkg_updates/rhel9_dnf_no_cache.txt"))


def test_check_update_wraps_and_reads_obsoletes():
    rows = parse_check_update(
        [
            "",
            "bash.x86_64   4.2.46-35.el7_9   updates",
            "NetworkManager-libnm.x86_64",
            "              1:1.18.8-2.el7_9  updates",
            "screen.x86_64 4.1.0-0.27.20120314git3c2946.el7_9",
            "                                updates",
            "texlive-collection-latexrecommended.noarch",
            "              7:20130427-9.20140312svn.el7",
            "                                updates",
            "Obsoleting Packages",
            "grub2.x86_64  1:2.02-0.87.el7   updates",
            "    grub2-efi.x86_64  1:2.02-0.86.el7  @updates",
            "bash.x86_64   4.2.46-35.el7_9   updates",
            "    bash-compat-shim.x86_64",
            "              1.0-1.el7         @anaconda",
            "Security: kernel-3.10.0-1160.119.1.el7.x86_64 is an installed security update",
        ]
    )
    assert rows == [
        ("bash.x86_64", "4.2.46-35.el7_9", "updates"),
        ("NetworkManager-libnm.x86_64", "1:1.18.8-2.el7_9", "updates"),
        ("screen.x86_64", "4.1.0-0.27.20120314git3c2946.el7_9", "updates"),
        ("texlive-collection-latexrecommended.noarch", "7:20130427-9.20140312svn.el7", "updates"),
        ("grub2.x86_64", "1:2.02-0.87.el7", "updates"),
    ]


def test_check_update_dnf5_headers_and_obsoleted():
    rows = parse_check_update(
        [
            "Upgrades",
            "curl.x86_64               8.9.1-3.fc41  updates",
            "",
            "Obsoleting packages",
            "python3-urllib3.noarch    2.2.3-2.fc41  updates",
            "    python3-urllib3+socks.noarch 2.2.1-1.fc41 updates",
        ]
    )
    assert [r[0] for r in rows] == ["curl.x86_64", "python3-urllib3.noarch"]


def test_security_list_names():
    found = parse_security_list(
        [
            "RHSA-2024:3619 Important/Sec. kernel-core-5.14.0-427.22.1.el9_4.x86_64",
            "ALSA-2024:2447 Moderate/Sec.  openssl-libs-1:3.0.7-27.el9.x86_64",
            "FEDORA-EPEL-2024-9d2e4b61c0 Low/Sec. moin-1.9.11-3.el9.noarch",
            "ALAS2023-2024-612 Important/Sec. sudo-1.9.15-1.p5.amzn2023.0.1.x86_64",
            "updateinfo list done",
        ]
    )
    assert found == {
        "kernel-core.x86_64": "RHSA-2024:3619",
        "openssl-libs.x86_64": "ALSA-2024:2447",
        "moin.noarch": "FEDORA-EPEL-2024-9d2e4b61c0",
        "sudo.x86_64": "ALAS2023-2024-612",
    }


def test_security_list_dnf5_table():
    found = parse_security_list(
        [
            "Name                   Type     Severity              Package              Issued",
            "FEDORA-2024-6b0e2d91fa security Moderate curl-8.9.1-3.fc41.x86_64 2024-11-21 02:14:37",
            "FEDORA-2024-0c4f7a2e19 secu Importan glib2-2.82.2-1.fc41.x86_64 2024-11-02 03:10:11",
        ]
    )
    assert found == {
        "curl.x86_64": "FEDORA-2024-6b0e2d91fa",
        "glib2.x86_64": "FEDORA-2024-0c4f7a2e19",
    }


def test_updates_rhel8_wrapped_and_obsoleting_recorded():
    updates = parse_updates(recorded("pkg_updates/rhel8_dnf_wrapped_obsoletes.txt"))
    assert [u.name for u in updates.updates] == [
        "NetworkManager-cloud-setup.x86_64",
        "bind-export-libs.x86_64",
        "fail2ban-server.noarch",
        "ipa-healthcheck-core.noarch",
        "kernel.x86_64",
        "kernel-headers.x86_64",
        "python3-subscription-manager-rhsm-certificates.noarch",
        "rhel-system-roles-sap-compat-extras.noarch",
        "grub2-tools-efi.x86_64",
        "nss-altfiles-compat.x86_64",
    ]
    security = {u.name: u.advisory for u in updates.security}
    assert security == {
        "bind-export-libs.x86_64": "RHSA-2024:1789",
        "fail2ban-server.noarch": "FEDORA-EPEL-2024-7c3e19d0a2",
        "ipa-healthcheck-core.noarch": "RHSA-2024:2012",
        "kernel.x86_64": "RHSA-2024:1601",
        "kernel-headers.x86_64": "RHSA-2024:1601",
    }
    wrapped = updates.updates[3]
    assert wrapped.candidate == "0.12-4.module+el8.9.0+21344+a1b2c3d4"
    assert wrapped.origin == "rhel-8-for-x86_64-appstream-rpms"


def test_updates_dnf5_recorded():
    updates = parse_updates(recorded("pkg_updates/fedora41_dnf5.txt"))
    assert [u.name for u in updates.updates] == [
        "curl.x86_64",
        "libcurl.x86_64",
        "python3-urllib3.noarch",
    ]
    assert [u.name for u in updates.security] == ["curl.x86_64", "libcurl.x86_64"]
    assert updates.security_known and updates.metadata_time == 1732150000


def test_updates_rhel_security_matching():
    updates = parse_updates(recorded("pkg_updates/rhel9_dnf_pending.txt"))
    assert updates.security_known
    assert [u.name for u in updates.security] == [
        "kernel.x86_64",
        "kernel-core.x86_64",
        "openssl-libs.x86_64",
    ]
    assert not parse_updates(recorded("pkg_updates/centos7_yum_no_updateinfo.txt")).security_known


def test_reboot_parsers():
    status = parse_reboot(recorded("pkg_reboot/debian12_newer_kernel.txt"))
    assert status.kernel_source == "dpkg"
    assert [k[1] for k in status.kernels] == ["6.1.0-18-amd64", "6.1.0-21-amd64"]
    status = parse_reboot(recorded("pkg_reboot/rhel9_needs_reboot.txt"))
    assert status.needs_restarting is True and status.kernels[0][0] == "kernel-core"
    container = parse_reboot(recorded("pkg_reboot/debian12_container.txt"))
    assert container.kernels == () and container.needs_restarting is None
    with pytest.raises(FactError):
        parse_reboot(Raw(""))


def test_needs_restarting_yum_utils_wording():
    current = parse_reboot(recorded("pkg_reboot/centos7_yum_utils_current.txt"))
    assert current.needs_restarting is False
    assert current.needs_restarting_text.endswith("Reboot is probably not necessary.")
    pending = parse_reboot(recorded("pkg_reboot/centos7_yum_utils_needs_reboot.txt"))
    assert pending.needs_restarting is True


def test_rpm_kernel_variants_carry_the_uname_suffix():
    status = parse_reboot(recorded("pkg_reboot/rhel9_rt_current.txt"))
    assert status.kernels[-1] == (
        "kernel-rt-core",
        "5.14.0-503.21.1.el9_5.x86_64+rt",
        "5.14.0-503.21.1.el9_5.x86_64",
    )
    assert status.kernels[0][1] == "5.14.0-503.21.1.el9_5.x86_64"
    raw = Raw(
        "\036SEC running 4.18.0-553.el8_10.x86_64+debug\n\036SEC kernels rpm\n"
        "kernel-debug-core 4.18.0-553.el8_10.x86_64\n"
        "kernel-64k-core 5.14.0-503.el9.aarch64\n"
        "kernel-64k-debug-core 5.14.0-503.el9.aarch64\n"
        "kernel-rt-core 4.18.0-553.rt7.342.el8_10.x86_64\n"
        "kernel-uek-core 5.15.0-208.159.3.el9uek.x86_64\n"
    )
    assert [k[1] for k in parse_reboot(raw).kernels] == [
        "4.18.0-553.el8_10.x86_64+debug",
        "5.14.0-503.el9.aarch64+64k",
        "5.14.0-503.el9.aarch64+64k-debug",
        "4.18.0-553.rt7.342.el8_10.x86_64",
        "5.15.0-208.159.3.el9uek.x86_64",
    ]


def test_history_timezone_and_order():
    history = parse_history(recorded("pkg_history/debian12_stale.txt"))
    assert history.source == "dpkg"
    assert history.events[0].line.startswith("2026-07-02 09:14:09 install linux-image")
    assert history.events[0].time == 1782958449  # 09:14:09 at +07:00
    with pytest.raises(FactError, match=r"cannot read /var/log/dpkg\.log, /var/log/dpkg\.log\.1"):
        parse_history(recorded("pkg_history/debian12_unreadable.txt"))


def test_history_ignores_rpm_key_imports():
    raw = Raw(
        "\036SEC tz +0000\n\036SEC rpm\n"
        "1794900000 gpg-pubkey-5a6340b3-6229229e.(none)\n"
        "1794710400 kernel-core-5.14.0-570.12.1.el9_6.x86_64\n"
    )
    (event,) = parse_history(raw).events
    assert event.line == "installed kernel-core-5.14.0-570.12.1.el9_6.x86_64"


def test_history_script_leaves_out_rpm_keys(tmp_path):
    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no sh")
    for tool in ("date", "sort", "head", "grep", "printf"):
        found = shutil.which(tool)
        if found:
            (tmp_path / tool).symlink_to(found)
    rpm = tmp_path / "rpm"
    rpm.write_text(
        "#!" + sh + "\n"
        "printf '%s\\n' '1700000300 gpg-pubkey-fd431d51-4ae0493b.(none)' "
        "'1700000100 bash-5.1.8-9.el9.x86_64' '1700000200 tzdata-2024a-1.el9.noarch'\n"
    )
    rpm.chmod(0o755)
    # the prelude (for sec), then only the tools above: the prelude sets a PATH of its own
    script = f"{PRELUDE}\nPATH={tmp_path}\n{load_collectors()['pkg_history'].script}"
    result = subprocess.run(
        [sh, "-c", script],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "gpg-pubkey" not in result.stdout
    history = parse_history(Raw(result.stdout))
    assert history.source == "rpm"
    assert [e.time for e in history.events] == [1700000200, 1700000100]


def test_apt_config_dump_lines():
    config = parse_apt_config(
        [
            'APT::Periodic::Unattended-Upgrade "1";',
            'Unattended-Upgrade::Origins-Pattern:: "origin=Debian,label=Debian-Security";',
            "garbage",
        ]
    )
    assert config == {
        "APT::Periodic::Unattended-Upgrade": ["1"],
        "Unattended-Upgrade::Origins-Pattern": ["origin=Debian,label=Debian-Security"],
    }


def test_auto_updates_recorded():
    auto = parse_auto_updates(recorded("pkg_auto_updates/debian12_enabled.txt"))
    assert auto.manager == "apt" and auto.packages == ("unattended-upgrades",)
    assert not auto.systemd_booted and auto.cron_files == ("/etc/cron.daily/apt-compat",)
    rhel = parse_auto_updates(recorded("pkg_auto_updates/rhel9_dnf_automatic.txt"))
    assert "/etc/dnf/automatic.conf" in rhel.files and rhel.systemd_booted


def test_sources_deb822_with_embedded_key():
    key = "\n".join(
        [
            "Types: deb",
            "URIs: https://repo.example/apt",
            "Suites: stable",
            "Components: main",
            "Signed-By:",
            " -----BEGIN PGP PUBLIC KEY BLOCK-----",
            " .",
            " mQINBGRmZXhhbXBsZQ==",
            " -----END PGP PUBLIC KEY BLOCK-----",
        ]
    )
    raw = Raw(
        f"\036SEC manager apt\n\036SEC config\n\036SEC files\n"
        f"\036FILE 644 root root {len(key) + 1} /etc/apt/sources.list.d/x.sources\n{key}\n"
    )
    (source,) = parse_sources(raw).sources
    assert source.uris == ("https://repo.example/apt",)
    assert source.options["signed-by"].startswith("\n-----BEGIN PGP")
    assert "trusted" not in source.options


def test_sources_one_line_options():
    sources = parse_sources(recorded("pkg_sources/debian12_unsigned.txt"))
    internal = [s for s in sources.sources if s.file.endswith("internal.list")]
    assert [s.options for s in internal] == [
        {"arch": "amd64", "trusted": "yes"},
        {"signed-by": "/etc/apt/keyrings/vendor.gpg"},
    ]
    assert sources.settings["APT::Get::AllowUnauthenticated"] == "true"


def test_ini_parser():
    ini = parse_ini("[main]\ngpgcheck=1\n# gpgcheck=0\n[repo]\nname = x\n  continued\nenabled=0\n")
    assert ini == {"main": {"gpgcheck": "1"}, "repo": {"name": "x", "enabled": "0"}}


@pytest.mark.parametrize("name", MINE)
def test_collector_shell_is_posix(name):
    script = load_collectors()[name].script
    for shell in ("dash", "busybox"):
        path = shutil.which(shell)
        if path is None:
            continue
        argv = [path, "sh", "-n"] if shell == "busybox" else [path, "-n"]
        result = subprocess.run(argv, input=script, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
