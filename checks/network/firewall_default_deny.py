"""A host firewall is enabled at boot and drops incoming traffic by default."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.firewall import (
    IPTABLES_FILES,
    NFT_MAIN,
    Firewall,
    Verdict,
    iptables_input_deny,
    nft_input_deny,
    nft_json_input_deny,
    setting,
)
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed

BUILTIN_ZONE_TARGETS = {"trusted": "ACCEPT", "drop": "DROP", "block": "%%REJECT%%"}


def _nft_saved(fw: Firewall) -> Verdict | None:
    lines: list[str] = []
    for main in NFT_MAIN:
        dump = fw.files.get(main)
        if dump is None:
            continue
        lines += dump.lines()
        for pattern in re.findall(r'^\s*include\s+"([^"]+)"', dump.content, re.M):
            lines += [
                x for p, d in fw.files.items() if fnmatch.fnmatch(p, pattern) for x in d.lines()
            ]
    return nft_input_deny(lines, "/etc/nftables.conf") if lines else None


def _iptables_saved(fw: Firewall, path: str) -> Verdict:
    dump = fw.files.get(path)
    verdict = iptables_input_deny(dump.lines(), path) if dump else None
    return verdict or Verdict(False, Message.of("{path}: no INPUT policy", path=path))


def _saved(fw: Firewall, ipv6: bool) -> list[tuple[str, Verdict]]:
    """Each firewall enabled at boot with what its saved configuration does to input (IPv6
    input too for iptables, whose IPv6 rules are apart)."""
    found: list[tuple[str, Verdict]] = []
    if fw.units.get("nftables") == "enabled":
        verdict = _nft_saved(fw) or Verdict(
            False, Message.of("nftables: no input chain in the saved ruleset")
        )
        found.append(("nftables", verdict))
    for unit, (path, path6) in IPTABLES_FILES.items():
        if fw.units.get(unit) == "enabled":
            verdict = _iptables_saved(fw, path)
            if ipv6:
                v6 = _iptables_saved(fw, path6)
                if unit == "iptables" and fw.units.get("ip6tables") != "enabled":
                    v6 = Verdict(False, Message.of("ip6tables.service is not enabled at boot"))
                text = Message.of("{v4}; {v6}", v4=verdict.text, v6=v6.text)
                verdict = Verdict(verdict.deny and v6.deny, text)
            found.append((unit, verdict))
    if setting(fw, "/etc/ufw/ufw.conf", "ENABLED") == "yes" and fw.units.get("ufw") != "masked":
        policy = setting(fw, "/etc/default/ufw", "DEFAULT_INPUT_POLICY")
        if policy:
            text = Message.of(
                "/etc/ufw/ufw.conf: ENABLED=yes; /etc/default/ufw: DEFAULT_INPUT_POLICY={policy}",
                policy=policy,
            )
        else:
            text = Message.of(
                "/etc/ufw/ufw.conf: ENABLED=yes; /etc/default/ufw: DEFAULT_INPUT_POLICY=(unset)"
            )
        found.append(("ufw", Verdict(policy in {"DROP", "REJECT"}, text)))
    if fw.units.get("firewalld") == "enabled":
        zone = setting(fw, "/etc/firewalld/firewalld.conf", "DefaultZone") or "public"
        dump = fw.files.get(f"/etc/firewalld/zones/{zone}.xml")
        match = re.search(r'<zone[^>]*\starget="([^"]+)"', dump.content) if dump else None
        target = match.group(1) if match else BUILTIN_ZONE_TARGETS.get(zone, "default")
        text = Message.of(
            "firewalld enabled; default zone {zone}, target {target}", zone=zone, target=target
        )
        found.append(("firewalld", Verdict(target != "ACCEPT", text)))
    return found


def _live(fw: Firewall) -> list[Verdict]:
    """What the running rules do to input, from each tool that could read them."""
    found = []
    nft = nft_json_input_deny("\n".join(fw.live.get("nft", [])), "nft -j list ruleset")
    if nft:
        found.append(nft)
    verdict = iptables_input_deny(fw.live.get("iptables", []), "iptables-save")
    if verdict:
        found.append(verdict)
    ufw = [x.strip() for x in fw.live.get("ufw", [])]
    if "Status: active" in ufw:
        default = next((x for x in ufw if x.startswith("Default:")), None)
        if default is None:
            found.append(Verdict(False, Message.of("ufw status verbose: Default: (not shown)")))
        else:
            deny = re.search(r"\b(deny|reject) \(incoming\)", default) is not None
            text = Message.of("ufw status verbose: {default}", default=default)
            found.append(Verdict(deny, text))
    firewalld = [x.strip() for x in fw.live.get("firewalld", [])]
    if firewalld[:1] == ["running"]:
        target = next((x for x in firewalld if x.startswith("target:")), "target: default")
        text = Message.of("firewall-cmd --list-all: {target}", target=target)
        found.append(Verdict(not target.endswith("ACCEPT"), text))
    return found


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    fw: Firewall = facts["firewall"]
    running = params["check_running_state"]
    saved = _saved(fw, not (running and fw.ipv6_disabled))
    evidence = [
        f"{name}: {v.evidence}" if not v.evidence.startswith(name) else v.evidence
        for name, v in saved
    ]
    units = ", ".join(f"{n} {s}" for n, s in fw.units.items() if s != "absent") or "none installed"
    evidence.append(f"firewall services at boot: {units}")
    deny = [name for name, v in saved if v.deny]
    if not deny:
        if not saved:
            return failed(
                "no firewall enabled at boot with a default-deny input policy: "
                "no firewall service enabled at boot",
                evidence,
            )
        return failed(
            "no firewall enabled at boot with a default-deny input policy: {what}",
            evidence,
            what=[v.text for _, v in saved],
        )
    if not running:
        return passed(
            "{deny} enabled at boot with a default-deny input policy "
            "(running rules not judged: check_running_state is off)",
            evidence,
            deny=deny,
        )
    live = _live(fw)
    evidence += [f"running: {v.evidence}" for v in live]
    ip6 = iptables_input_deny(fw.live.get("ip6tables", []), "ip6tables-save")
    if (
        ip6
        and not ip6.deny
        and not fw.ipv6_disabled
        and {"netfilter-persistent", "iptables"} & set(deny)
    ):
        return failed(
            "{deny} saved with a default-deny input policy, but the running IPv6 rules accept "
            "by default: {live}",
            [*evidence, f"running: {ip6.evidence}"],
            deny=deny,
            live=ip6.text,
        )
    if not live:
        return passed(
            "{deny} enabled at boot with a default-deny input policy; "
            "the running rules could not be read",
            evidence,
            deny=deny,
        )
    if not any(v.deny for v in live):
        return failed(
            "{deny} saved with a default-deny input policy, but the running "
            "rules accept by default: {live}",
            evidence,
            deny=deny,
            live=[v.text for v in live],
        )
    return passed(
        "{deny} enabled at boot with a default-deny input policy, "
        "and the running rules deny by default",
        evidence,
        deny=deny,
    )
