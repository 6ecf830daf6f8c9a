"""The ``log_time`` fact: synchronisation state from chronyc tracking, timedatectl, timesyncd and
ntpq."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import Raw, collector, sections


@dataclass(frozen=True)
class TimeSync:
    """What the time-sync tools report: chronyc tracking, timedatectl, timesyncd, ntpq."""

    chrony: dict[str, str] | None = None
    chrony_error: str = ""
    timedatectl: dict[str, str] | None = None
    timesyncd_synchronized: bool = False
    ntpq_peers: tuple[str, ...] | None = None


TIME_SCRIPT = r"""
t=""; command -v timeout >/dev/null 2>&1 && t="timeout 15"
if command -v chronyc >/dev/null 2>&1; then
  out=$($t chronyc -n tracking 2>&1)
  sec chronyc "$?"
  printf '%s\n' "$out" | head -n 30
fi
if command -v timedatectl >/dev/null 2>&1; then
  out=$($t timedatectl show 2>&1)
  sec timedatectl "$?"
  printf '%s\n' "$out" | head -n 30
fi
[ -e /run/systemd/timesync/synchronized ] && sec timesyncd-synchronized
if command -v ntpq >/dev/null 2>&1; then
  out=$($t ntpq -pn 2>&1)
  sec ntpq "$?"
  printf '%s\n' "$out" | head -n 40
fi
"""


@collector("log_time", TIME_SCRIPT)
def parse_time(raw: Raw) -> TimeSync:
    """Synchronisation state from chronyc tracking, timedatectl, timesyncd and ntpq."""
    chrony: dict[str, str] | None = None
    chrony_error = ""
    timedatectl: dict[str, str] | None = None
    synced_flag = False
    peers: tuple[str, ...] | None = None
    for name, arg, lines in sections(raw.stdout):
        text = [line for line in lines if line.strip()]
        if name == "chronyc":
            if arg == "0":
                chrony = {k.strip(): v.strip() for k, _, v in (x.partition(":") for x in text)}
            else:
                chrony_error = (text[0] if text else f"exit status {arg}").strip()[:200]
        elif name == "timedatectl" and arg == "0":
            timedatectl = dict(x.strip().partition("=")[::2] for x in text if "=" in x)
        elif name == "timesyncd-synchronized":
            synced_flag = True
        elif name == "ntpq" and arg == "0":
            peers = tuple(x.rstrip() for x in text if not x.startswith("="))
    return TimeSync(chrony, chrony_error, timedatectl, synced_flag, peers)
