"""Recorded firewall facts changed the way the lab's scenarios change them, and socket tables."""

from __future__ import annotations

from pathlib import Path

from auditor.facts.base import Raw

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"
SS_HEADER = "root=yes\n\x1eSEC ss\nNetid State Recv-Q Send-Q Local Address:Port Peer Address:Port"


def firewall(name: str, *edits: tuple[str, str]) -> Raw:
    """``firewall/<name>`` with each (old, new) replaced once (old must be there)."""
    text = (DATA / "firewall" / name).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return Raw(text, 0)


def sockets(*lines: str) -> Raw:
    """An ``ss -tulpn`` table: ``tcp 0.0.0.0:22 sshd`` per socket (owner ``-``: none visible)."""
    rows = [
        f"{proto} {'LISTEN' if proto == 'tcp' else 'UNCONN'} 0 128 {local} *:* "
        + (f'users:(("{owner}",pid=70{i},fd=3))' if owner != "-" else "")
        for i, (proto, local, owner) in enumerate(line.split() for line in lines)
    ]
    return Raw("\n".join([SS_HEADER, *rows, ""]), 0)


SSHD = sockets("tcp 0.0.0.0:22 sshd", "tcp [::]:22 sshd", "udp 127.0.0.1:323 chronyd")
