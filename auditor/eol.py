"""End of security support of operating-system releases, compiled by hand.

Each release has up to three end dates, from the shortest to the longest support:

``standard``
    the vendor's regular security support, free of charge (Debian security team, Ubuntu
    standard support, RHEL and its rebuilds: end of Maintenance Support);
``lts``
    free long-term support published through the distribution's usual channel with no
    subscription (Debian LTS, in the same ``-security`` suite); otherwise equal to ``standard``;
``extended``
    paid or subscription support from the vendor (Ubuntu Pro ESM, RHEL ELS add-on); otherwise
    equal to ``lts``.

Sources (read 2026-11): the vendors' life-cycle pages (wiki.debian.org/DebianReleases and
wiki.debian.org/LTS, ubuntu.com/about/release-cycle,
access.redhat.com/support/policy/updates/errata,
wiki.rockylinux.org/rocky/version, wiki.almalinux.org, centos.org) as summarised by
endoflife.date. Dates given only as a month are taken as the last day of that month; dates not yet
announced (Debian 13, CentOS Stream 10) are the vendors' stated plans. Review this table whenever
a release is added or a vendor changes its plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVELS = ("standard", "lts", "extended")


@dataclass(frozen=True)
class Support:
    """End dates (inclusive) of one release's support levels."""

    name: str
    standard: date
    lts: date | None = None
    extended: date | None = None

    def end(self, level: str) -> tuple[date, str]:
        """The end date used for ``level`` and the level it actually comes from."""
        if level not in LEVELS:
            raise ValueError(f"unknown support level {level!r}; use one of {', '.join(LEVELS)}")
        chain = [("standard", self.standard), ("lts", self.lts), ("extended", self.extended)]
        best = chain[0]
        for name, when in chain[: LEVELS.index(level) + 1]:
            if when is not None:
                best = (name, when)
        return best[1], best[0]


def _d(text: str) -> date:
    return date.fromisoformat(text)


# (os-release ID, major version or full VERSION_ID for Ubuntu) -> support
TABLE: dict[tuple[str, str], Support] = {
    ("debian", "9"): Support("Debian 9 stretch", _d("2020-07-06"), _d("2022-06-30")),
    ("debian", "10"): Support("Debian 10 buster", _d("2022-09-10"), _d("2024-06-30")),
    ("debian", "11"): Support("Debian 11 bullseye", _d("2024-08-14"), _d("2026-08-31")),
    ("debian", "12"): Support("Debian 12 bookworm", _d("2026-06-10"), _d("2028-06-30")),
    ("debian", "13"): Support("Debian 13 trixie", _d("2028-08-09"), _d("2030-06-30")),
    ("ubuntu", "16.04"): Support("Ubuntu 16.04 LTS", _d("2021-04-30"), None, _d("2026-04-30")),
    ("ubuntu", "18.04"): Support("Ubuntu 18.04 LTS", _d("2023-05-31"), None, _d("2028-04-30")),
    ("ubuntu", "20.04"): Support("Ubuntu 20.04 LTS", _d("2025-05-31"), None, _d("2030-04-30")),
    ("ubuntu", "22.04"): Support("Ubuntu 22.04 LTS", _d("2027-04-30"), None, _d("2032-04-30")),
    ("ubuntu", "24.04"): Support("Ubuntu 24.04 LTS", _d("2029-05-31"), None, _d("2034-04-30")),
    ("ubuntu", "26.04"): Support("Ubuntu 26.04 LTS", _d("2031-04-30"), None, _d("2036-04-30")),
    ("ubuntu", "16.10"): Support("Ubuntu 16.10", _d("2017-07-20")),
    ("ubuntu", "17.04"): Support("Ubuntu 17.04", _d("2018-01-13")),
    ("ubuntu", "17.10"): Support("Ubuntu 17.10", _d("2018-07-19")),
    ("ubuntu", "18.10"): Support("Ubuntu 18.10", _d("2019-07-18")),
    ("ubuntu", "19.04"): Support("Ubuntu 19.04", _d("2020-01-23")),
    ("ubuntu", "19.10"): Support("Ubuntu 19.10", _d("2020-07-06")),
    ("ubuntu", "20.10"): Support("Ubuntu 20.10", _d("2021-07-22")),
    ("ubuntu", "21.04"): Support("Ubuntu 21.04", _d("2022-01-20")),
    ("ubuntu", "21.10"): Support("Ubuntu 21.10", _d("2022-07-14")),
    ("ubuntu", "22.10"): Support("Ubuntu 22.10", _d("2023-07-20")),
    ("ubuntu", "23.04"): Support("Ubuntu 23.04", _d("2024-01-25")),
    ("ubuntu", "23.10"): Support("Ubuntu 23.10", _d("2024-07-11")),
    ("ubuntu", "24.10"): Support("Ubuntu 24.10", _d("2025-07-10")),
    ("ubuntu", "25.04"): Support("Ubuntu 25.04", _d("2026-01-31")),
    ("ubuntu", "25.10"): Support("Ubuntu 25.10", _d("2026-07-31")),
    ("rhel", "7"): Support("RHEL 7", _d("2024-06-30"), None, _d("2028-06-30")),
    ("rhel", "8"): Support("RHEL 8", _d("2029-05-31"), None, _d("2032-05-31")),
    ("rhel", "9"): Support("RHEL 9", _d("2032-05-31"), None, _d("2035-05-31")),
    ("rhel", "10"): Support("RHEL 10", _d("2035-05-31"), None, _d("2038-05-31")),
    ("rocky", "8"): Support("Rocky Linux 8", _d("2029-05-31")),
    ("rocky", "9"): Support("Rocky Linux 9", _d("2032-05-31")),
    ("rocky", "10"): Support("Rocky Linux 10", _d("2035-05-31")),
    ("almalinux", "8"): Support("AlmaLinux 8", _d("2029-03-01")),
    ("almalinux", "9"): Support("AlmaLinux 9", _d("2032-05-31")),
    ("almalinux", "10"): Support("AlmaLinux 10", _d("2035-05-31")),
    ("centos", "7"): Support("CentOS Linux 7", _d("2024-06-30")),
    ("centos", "8"): Support("CentOS Linux 8", _d("2021-12-31")),
    ("centos-stream", "8"): Support("CentOS Stream 8", _d("2024-05-31")),
    ("centos-stream", "9"): Support("CentOS Stream 9", _d("2027-05-31")),
    ("centos-stream", "10"): Support("CentOS Stream 10", _d("2030-01-01")),
}


def lookup(os_id: str, version_id: str, pretty_name: str = "") -> Support | None:
    """The support entry of a release from its os-release ID, VERSION_ID and PRETTY_NAME."""
    os_id = os_id.lower()
    if os_id == "centos" and "stream" in pretty_name.lower():
        os_id = "centos-stream"
    key = version_id if os_id == "ubuntu" else version_id.split(".")[0]
    return TABLE.get((os_id, key))
