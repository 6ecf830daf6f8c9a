import pytest

from auditor.network.ports import DEFAULT_PORTS, Ports, PortSpecError, parse_ports, top_ports


def test_lists_ranges_and_udp_become_nmap_arguments():
    ports = parse_ports("22, 80,8000-8002,udp/161,udp/500-501")
    assert ports.tcp == {22, 80, 8000, 8001, 8002} and ports.udp == {161, 500, 501}
    assert ports.nmap(udp=True) == "T:22,80,8000-8002,U:161,500-501"
    assert ports.nmap(udp=False) == "T:22,80,8000-8002"


def test_top_n_is_nmaps_own_ranking_and_joins_other_lists():
    assert top_ports(3) == (80, 23, 443)  # nmap-services: the most often open TCP ports
    joined = parse_ports("top:10") | parse_ports("2222")
    assert len(joined.tcp) == 11 and 2222 in joined.tcp


def test_the_default_list_covers_remote_desktops_databases_and_snmp():
    ports = parse_ports(DEFAULT_PORTS)
    assert {22, 23, 3389, 5900, 5938, 7070, 21115, 3306, 5432} <= ports.tcp
    assert ports.udp == {161}


@pytest.mark.parametrize("spec", ["", "0", "65536", "80-70", "ssh", "top:x", "udp/"])
def test_bad_lists_are_refused_with_the_reason(spec):
    with pytest.raises(PortSpecError):
        parse_ports(spec)


def test_equal_port_sets_batch_together():
    assert parse_ports("22,80") == parse_ports("80,22") == Ports(frozenset({22, 80}))
