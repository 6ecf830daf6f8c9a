from auditor.facts.base import FactError
from tests.unit.checks.firewall_samples import firewall

SAVED_ONLY = {"check_running_state": False}


def test_the_lab_baseline_has_nftables_alone(evaluate):
    outcome = evaluate("firewall_single_tool", firewall="firewall/debian12_lab_baseline.txt")
    assert outcome.status == "pass"
    assert outcome.evidence[0] == "nftables: nftables.service enabled at boot"
    assert "firewall packages installed: nftables" in outcome.evidence


def test_ufw_and_iptables_persistent_hosts_pass(evaluate):
    for name, tool in (("debian12_ufw_cis.txt", "ufw"), ("debian12_iptables_v4v6.txt", "iptables")):
        outcome = evaluate("firewall_single_tool", firewall=f"firewall/{name}")
        assert outcome.status == "pass", outcome.message
        assert outcome.message.startswith(f"{tool} is the only firewall tool")


def test_an_iptables_loader_enabled_beside_nftables_fails(evaluate):
    raw = firewall(
        "debian12_lab_baseline.txt", ("netfilter-persistent absent", "netfilter-persistent enabled")
    )
    outcome = evaluate("firewall_single_tool", firewall=raw)
    assert outcome.status == "fail"
    assert outcome.message == "2 firewall tools are in use at once: nftables, iptables"


def test_ufw_active_beside_nftables_fails_only_when_the_running_state_is_judged(evaluate):
    raw = firewall("debian12_vm_baseline.txt", ("ufw absent ", "ufw disabled active"))
    assert evaluate("firewall_single_tool", firewall=raw).status == "pass"  # ENABLED=yes unset
    raw = firewall(
        "debian12_vm_baseline.txt",
        ("nftables enabled active", "nftables disabled active"),
        ("iptables absent ", "iptables disabled active"),
    )
    outcome = evaluate("firewall_single_tool", firewall=raw)
    assert outcome.status == "fail" and "nftables, iptables" in outcome.message
    outcome = evaluate("firewall_single_tool", SAVED_ONLY, firewall=raw)
    assert outcome.message == "no firewall tool is in use (nftables, iptables, ufw or firewalld)"


def test_ufw_with_iptables_persistent_installed_fails(evaluate):
    raw = firewall("debian12_ufw_cis.txt", ("ii  ufw", "ii  ufw\nii  iptables-persistent"))
    outcome = evaluate("firewall_single_tool", firewall=raw)
    assert outcome.status == "fail"
    assert outcome.message == "ufw is in use with iptables-persistent installed beside it"


def test_iptables_without_iptables_persistent_fails(evaluate):
    raw = firewall("debian12_iptables_v4v6.txt", ("ii  iptables-persistent\n", ""))
    outcome = evaluate("firewall_single_tool", firewall=raw)
    assert outcome.status == "fail"
    assert outcome.message == (
        "iptables is in use but its packages are not installed: iptables-persistent"
    )


def test_nftables_enabled_without_its_package_fails(evaluate):
    raw = firewall("debian12_lab_baseline.txt", ("ii  nftables", "rc  nftables"))
    outcome = evaluate("firewall_single_tool", firewall=raw)
    assert outcome.status == "fail" and outcome.message.endswith("not installed: nftables")


def test_no_tool_and_a_fact_error(evaluate):
    outcome = evaluate("firewall_single_tool", firewall="firewall/debian12_machine_none.txt")
    assert outcome.status == "fail"
    outcome = evaluate("firewall_single_tool", firewall=FactError("needs root privileges"))
    assert outcome.status == "error"
