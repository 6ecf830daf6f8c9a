"""auditd's files: its log directory and logs (where auditd.conf's log_file says), its
configuration and rule files, and its tools, with modes and owners."""

from __future__ import annotations

from auditor.facts.base import FileEntry, Raw, collector, octal_mode

TOOLS = ("auditctl", "aureport", "ausearch", "autrace", "auditd", "augenrules")

SCRIPT = f"""
st() {{ printf '%s\\t%s\\t%s\\n' "$1" "$2" "$(stat -c '%a %U %G' -- "$2" 2>/dev/null)"; }}
log=$(sed -n 's/^[[:space:]]*log_file[[:space:]]*=[[:space:]]*//p' /etc/audit/auditd.conf \\
  2>/dev/null | tail -n 1)
[ -n "$log" ] || log=/var/log/audit/audit.log
dir=${{log%/*}}
# the files, and their roles a line each, for one stat of them all
set --; roles=""
[ -d "$dir" ] && set -- "$dir" && roles="logdir$NL"
for f in "$dir"/*; do [ -f "$f" ] && set -- "$@" "$f" && roles="${{roles}}log$NL"; done
for f in /etc/audit/*.conf /etc/audit/*.rules /etc/audit/rules.d/*.rules \\
    /etc/audit/plugins.d/*.conf; do
  [ -f "$f" ] && set -- "$@" "$f" && roles="${{roles}}config$NL"
done
# the tools found on PATH (no newline in their paths), and what one readlink resolves them to
# (what one readlink each does, when it printed fewer lines)
tools=""; real=""; s=""
for t in {" ".join(TOOLS)}; do
  p=$(command -v "$t" 2>/dev/null) && [ -f "$p" ] && tools="$tools$p$NL"
done
set -f; IFS=$NL
[ -z "$tools" ] || real=$(readlink -f $tools); lines_of "$real"; n=0
for p in $tools; do n=$((n + 1)); done
if [ "$_k" = "$n" ]; then
  for p in $real; do set -- "$@" "$p" && roles="${{roles}}tool$NL"; done
else
  for p in $tools; do set -- "$@" "$(readlink -f "$p")" && roles="${{roles}}tool$NL"; done
fi
set +f; unset IFS
# one stat prints a line for each file, in their order (one each when it printed fewer)
[ $# -eq 0 ] || s=$(stat -c '%a %U %G' -- "$@" 2>/dev/null); lines_of "$s"
for f; do
  r=${{roles%%"$NL"*}}; roles=${{roles#*"$NL"}}
  if [ "$_k" = $# ]; then printf '%s\\t%s\\t%s\\n' "$r" "$f" "${{s%%"$NL"*}}"; s=${{s#*"$NL"}}
  else st "$r" "$f"; fi
done
exit 0
"""


AuditFiles = dict[str, tuple[FileEntry, ...]]  # logdir, log, config, tool -> files


@collector("audit_files", SCRIPT, needs_root=True)
def parse_audit_files(raw: Raw) -> AuditFiles:
    """auditd's log directory and logs, configuration and rule files and tools, with modes."""
    found: dict[str, list[FileEntry]] = {}
    for line in raw.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) != 3:
            continue
        role, path, stat = fields
        mode, owner, group = [*stat.split(), "", "", ""][:3]
        if (bits := octal_mode(mode)) is not None:
            kind = "d" if role == "logdir" else "f"
            found.setdefault(role, []).append(FileEntry(bits, owner, group, kind, path))
    return {role: tuple(entries) for role, entries in found.items()}
