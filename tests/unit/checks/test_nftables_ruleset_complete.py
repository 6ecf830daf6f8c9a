import pytest

from auditor.facts import firewall as firewall_fact
from auditor.facts import load_collectors
from auditor.facts.base import FactError
from tests.unit.checks.firewall_samples import firewall

SAVED_ONLY = {"check_running_state": False}
OUTPUT = "\tchain output {\n\t\ttype filter hook output priority filter; policy accept;\n\t}\n"


def test_the_baselines_pass(evaluate):
    outcome = evaluate("nftables_ruleset_complete", firewall="firewall/debian12_vm_baseline.txt")
    assert outcome.status == "pass", outcome.message
    assert "running: 3 saved base chain(s) loaded as saved" in outcome.evidence
    outcome = evaluate(
        "nftables_ruleset_complete", SAVED_ONLY, firewall="firewall/debian12_lab_baseline.txt"
    )
    assert outcome.status == "pass", outcome.message


def test_the_running_ruleset_must_be_the_saved_one(evaluate):
    outcome = evaluate("nftables_ruleset_complete", firewall="firewall/debian12_lab_baseline.txt")
    assert outcome.status == "fail"
    assert "not running as saved: inet auditor_filter input" in outcome.message
    drop = '"hook": "input", "prio": 0, "policy": "drop"'
    raw = firewall("debian12_vm_baseline.txt", (drop, drop.replace("drop", "accept")))
    outcome = evaluate("nftables_ruleset_complete", firewall=raw)
    assert outcome.status == "fail" and outcome.message.endswith("inet auditor_filter input")


@pytest.mark.parametrize(
    ("edits", "problem"),
    [
        (((OUTPUT, ""),), "/etc/nftables.conf: no filter base chain on output"),
        (
            (("type filter hook forward priority filter; policy drop;", ""), (OUTPUT, "")),
            "no filter base chain on forward, output",
        ),
    ],
)
def test_incomplete_rulesets_fail(evaluate, edits, problem):
    raw = firewall("debian12_lab_baseline.txt", *edits)
    outcome = evaluate("nftables_ruleset_complete", SAVED_ONLY, firewall=raw)
    assert outcome.status == "fail"
    assert problem in outcome.message


def test_a_ruleset_running_but_not_enabled_at_boot_fails(evaluate):
    raw = firewall(
        "debian12_vm_baseline.txt", ("nftables enabled active", "nftables disabled active")
    )
    outcome = evaluate("nftables_ruleset_complete", firewall=raw)
    assert outcome.status == "fail"
    assert "nftables.service is not enabled: no ruleset is loaded at boot" in outcome.message


def test_a_ruleset_in_included_files(evaluate):
    raw = firewall(
        "debian12_lab_baseline.txt",
        ("table inet auditor_filter {", 'include "/etc/nftables.d/*.nft"\ntable inet unused {'),
        ("\x1eSEC live nft", "\x1eFILE 644 root root 9 /etc/nftables.d/10-filter.nft\n"
         "table inet filter {\n chain in { type filter hook input priority 0; policy drop; }\n"
         " chain fw { type filter hook forward priority 0; policy drop; }\n"
         " chain out { type filter hook output priority 0; }\n}\n\x1eSEC live nft"),
    )  # fmt: skip
    outcome = evaluate("nftables_ruleset_complete", SAVED_ONLY, firewall=raw)
    assert outcome.status == "pass", outcome.message
    assert "/etc/nftables.conf: inet filter in: hook input, policy drop" in outcome.evidence


def test_other_tools_skip_and_errors(evaluate):
    outcome = evaluate("nftables_ruleset_complete", firewall="firewall/debian12_ufw_cis.txt")
    assert outcome.status == "skip"
    outcome = evaluate("nftables_ruleset_complete", firewall=FactError("needs root privileges"))
    assert outcome.status == "error"


def test_the_rulesets_are_parsed_once_per_fact_for_every_check_that_reads_them(monkeypatch):
    fact = load_collectors()["firewall"].parse(firewall("debian12_vm_baseline.txt"))
    texts, jsons = [], []
    real_text, real_json = firewall_fact.chains_of_text, firewall_fact.chains_of_json
    monkeypatch.setattr(firewall_fact, "chains_of_text", lambda t: texts.append(t) or real_text(t))
    monkeypatch.setattr(firewall_fact, "chains_of_json", lambda t: jsons.append(t) or real_json(t))
    saved = firewall_fact.saved_rulesets(fact, "nftables")
    live = firewall_fact.live_rulesets(fact, "nftables")
    assert saved and live and saved[0].chains
    for _ in range(3):
        assert firewall_fact.saved_rulesets(fact, "nftables") is saved
        assert firewall_fact.live_rulesets(fact, "nftables") is live
    assert (len(texts), len(jsons)) == (1, 1)
    again = load_collectors()["firewall"].parse(firewall("debian12_vm_baseline.txt"))
    assert firewall_fact.saved_rulesets(again, "nftables") is not saved  # another host's
