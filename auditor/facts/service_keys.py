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

# One stat for the keys and the directories, a line each (one each, as before, when it printed
# fewer).
SCRIPT = f"""
set --
for f in {" ".join(KEY_GLOBS)}; do [ -f "$f" ] && [ ! -L "$f" ] && set -- "$@" "$f"; done
keys=$#
for d in {" ".join(KEY_DIRS)}; do [ -d "$d" ] && set -- "$@" "$d"; done
s=""; [ $# -eq 0 ] || s=$(stat -c '%a %U %G' -- "$@" 2>/dev/null)
lines_of "$s"; i=0
for f; do
  i=$((i + 1)); kind=KEY; [ "$i" -le "$keys" ] || kind=DIR
  if [ "$_k" = $# ]; then m=${{s%%"$NL"*}}; s=${{s#*"$NL"}}
  else m=$(stat -c '%a %U %G' -- "$f" 2>/dev/null); fi
  printf '%s\\t%s\\t%s\\n' "$kind" "$f" "$m"
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
