"""Every PAM service of the host (``/etc/pam.d/*``) and the module files PAM loads: their
mode, owner and package, and the module files the package manager finds changed since they
were installed."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import (
    Raw,
    by_name,
    collector,
    octal_mode,
    section_files,
    sections,
)
from auditor.facts.pam import PamFiles, PamRule
from auditor.facts.suid_sgid import checksum_changed, verification

MODULE_DIRS = (
    "/lib/x86_64-linux-gnu/security", "/lib/aarch64-linux-gnu/security", "/lib64/security",
    "/lib/security", "/usr/lib/x86_64-linux-gnu/security", "/usr/lib/aarch64-linux-gnu/security",
    "/usr/lib64/security", "/usr/lib/security",
)  # fmt: skip

# Each module file is listed once (with merged /usr, /lib and /usr/lib are one directory; the
# first name found is the one dpkg knows), resolved by one readlink and described by one stat;
# the packages are asked in one call, and the packages that ship the modules are verified
# against their recorded checksums.
SCRIPT = f"""
sec files
dump_files /etc/pam.d/* /etc/pam.conf
sec modules
set --
for d in {" ".join(MODULE_DIRS)}; do
  [ -d "$d" ] || continue
  for f in "$d"/*.so; do [ -f "$f" ] && set -- "$@" "$f"; done
done
[ $# -gt 0 ] || exit 0
real=$(readlink -f -- "$@")
list=$(printf '%s\\n' "$@" | real="$real" awk '
  BEGIN {{ split(ENVIRON["real"], r, "\\n") }} !(r[NR] in seen) {{ seen[r[NR]]; print }}')
IFS='
'
set -f; set -- $list; set +f
unset IFS
stat -L -c '%n	%a %U' -- "$@" 2>/dev/null
if command -v dpkg >/dev/null 2>&1; then
  owners=$(dpkg -S "$@" 2>&1)
  sec owners
  printf '%s\\n' "$owners"
  sec verify dpkg
  pkgs=$(printf '%s\\n' "$owners" | sed -n 's/^\\(.*\\): \\/.*/\\1/p' | tr ', ' '\\n\\n' | sort -u)
  [ -z "$pkgs" ] || dpkg -V $pkgs 2>&1 | head -n 300
elif command -v rpm >/dev/null 2>&1; then
  sec owners
  for f in "$@"; do
    printf '%s: %s\\n' "$(rpm -qf --qf '%{{NAME}}' -- "$f" 2>/dev/null || echo -)" "$f"
  done
  sec verify rpm
  pkgs=$(rpm -qf --qf '%{{NAME}}\\n' -- "$@" 2>/dev/null | grep -v ' ' | sort -u)
  [ -z "$pkgs" ] || rpm -V $pkgs 2>&1 | head -n 300
fi
"""


@dataclass(frozen=True)
class ModuleFile:
    """A PAM module file: its mode and owner, the package that ships it (None if none does),
    and whether the package manager finds its content changed since installation."""

    path: str
    mode: int
    owner: str
    package: str | None
    modified: bool

    def describe(self) -> str:
        shipped = f"package {self.package}" if self.package else "in no package"
        return f"{self.path} ({shipped}, mode {self.mode:o}, owner {self.owner})"


@dataclass(frozen=True)
class PamServices(PamFiles):
    """The PAM service files with their rules, and the module files on the host."""

    modules: dict[str, ModuleFile]  # by file name (pam_unix.so)
    verified_by: str | None  # dpkg or rpm, when the packages could be verified

    def services(self) -> list[str]:
        return sorted(p for p in self.files if p.startswith("/etc/pam.d/"))

    def auth_stack(self, path: str, depth: int = 0) -> list[PamRule]:
        """The auth rules of a service with its includes (``@include``, ``include``,
        ``substack``) expanded in place."""
        expanded: list[PamRule] = []
        for rule in self.all_rules(path):
            if rule.type == "@include" or rule.control in ("include", "substack"):
                if depth < 8 and rule.type in ("@include", "auth"):
                    target = rule.module_path
                    target = target if target.startswith("/") else f"/etc/pam.d/{target}"
                    expanded += self.auth_stack(target, depth + 1)
            elif rule.type == "auth":
                expanded.append(rule)
        return expanded


def _owners(lines: list[str], listed: set[str]) -> dict[str, str]:
    """Package by module path from ``dpkg -S`` (``pkg[, pkg]: path``) or our rpm lines."""
    found: dict[str, str] = {}
    for line in lines:
        package, sep, path = line.partition(": ")
        if sep and path.strip() in listed and package not in ("-", "") and " " not in package:
            found[path.strip()] = package.split(",")[0].strip().split(":")[0]
    return found


@collector("pam_services", SCRIPT, needs_root=True, cost=2)
def parse_pam_services(raw: Raw) -> PamServices:
    """/etc/pam.d services, PAM module files with package, mode and package-manager verification."""
    found = sections(raw.stdout)
    parts = by_name(found)
    listed: list[tuple[str, int, str]] = []
    for line in parts.get("modules", []):
        path, _, stat = line.partition("\t")
        mode, _, owner = stat.partition(" ")
        if path and (bits := octal_mode(mode)) is not None:
            listed.append((path, bits, owner))
    owners = _owners(parts.get("owners", []), {p for p, _, _ in listed})
    verifier, verified = verification(found)
    changed = checksum_changed(verified)
    modules = {
        path.rsplit("/", 1)[-1]: ModuleFile(path, mode, owner, owners.get(path), path in changed)
        for path, mode, owner in listed
    }
    return PamServices(section_files(parts, "files"), modules, verifier)
