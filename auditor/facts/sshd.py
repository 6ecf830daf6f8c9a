"""The ``sshd`` fact: effective sshd settings from ``sshd -T``: lower-case keyword -> values; None
if no sshd."""

from __future__ import annotations

from auditor.facts.base import FactError, Raw, collector, shared_input

SshdConfig = dict[str, list[str]]

# sshd -T refuses to run without its privilege separation directory, which exists only while
# sshd runs; rather than create it on the host, it is made on a tmpfs over /run in a private
# mount namespace that ends with the command. The last line is sshd's exit status.
SSHD_EFFECTIVE = shared_input(
    "sshd_effective",
    r"""
if ! command -v sshd >/dev/null 2>&1; then echo NO-SSHD; exit 0; fi
if [ -d /run/sshd ] || ! command -v unshare >/dev/null 2>&1; then
  sshd -T 2>&1; echo "RC $?"
else
  unshare -m sh -c 'mount -t tmpfs -o size=1m,mode=755 auditor /run && mkdir /run/sshd &&
    exec sshd -T' 2>&1
  echo "RC $?"
fi
""",
    needs_root=True,
)


@collector("sshd", "shared sshd_effective", needs_root=True, uses=SSHD_EFFECTIVE)
def parse_sshd(raw: Raw) -> SshdConfig | None:
    """Effective sshd settings from ``sshd -T``: lower-case keyword -> values; None if no sshd."""
    text = raw.stdout.strip()
    if text == "NO-SSHD":
        return None
    body, _, status = text.rpartition("\n")
    if status.startswith("RC "):
        text, rc = body, status.removeprefix("RC ").strip()
    else:  # output without sshd's status line: the collector's own
        rc = str(raw.rc)
    if rc != "0":
        first = text.splitlines()[0] if text.strip() else f"exit status {rc}"
        raise FactError(f"sshd -T failed: {first}")
    config: SshdConfig = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(" ")
        if key:
            config.setdefault(key.lower(), []).append(value.strip())
    if not config:
        raise FactError("sshd -T printed nothing")
    return config
