"""``auditor inventory import``: Ansible INI/YAML and nmap XML into inventories that validate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.importers import guess_format, import_inventory
from auditor.importers.ansible import expand, split_port
from auditor.inventory import HostSpec, load_inventory

DATA = Path(__file__).resolve().parents[1] / "data" / "inventory_import"
# Every secret value written in the sample inputs: none may reach an output.
SECRETS = [
    "AllVarsBecome#2026",
    "Old Web P@ss!",
    "Replica$ecret42",
    "DbApiKey-9f8e7d",
    "Q1BecomePlain!",
    "tok-Q3-SECRET-VALUE",
    "ANSIBLE_VAULT",
    "6231336539666234",
    "3338613136326431",
    "6466613165386235",
    "VNC_HOST",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["inventory", "import", *args], env={"AUDITOR_LANG": "en"}, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def imported(tmp_path: Path, source: str, *args: str) -> tuple[dict[str, HostSpec], str, str]:
    """Import ``source`` to a file, load it with the real loader; hosts by name, text, stderr."""
    out = tmp_path / "inventory.yaml"
    code, _, err = run(str(DATA / source), "-o", str(out), *args)
    assert code == 0, err
    validate = CliRunner().invoke(main, ["inventory", "validate", str(out)])
    assert validate.exit_code == 0, validate.output
    return {h.name: h for h in load_inventory(out).hosts()}, out.read_text(), err


@pytest.mark.parametrize("source", ["hosts.ini", "hosts.yml"])
def test_no_secret_value_reaches_the_output_and_stderr_names_them(tmp_path, source):
    text = (DATA / source).read_text()
    present = [s for s in SECRETS if s in text]
    assert len(present) >= 4
    _, out, err = imported(tmp_path, source)
    code, stdout, _ = run(str(DATA / source))
    assert code == 0
    for secret in present:
        assert secret not in out and secret not in stdout and secret not in err
    assert "password" not in out and "left out" not in stdout
    assert re.search(r"secret ansible_password left out \(set in \S+\)", err)


def test_ansible_ini_groups_children_ranges_and_vars(tmp_path):
    hosts, text, err = imported(tmp_path, "hosts.ini")
    assert sorted(hosts) == sorted(
        ["bastion.cand.example", "web01.cand.example", "web02.cand.example", "web03.cand.example",
         "web-old.cand.example", "db-primary", "db-replica", "10.10.3.1", "10.10.3.2", "10.10.3.3"]
    )  # fmt: skip
    web1, old, primary = (
        hosts["web01.cand.example"],
        hosts["web-old.cand.example"],
        hosts["db-primary"],
    )
    # [hanoi:children] datacentre, [datacentre:children] webservers: the unit tree.
    assert web1.unit_path == ("hanoi", "datacentre", "webservers")
    # all:vars user and key; webservers:vars port 2200 wins over datacentre's 22 (deeper group).
    assert (web1.user, web1.port, web1.identity_file) == ("ansible", 2200, "~/.ssh/ansible_ed25519")
    assert web1.tags == ("monitoring",) and primary.tags == ("monitoring",)
    assert old.port == 2222  # host:port
    assert (primary.address, primary.user, primary.sudo) == ("10.10.2.10", "dbadmin", True)
    assert hosts["10.10.3.2"].user == "backup" and hosts["10.10.3.2"].unit_id == "dbservers"
    assert hosts["db-replica"].port == 22  # datacentre:vars
    bastion = hosts["bastion.cand.example"]
    assert (bastion.unit_id, bastion.address, bastion.user) == ("ungrouped", "10.10.0.2", "ops")
    # Group settings are written once as unit defaults, not repeated on every host.
    assert "defaults: {port: 2200}" in text and text.count("port: 2200") == 1
    assert "defaults: {user: ansible, identity_file: ~/.ssh/ansible_ed25519}" in text
    for name in ("ansible_become_password", "ansible_ssh_pass", "db_api_key"):
        assert f"secret {name} left out" in err
    assert "variables not carried over: http_port, ntp_server" in err
    assert "host vnc-term left out: its address is a template" in err
    assert "emptygroup" in err and "emptygroup" not in text


def test_ansible_yaml_nesting_vault_and_wrapping_unit(tmp_path):
    hosts, text, err = imported(tmp_path, "hosts.yml", "--unit", "tp", "--unit-name", "Công an TP")
    srv, bn, dk = hosts["mc-q1-srv"], hosts["bn-b.example.vn"], hosts["dk-01.example.vn"]
    assert srv.unit_path == ("Công an TP", "quan1")
    assert (srv.address, srv.port, srv.identity_file, srv.sudo) == (
        "10.21.0.5", 2222, "~/.ssh/q1_ed25519", True,
    )  # fmt: skip
    assert (bn.unit_id, bn.user, bn.port) == ("phuong_ben_nghe", "kiemtra", 2222)
    assert (dk.unit_id, dk.unit_name, dk.user) == ("phuong-da-kao", "Phường Đa Kao", "auditor")
    assert hosts["mc-q1-01.example.vn"].tags == ("terminals",)
    assert hosts["mc-q3-01.example.vn"].tags == ("terminals",)
    v6 = hosts["2001-db8-5"]
    assert (v6.address, v6.port, v6.unit_id) == ("2001:db8::5", 2202, "quan3")
    assert hosts["gateway.example.vn"].unit_id == "ungrouped"
    assert "terminals" not in {u.id for u in load_inventory(tmp_path / "inventory.yaml").units()}
    assert hosts["mc-q3-01.example.vn"].user == "auditor"  # its vaulted user is not copied
    names = (
        "vault_db_password",
        "ansible_password",
        "ansible_become_pass",
        "api_token",
        "ansible_user",
    )
    for name in names:
        assert f"secret {name} left out" in err
    assert text.startswith("# Imported from hosts.yml (Ansible YAML)")


def test_several_parents_group_priority_and_id_clashes(tmp_path):
    source = tmp_path / "inv"
    source.write_text(
        "[south:children]\natlanta\n[usa:children]\natlanta\n"
        "[atlanta]\nhost1\nhost2 ansible_port=2022\n"
        "[Web_Servers]\nhost1\nhost5\n[web_servers]\nhost3\n"
        "[a]\nhost4\n[b]\nhost4\n[a:vars]\nansible_user=alice\nansible_group_priority=5\n"
        "[b:vars]\nansible_user=bob\n"
        "[odd]\nbad_name\nfine ansible_user='a b'\n"
        "[odd:vars]\nansible_user=';x'\nansible_port=99999\n"
    )
    out = tmp_path / "out.yaml"
    code, _, err = run(str(source), "-o", str(out))
    assert code == 0, err
    hosts = {h.name: h for h in load_inventory(out).hosts()}
    # atlanta sits under its first parent; the other parent is a tag of its hosts.
    assert hosts["host1"].unit_path == ("south", "atlanta")
    assert hosts["host1"].tags == ("usa", "Web_Servers")
    assert hosts["host2"].port == 2022
    assert hosts["host3"].unit_id == "web_servers-2"  # "Web_Servers" took web_servers
    # Same depth: a (priority 5) is applied after b, as Ansible does; host4 sits in a, first.
    assert (hosts["host4"].unit_id, hosts["host4"].user, hosts["host4"].tags) == (
        "a",
        "alice",
        ("b",),
    )
    assert "# Ansible group atlanta is also a child of usa" in out.read_text()
    # What the inventory would refuse is left out, with the reason, and the output still loads.
    assert "host bad_name left out" in err and "host fine left out" in err
    assert "user of odd left out" in err and "ansible_port left out: not a usable value" in err
    assert "bad_name" not in out.read_text()


def test_ansible_host_patterns():
    assert expand("web[01:03].example") == ["web01.example", "web02.example", "web03.example"]
    assert expand("10.0.0.[1:3]") == ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
    assert expand("h[a:c]") == ["ha", "hb", "hc"]
    assert expand("r[1:2]-[0:8:4]") == ["r1-0", "r1-4", "r1-8", "r2-0", "r2-4", "r2-8"]
    assert split_port("web[01:03].example:2222") == ("web[01:03].example", 2222)
    assert split_port("10.0.0.[1:3]") == ("10.0.0.[1:3]", None)
    assert split_port("[2001:db8::1]:22") == ("2001:db8::1", 22)
    assert split_port("2001:db8::1") == ("2001:db8::1", None)
    with pytest.raises(ValueError):
        expand("web[01:3]")


def test_nmap_xml_from_a_real_loopback_scan(tmp_path):
    hosts, text, _ = imported(tmp_path, "nmap-loopback.xml", "--unit", "lo")
    assert list(hosts) == ["localhost"]
    assert (hosts["localhost"].address, hosts["localhost"].unit_id) == ("127.0.0.1", "lo")
    assert "# nmap scan: nmap -sT -p 22,80 -oX - 127.0.0.1" in text
    hosts, text, _ = imported(tmp_path, "nmap-loopback-sv.xml", "--unit", "lo")
    assert [h.address for h in hosts.values()] == ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    assert "# open: 18080/tcp http (SimpleHTTPServer 0.6; Python 3.11.7); no SSH seen" in text


def test_nmap_xml_names_ports_os_and_hosts_not_up(tmp_path):
    hosts, text, err = imported(tmp_path, "nmap-lan.xml", "--unit", "q5", "--unit-name", "Quận 5")
    assert list(hosts) == ["db-q5.example.vn", "printer_tang2", "10.30.0.4", "cam-cong.example.vn"]
    db = hosts["db-q5.example.vn"]  # the user-given name over the PTR record
    assert (db.address, db.port, db.unit_name) == ("10.30.0.2", 2222, "Quận 5")  # ssh on 2222
    assert hosts["10.30.0.4"].port == 22
    assert hosts["cam-cong.example.vn"].address == "2001:db8:30::6"
    assert (
        "os: Linux 5.0 - 5.14 (98%)" in text and "mac: 52:54:00:12:34:56 (QEMU virtual NIC)" in text
    )
    assert "23/tcp telnet, 443/tcp ssl/http (Debut embedded httpd 1.30), 9100/tcp jetdirect" in text
    assert "8443" not in text  # filtered, not open
    assert "10.30.0.5" not in text and "1 host(s) that nmap did not find up left out" in err


def test_format_is_guessed_from_content_and_extension(tmp_path):
    assert guess_format(DATA / "hosts.ini", (DATA / "hosts.ini").read_text()) == "ansible-ini"
    assert guess_format(DATA / "hosts.yml", "") == "ansible-yaml"
    assert guess_format(Path("scan.out"), (DATA / "nmap-lan.xml").read_text()) == "nmap-xml"
    assert guess_format(Path("hosts"), "all:\n  hosts:\n    a:\n") == "ansible-yaml"
    assert guess_format(Path("hosts"), "a ansible_host=10.0.0.1\n[g]\nb\n") == "ansible-ini"
    text, _ = import_inventory(DATA / "hosts.yml", "ansible-yaml")
    assert text.startswith("# Imported from hosts.yml")


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("$ANSIBLE_VAULT;1.1;AES256\n6162\n", [], "is encrypted with ansible-vault"),
        ("[g:nope]\nh\n", [], "unknown section type 'nope'"),
        ("[g]\nh port\n", [], "expected key=value after the host, got 'port'"),
        ("[g]\nh a='unclosed\n", [], "No closing quotation"),
        ("[g]\nweb[3:1]x\n", [], "no host to import"),
        ("<nmaprun><host>", ["--format", "nmap-xml"], "invalid XML"),
        ("<scan/>", ["--format", "nmap-xml"], "not nmap XML output"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><nmaprun/>', [], "refusing XML that declares entities"),
        ("all: [a, b]\n", ["--format", "ansible-yaml"], "group 'all' must be a mapping"),
        ("all:\n  hosts:\n    a: !vault x\n", [], "must map to its vars"),
        ("[g]\nh\n", ["--unit", "-bad"], "unit id '-bad' must start with a letter or digit"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, args, message):
    source = tmp_path / "source"
    source.write_text(content)
    code, stdout, err = run(str(source), *args)
    assert code == 2 and stdout == ""
    assert err.startswith("auditor: error: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_missing_file_and_unwritable_output(tmp_path):
    code, _, err = run(str(tmp_path / "none.ini"))
    assert code == 2 and "no such file" in err
    code, _, err = run(str(DATA / "hosts.ini"), "-o", str(tmp_path / "no" / "x.yaml"))
    assert code == 2 and "does not exist" in err
