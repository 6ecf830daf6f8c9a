"""apt configuration (``apt-config dump`` lines) and the words apt and dnf read as true."""

from __future__ import annotations

import re

TRUE_WORDS = frozenset({"1", "yes", "true", "on", "enable", "with"})


def parse_apt_config(lines: list[str]) -> dict[str, list[str]]:
    """``apt-config dump`` lines -> key (without trailing ``::``) -> values."""
    config: dict[str, list[str]] = {}
    for line in lines:
        match = re.match(r'^(\S+?)(?:::)? "(.*)";$', line.strip())
        if match:
            config.setdefault(match.group(1), []).append(match.group(2))
    return config
