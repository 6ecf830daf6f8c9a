"""TLS services reachable from the network present a certificate that is valid when nmap
scanned the host, not self-signed, not about to expire, with a strong key and signature."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.network.services import Certificate, Service
from auditor.outcome import Outcome, errored, failed, passed


def _problems(cert: Certificate, at: datetime, params: Mapping[str, Any]) -> list[Message]:
    found = []
    if cert.not_after is None or cert.not_before is None:
        found.append(Message.of("validity dates unreadable"))
    elif cert.not_after < at:
        found.append(Message.of("expired on {date}", date=cert.not_after.isoformat()))
    elif cert.not_before > at:
        found.append(Message.of("not valid before {date}", date=cert.not_before.isoformat()))
    elif cert.not_after - at < timedelta(days=params["expiry_days"]):
        found.append(
            Message.of(
                "expires on {date}, within {days} days",
                date=cert.not_after.isoformat(),
                days=params["expiry_days"],
            )
        )
    if cert.self_signed and not params["allow_self_signed"]:
        found.append(Message.of("self-signed (subject is issuer)"))
    if cert.key_type.lower() == "rsa" and (cert.key_bits or 0) < params["min_rsa_bits"]:
        found.append(
            Message.of(
                "RSA key of {bits} bits, under {minimum}",
                bits=cert.key_bits,
                minimum=params["min_rsa_bits"],
            )
        )
    signature = cert.signature.lower()
    if any(fnmatch.fnmatchcase(signature, p.lower()) for p in params["weak_signatures"]):
        found.append(Message.of("signed with {algorithm}", algorithm=cert.signature))
    return found


def _evidence(service: Service, cert: Certificate) -> list[str]:
    def day(value: datetime | None) -> str:
        return value.isoformat() if value else "unknown"

    bits = f" {cert.key_bits}" if cert.key_bits else ""
    return [
        service.label(),
        f"  subject {cert.subject}; issuer {cert.issuer}",
        f"  valid {day(cert.not_before)} to {day(cert.not_after)}; key {cert.key_type}{bits}; "
        f"signature {cert.signature or 'unknown'}",
    ]


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    view = facts["network_scan"]
    services = [s for s in view.tcp() if s.certificate is not None]
    if not services:
        return passed(
            "no TLS service with a certificate is open on {address}", address=view.address
        )
    if view.scanned_at is None:
        return errored(
            "nmap's XML gives no start time for {address}: certificate dates cannot be judged",
            address=view.address,
        )
    at = view.scanned_at
    problems: list[Message] = []
    evidence = [f"judged at {at.isoformat()} UTC (when nmap began the host)"]
    for service in services:
        assert service.certificate is not None
        found = _problems(service.certificate, at, params)
        evidence += _evidence(service, service.certificate)
        if found:
            problems.append(Message.of("port {port}: {found}", port=service.port, found=found))
    if problems:
        return failed("TLS certificate problems: {problems}", evidence, problems=problems)
    return passed(
        "the certificate(s) on {address} (port(s) {ports}) are valid for more than {days} days, "
        "with strong keys and signatures",
        evidence,
        address=view.address,
        ports=[str(s.port) for s in services],
        days=params["expiry_days"],
    )
