"""Parsers of the network collectors, on recorded outputs; and their shell is valid sh."""

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import FactError, Raw
from auditor.facts.firewall import (
    iptables_input_deny,
    nft_input_deny,
    nft_json_input_deny,
    parse_firewall,
)
from auditor.facts.ip_addresses import parse_ip_addresses
from auditor.facts.listening_sockets import Socket, parse_listening_sockets, port_spec_matches
from auditor.facts.remote_access_packages import parse_remote_access_packages
from auditor.facts.script import PRELUDE

MINE = [
    "listening_sockets",
    "ip_addresses",
    "remote_access_packages",
    "firewall",
    "process_list",
    "shell_init",
    "login_banners",
    "sysctl",
    "core_dump_config",
    "usb_storage",
    "world_writable",
    "suid_sgid",
    "cron_files",
    "automount",
    "block_devices",
    "citizen_data_files",
    "browser_logins",
]

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", MINE)
def test_script_is_valid_posix_sh(name):
    shell = shutil.which("dash") or shutil.which("sh")
    script = PRELUDE + "\n" + load_collectors()[name].script
    result = subprocess.run([shell, "-n"], input=script, text=True, capture_output=True)
    assert result.returncode == 0, result.stderr


def test_ss_output_with_owners_interfaces_and_ipv6():
    table = parse_listening_sockets(recorded("listening_sockets/debian_lab_mixed.txt"))
    assert table.source == "ss" and table.as_root
    by_port = {(s.proto, s.address, s.port): s for s in table.sockets}
    assert by_port["tcp", "127.0.10.5", 23].owners == ("inetd",)
    dhcp = by_port["udp", "0.0.0.0", 68]
    assert dhcp.interface == "lo" and dhcp.loopback and dhcp.wildcard
    assert by_port["udp", "::1", 323].loopback
    assert by_port["tcp", "0.0.0.0", 2024].owners == ()


def test_proc_fallback_decodes_addresses():
    table = parse_listening_sockets(recorded("listening_sockets/proc_fallback.txt"))
    assert table.source == "proc"
    keys = {(s.proto, s.address, s.port) for s in table.sockets}
    assert ("tcp", "127.0.10.5", 23) in keys
    assert ("tcp", "::", 631) in keys
    assert ("udp", "::1", 323) in keys
    assert not any(s.port == 80 for s in table.sockets)  # TIME_WAIT connections are not listed


def test_relevant_sockets_for_a_lab_host():
    table = parse_listening_sockets(recorded("listening_sockets/debian_lab_mixed.txt"))
    kept, notes = table.relevant("127.0.10.5")
    assert {s.describe() for s in kept} >= {"tcp 127.0.10.5:23 (inetd)", "tcp 0.0.0.0:631 (cupsd)"}
    assert not any("127.0.10.6" in s.describe() for s in kept)
    assert any("another PID namespace" in n for n in notes)


def test_ss_error_and_empty_output():
    with pytest.raises(FactError, match="Cannot open"):
        parse_listening_sockets(Raw("root=yes\n\036SEC ss\nCannot open netlink socket\n"))
    with pytest.raises(FactError):
        parse_listening_sockets(Raw("root=no\n"))


def test_port_specs():
    assert port_spec_matches("tcp/22", "tcp", 22)
    assert not port_spec_matches("tcp/22", "udp", 22)
    assert port_spec_matches(22, "udp", 22)
    assert port_spec_matches("tcp/5900-5999", "tcp", 5901)
    with pytest.raises(ValueError):
        port_spec_matches("ssh", "tcp", 22)


def test_socket_describe_brackets_ipv6():
    assert Socket("tcp", "::", 22, owners=("sshd",)).describe() == "tcp [::]:22 (sshd)"


def test_ip_addresses():
    found = parse_ip_addresses(recorded("ip_addresses/debian12_machine.txt"))
    assert [(a.interface, a.address, a.prefix, a.scope) for a in found][2:4] == [
        ("eth0", "192.0.2.2", 24, "global"),
        ("eth0", "fd00::2", 64, "global"),
    ]
    with pytest.raises(FactError):
        parse_ip_addresses(Raw("sh: ip: not found\nNO-IP\n"))


def test_remote_access_packages():
    found = parse_remote_access_packages(recorded("remote_access_packages/rhel9_vnc_xrdp.txt"))
    assert found.package_manager == "rpm"
    assert found.packages["xrdp"] == "0.9.25-1.el9"
    assert found.paths == ("/opt/teamviewer",)


def test_firewall_parser_and_rule_readers():
    fw = parse_firewall(recorded("firewall/rhel9_firewalld.txt"))
    assert fw.units["firewalld"] == "enabled" and fw.firewalld_running
    assert "firewalld-process" not in fw.units
    assert not parse_firewall(recorded("firewall/debian_default.txt")).firewalld_running
    assert "/etc/firewalld/firewalld.conf" in fw.files
    assert set(fw.live) == {"nft", "iptables", "firewalld"}
    deny = nft_json_input_deny("\n".join(fw.live["nft"]), "live")
    assert deny is not None and deny.deny  # policy accept, but a final reject
    assert nft_input_deny(["table inet t {", "}"], "x") is None
    accept = iptables_input_deny(["-P INPUT ACCEPT", "-A INPUT -i lo -j ACCEPT"], "x")
    assert accept is not None and not accept.deny
    assert iptables_input_deny([], "x") is None
