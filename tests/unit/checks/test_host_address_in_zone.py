from auditor.facts.base import FactError, Raw, Target

ZONES = {
    "allowed_networks_server": ["192.0.2.0/24", "fd00::/64"],
    "allowed_networks_terminal": ["10.20.0.0/16"],
}


def test_skipped_without_networks(evaluate):
    outcome = evaluate("host_address_in_zone", ip_addresses="ip_addresses/debian12_machine.txt")
    assert outcome.status == "skip"


def test_recorded_addresses_inside(evaluate):
    outcome = evaluate(
        "host_address_in_zone",
        ZONES,
        target=Target("srv", "192.0.2.2"),
        ip_addresses="ip_addresses/debian12_machine.txt",
    )
    assert outcome.status == "pass"
    assert outcome.evidence == (
        "inventory address 192.0.2.2",
        "eth0 192.0.2.2/24",
        "eth0 fd00::2/64",
    )


def test_terminal_in_server_zone_fails(evaluate):
    outcome = evaluate(
        "host_address_in_zone",
        ZONES,
        target=Target("pc", "192.0.2.2", role="terminal"),
        ip_addresses="ip_addresses/debian12_machine.txt",
    )
    assert outcome.status == "fail"
    assert "inventory address 192.0.2.2; eth0 192.0.2.2/24; eth0 fd00::2/64" in outcome.message


def test_second_interface_and_bridges(evaluate):
    raw = Raw(
        "2: ens18    inet 192.0.2.10/24 brd 192.0.2.255 scope global ens18\\       valid_lft\n"
        "3: ens19    inet 203.0.113.7/28 brd 203.0.113.15 scope global ens19\\       valid_lft\n"
        "5: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\  valid\n"
    )
    outcome = evaluate(
        "host_address_in_zone", ZONES, target=Target("db", "db.example.vn"), ip_addresses=raw
    )
    assert outcome.status == "fail"
    assert outcome.message.endswith(": ens19 203.0.113.7/28")


def test_error(evaluate):
    outcome = evaluate("host_address_in_zone", ZONES, ip_addresses=FactError("ip missing"))
    assert outcome.status == "error"
