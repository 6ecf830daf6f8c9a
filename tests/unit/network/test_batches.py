from auditor.network.ports import parse_ports
from auditor.network.scanner import _batches, _results
from tests.specs import host_spec

PORTS = {"server": parse_ports("22,443"), "terminal": parse_ports("80")}


def specs(count: int, role: str, base: int = 1) -> list:
    return [host_spec(f"{role}{i}", f"127.0.60.{base + i}", role=role, port=2222,
                      host_timeout=120) for i in range(count)]  # fmt: skip


def test_hosts_are_grouped_by_the_ports_of_their_role_then_cut_into_batches():
    hosts = specs(5, "server") + specs(2, "terminal", base=50)
    batches = _batches(hosts, lambda s: PORTS[s.role], size=2)
    assert [len(b.addresses) for b in batches] == [2, 2, 1, 2]
    assert all(2222 in b.ports.tcp for b in batches)  # each host's SSH port is scanned too
    assert {443} <= batches[0].ports.tcp and 443 not in batches[-1].ports.tcp
    assert batches[0].host_timeout == 120


def test_two_entries_with_one_address_are_scanned_once():
    one, two = host_spec("a", "127.0.60.9"), host_spec("b", "127.0.60.9", port=2200)
    (batch,) = _batches([one, two], lambda s: PORTS["server"], size=10)
    assert batch.addresses == ("127.0.60.9",) and {22, 2200} <= batch.ports.tcp


def test_a_local_audit_scans_the_machines_own_loopback():
    local = host_spec("this", "localhost", local=True)
    (batch,) = _batches([local], lambda s: PORTS["server"], size=10)
    assert batch.addresses == ("127.0.0.1",)


def test_output_that_is_not_xml_fails_every_address_of_the_batch_with_nmaps_words():
    (batch,) = _batches(specs(2, "server"), lambda s: PORTS["server"], size=10)
    found = _results(batch, "", "Failed to open device lo\n", udp=False)
    assert {r.error for r in found.values()} == {"nmap failed: Failed to open device lo"}


def test_hosts_with_another_deadline_get_a_batch_of_their_own():
    quick = host_spec("quick", "127.0.60.90", host_timeout=45)
    hosts = [*specs(3, "server"), quick]
    batches = _batches(hosts, lambda s: PORTS["server"], size=10)
    assert sorted((b.addresses, b.host_timeout) for b in batches) == [
        (("127.0.60.1", "127.0.60.2", "127.0.60.3"), 120),
        (("127.0.60.90",), 45),
    ]
