"""The ``login_banners`` fact: /etc/issue, /etc/issue.net and the file named by sshd's Banner
setting."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import (
    FactError,
    FileDump,
    Raw,
    collector,
    section_files,
    split_sections,
)
from auditor.facts.sshd import SSHD_EFFECTIVE


@dataclass(frozen=True)
class Banners:
    """The pre-login banner files and the file sshd shows (its ``Banner``)."""

    files: dict[str, FileDump]
    sshd_banner: str | None


BANNER_SCRIPT = """
b=$(shared sshd_effective | awk '$1 == "banner" { print $2 }')
echo "sshd-banner ${b:-unknown}"
sec files
if [ -n "$b" ] && [ "$b" != none ]; then dump_files /etc/issue /etc/issue.net "$b"
else dump_files /etc/issue /etc/issue.net; fi
"""


@collector("login_banners", BANNER_SCRIPT, needs_root=True, uses=SSHD_EFFECTIVE)
def parse_login_banners(raw: Raw) -> Banners:
    """/etc/issue, /etc/issue.net and the file named by sshd's Banner setting."""
    first = raw.stdout.partition("\n")[0]
    if not first.startswith("sshd-banner "):
        raise FactError("unexpected output of the banner collector")
    banner = first.split(" ", 1)[1].strip()
    files = section_files(split_sections(raw.stdout), "files")
    return Banners(files, None if banner == "unknown" else banner)
