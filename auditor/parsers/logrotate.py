"""Reading logrotate configuration (how long rotated logs are kept) and systemd time spans."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from auditor.facts.base import FileDump, whole_number

PERIOD_DAYS = {"hourly": 1 / 24, "daily": 1, "weekly": 7, "monthly": 30, "yearly": 365}
_TABOO = (
    ".dpkg-old",
    ".dpkg-dist",
    ".dpkg-new",
    ".dpkg-bak",
    ".dpkg-del",
    ".dpkg-tmp",
    ".rpmorig",
    ".rpmsave",
    ".rpmnew",
    ".disabled",
    ".swp",
    ".bak",
    ".old",
    ",v",
    "~",
)
_SCRIPTS = ("postrotate", "prerotate", "firstaction", "lastaction", "preremove")


@dataclass(frozen=True)
class RotateRule:
    """The settings that apply to the log files matching ``patterns``."""

    patterns: tuple[str, ...]
    file: str
    rotate: int
    period: str
    maxage: int | None
    by_size: bool

    def matches(self, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.patterns)

    def days(self) -> float:
        """Days of logs kept right after a rotation: rotate × period, capped by maxage."""
        kept = self.rotate * PERIOD_DAYS[self.period]
        return min(kept, self.maxage) if self.maxage is not None else kept

    def describe(self) -> str:
        parts = [f"rotate {self.rotate}", self.period]
        if self.maxage is not None:
            parts.append(f"maxage {self.maxage}")
        if self.by_size:
            parts.append("size limit")
        return f"{self.file}: {', '.join(parts)}"


def _apply(state: dict[str, object], words: list[str]) -> None:
    key = words[0].lower()
    if key in PERIOD_DAYS:
        state["period"] = key
    elif key == "rotate" and len(words) > 1 and (count := whole_number(words[1], True)) is not None:
        state["rotate"] = max(count, 0)
    elif key == "maxage" and len(words) > 1 and (days := whole_number(words[1])) is not None:
        state["maxage"] = days
    elif key in ("size", "maxsize"):
        state["by_size"] = True


def parse_logrotate(
    files: dict[str, FileDump], main: str = "/etc/logrotate.conf"
) -> list[RotateRule]:
    """Rules in the order logrotate reads them: the main file and what it ``include``s."""
    state: dict[str, object] = {"rotate": 0, "period": "daily", "maxage": None, "by_size": False}
    rules: list[RotateRule] = []
    done: set[str] = set()

    def read(path: str) -> None:
        if path in done or path not in files:
            return
        done.add(path)
        block: dict[str, object] | None = None
        patterns: list[str] = []
        script = False
        for raw_line in files[path].lines():
            line = raw_line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            if script:
                script = words[0] != "endscript"
                continue
            if words[0] in _SCRIPTS:
                script = True
                continue
            if block is None and "{" in line:
                patterns += line.split("{", 1)[0].split()
                block = dict(state)
                line = line.split("{", 1)[1].strip()
                words = line.split()
                if not words:
                    continue
            if block is not None:
                if line.startswith("}"):
                    rules.append(_rule(patterns, path, block))
                    block, patterns = None, []
                else:
                    _apply(block, words)
            elif words[0] == "include" and len(words) > 1:
                include(words[1])
            elif words[0].startswith("/") or words[0].startswith('"'):
                patterns += words
            else:
                _apply(state, words)

    def include(target: str) -> None:
        prefix = target.rstrip("/") + "/"
        inside = sorted(p for p in files if p.startswith(prefix) and "/" not in p[len(prefix) :])
        for path in inside if inside else [target]:
            if not path.endswith(_TABOO):
                read(path)

    read(main)
    return rules


def _rule(patterns: list[str], path: str, block: dict[str, object]) -> RotateRule:
    rotate, period, maxage = block["rotate"], block["period"], block["maxage"]
    assert isinstance(rotate, int) and isinstance(period, str)
    return RotateRule(
        tuple(p.strip('"') for p in patterns),
        path,
        rotate,
        period,
        maxage if isinstance(maxage, int) else None,
        bool(block["by_size"]),
    )


def rule_for(rules: list[RotateRule], path: str) -> RotateRule | None:
    """The rule logrotate applies to ``path``: the first that names it."""
    return next((rule for rule in rules if rule.matches(path)), None)


_SPAN_UNITS = {
    "us": 1e-6,
    "usec": 1e-6,
    "ms": 1e-3,
    "msec": 1e-3,
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
    "M": 2629800,
    "month": 2629800,
    "months": 2629800,
    "y": 31557600,
    "year": 31557600,
    "years": 31557600,
}


def timespan_seconds(text: str) -> float | None:
    """Seconds in a systemd time span (``3month``, ``90d 12h``, ``3600``); None if unreadable."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([A-Za-z]+)", text):
        factor = _SPAN_UNITS.get(unit, _SPAN_UNITS.get(unit.lower()))
        if factor is None:
            return None
        total += float(number) * factor
    return total if re.fullmatch(r"(\s*\d+(\.\d+)?\s*[A-Za-z]+)+\s*", text) else None
