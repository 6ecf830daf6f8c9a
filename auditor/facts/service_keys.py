"""Private keys of the host's services — SSH host keys and TLS keys in the usual places — and
their directories, with modes and owners."""

from __future__ import annotations

from auditor.facts.base import FileEntry, Raw, collector, octal_mode

KEY_GLOBS = (
    "/etc/ssh/ssh_host_*_key", "/etc/ssl/private/*", "/etc/pki/tls/private/*",
    "/etc/letsencrypt/archive/*/privkey*.pem", "/etc/nginx/ssl/*.key", "/etc/apache2/ssl/*.key",
    "/etc/httpd/ssl/*.key", "/etc/postgresql/*/main/*.key", "/var/lib/postgresql/*/main/*.key",
)  # fmt: skip
KEY_DIRS = ("/etc/ssl/private", "/etc/pki/tls/private", "/etc/letsencrypt/archive")

SCRIPT = f"""
for f in {" ".join(KEY_GLOBS)}; do
  [ -f "$f" ] && [ ! -L "$f" ] || continue
  printf 'KEY\\t%s\\t%s\\n' "$f" "$(stat -c '%a %U %G' -- "$f" 2>/dev/null)"
done
for d in {" ".join(KEY_DIRS)}; do
  [ -d "$d" ] && printf 'DIR\\t%s\\t%s\\n' "$d" "$(stat -c '%a %U %G' -- "$d" 2>/dev/null)"
done
exit 0
"""


@collector("service_keys", SCRIPT, needs_root=True)
def parse_service_keys(raw: Raw) -> tuple[FileEntry, ...]:
    """SSH host keys and TLS private keys in the usual places, and their directories."""
    found = []
    for line in raw.stdout.splitlines():
        kind, _, rest = line.partition("\t")
        path, _, stat = rest.partition("\t")
        fields = stat.split()
        mode = octal_mode(fields[0]) if len(fields) == 3 else None
        if kind in ("KEY", "DIR") and mode is not None:
            owner, group = fields[1], fields[2]
            found.append(FileEntry(mode, owner, group, "d" if kind == "DIR" else "f", path))
    return tuple(found)
