"""What cron and systemd run unattended: every cron entry of the system crontabs and root's
crontab, every script of the cron.* directories and every Exec* command of the systemd units,
with the programs each runs, and the mode and owner of the job files, the programs and the
directories holding them.

The programs of a command are the first words of its simple commands (after ``&&``, ``||``,
``;``, ``|``, ``then``...), and the script an interpreter (``sh``, ``python3``...) is given,
resolved on the host with ``command -v`` in the script's fixed PATH (and, when the program is
a symbolic link, ``readlink -f``). Their modes come from one ``find -L ... -maxdepth 0`` call.
The unit files are resolved by one ``readlink`` and read by one ``awk`` (through ``xargs``),
not by two processes per unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, FileEntry, Raw, collector, split_sections
from auditor.facts.cron_files import CRON_PATHS
from auditor.parsers.files import parse_find_line

UNIT_DIRS = ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")
CRON_DIRS = ("/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly",
             "/etc/cron.yearly")  # fmt: skip

# system crontab lines (with a user field) or, with sys=0, a user's crontab of user ``u``
_CRON_AWK = r"""
{ sub(/\r$/, "") }
/^[ \t]*(#|$)/ { next }
/^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=/ { next }
{
  n = ($1 ~ /^@/) ? 1 : 5
  if (sys) n++
  user = sys ? $n : u
  c = $0; gsub(/\t/, " ", c)
  for (i = 0; i < n; i++) sub(/^ *[^ ]+/, "", c)
  sub(/^ +/, "", c)
  if (c != "") printf "cron\t%s\t%s\t%s\n", f, user, c
}
"""
# Exec* lines of unit files (many in one run), each with its unit's User= (root when it sets none)
_UNIT_AWK = r"""
function unit() {
  if (user == "") user = "root"
  for (i = 1; i <= n; i++) printf "unit\t%s\t%s\t%s\n", f, user, cmds[i]
  user = ""; n = 0
}
FNR == 1 { unit(); f = FILENAME }
{ sub(/\r$/, "") }
/^[ \t]*[#;]/ { next }
/^[ \t]*User[ \t]*=/ { user = $0; sub(/^[^=]*=[ \t]*/, "", user); sub(/[ \t]+$/, "", user) }
/^[ \t]*Exec(Start|StartPre|StartPost|Stop|StopPost|Reload|Condition)[ \t]*=/ {
  c = $0; gsub(/\t/, " ", c); sub(/^[^=]*= */, "", c); if (c != "") cmds[++n] = c
}
END { unit() }
"""
# appends to each job line the words at command positions of its command (4th field) and
# the script an interpreter runs; systemd's Exec prefixes (@-:+!) are dropped
_WORDS_AWK = r"""
BEGIN { FS = "\t" }
{
  k = split($4, w, /[ \t]+/); next_cmd = 1; interp = 0; out = ""
  for (i = 1; i <= k; i++) {
    x = w[i]
    if (x == "") continue
    if (x ~ /^(&&|\|\||;|\||\(|\{|\}|!|then|do|else|if|while|until)$/ ||
        x ~ /^(exec|nohup|nice|ionice)$/) { next_cmd = 1; continue }
    if (next_cmd) {
      if ($1 == "unit") sub(/^[-@:+!]+/, "", x)
      sub(/^\(+/, "", x); sub(/[;)]+$/, "", x)
      if (x ~ /^[A-Za-z_][A-Za-z0-9_]*=/) continue
      out = out " " x; next_cmd = 0
      interp = (x ~ /(^|\/)(sh|bash|dash|ksh|zsh|perl|ruby|php|python[0-9.]*)$/)
    } else if (interp && x !~ /^-/) {
      sub(/[;)]+$/, "", x); out = out " " x; interp = 0
    }
    if (w[i] ~ /;$/) next_cmd = 1
  }
  print $0 "\t" substr(out, 2)
}
"""

SCRIPT = f"""
jobs=$(
  # one awk reads the system crontabs, f set (as -v sets it) before each; as mawk stops at a file
  # it cannot open (one gone since its test), then one awk each
  set --
  for f in /etc/crontab /etc/cron.d/*; do [ -f "$f" ] && set -- "$@" "f=$f" "$f"; done
  if [ $# -gt 0 ] && ! {{ o=$(awk -v sys=1 '{_CRON_AWK}' "$@") && {{ [ -z "$o" ] ||
      printf '%s\\n' "$o"; }}; }}; then
    for f in /etc/crontab /etc/cron.d/*; do
      [ -f "$f" ] && awk -v f="$f" -v sys=1 '{_CRON_AWK}' "$f"
    done
  fi
  for f in /var/spool/cron/crontabs/root /var/spool/cron/root; do
    [ -f "$f" ] && awk -v f="$f" -v sys=0 -v u=root '{_CRON_AWK}' "$f"
  done
  for d in {" ".join(CRON_DIRS)}; do
    for f in "$d"/*; do [ -f "$f" ] && printf 'cron\\t%s\\troot\\t%s\\n' "$f" "$f"; done
  done
  set --
  for d in {" ".join(UNIT_DIRS)}; do [ -d "$d" ] && set -- "$@" "$d"; done
  [ $# -eq 0 ] || find "$@" -maxdepth 2 \\( -type f -o -type l \\) \\( -name '*.service' \\
      -o -name '*.socket' -o -path '*.d/*.conf' \\) 2>/dev/null |
    xargs -r -d '\\n' readlink -e -- 2>/dev/null | sort -u | while IFS= read -r f; do
    [ -f "$f" ] && printf '%s\\n' "$f"
  done | xargs -r -d '\\n' awk '{_UNIT_AWK}'
)
jobs=$(printf '%s\\n' "$jobs" | awk '{_WORDS_AWK}')
sec jobs
printf '%s\\n' "$jobs"
progs=$(printf '%s\\n' "$jobs" | cut -f 5 | tr ' ' '\\n' | sort -u | while IFS= read -r w; do
  case "$w" in ''|*'$'*|*'%'*|*'"'*|*"'"*|*'`'*) continue ;; esac
  case "$w" in
    /*) p=$w ;;
    */*) continue ;;
    *) p=$(command -v -- "$w" 2>/dev/null) || continue ;;
  esac
  case "$p" in /*) ;; *) continue ;; esac
  printf '%s\\t%s\\n' "$w" "$p"
  [ -L "$p" ] && real=$(readlink -f -- "$p" 2>/dev/null) && printf '%s\\t%s\\n' "$w" "$real"
done)
sec programs
printf '%s\\n' "$progs"
sec modes
cron=$(shared cron_paths | grep -v '^cron-done$')
[ -z "$cron" ] || printf '%s\\n' "$cron"
{{ printf '%s\\n' "$jobs" | cut -f 2; printf '%s\\n' "$progs" | cut -f 2; }} |
while IFS= read -r p; do
  [ -n "$p" ] || continue
  d=${{p%/*}}; printf '%s\\n%s\\n' "$p" "${{d:-/}}"
done | sort -u | seen=$(printf '%s\\n' "$cron" | cut -d ' ' -f 5-) awk '
  BEGIN {{ n = split(ENVIRON["seen"], p, "\\n"); for (i = 1; i <= n; i++) seen[p[i]] = 1 }}
  !($0 in seen)' | {{
  set --
  while IFS= read -r p; do set -- "$@" "$p"; done
  [ $# -eq 0 ] || find -L "$@" -maxdepth 0 -printf '%m %u %g %y %p\\n' 2>/dev/null
}}
sec done
"""


@dataclass(frozen=True)
class ScheduledJob:
    """One command run unattended: ``kind`` is ``cron`` (a crontab entry or a cron.* script) or
    ``unit`` (an Exec* line of a systemd unit), run as ``user``; ``programs`` are the files it
    runs as resolved on the host."""

    kind: str
    file: str
    user: str
    command: str
    programs: tuple[str, ...]

    def describe(self) -> str:
        command = self.command if len(self.command) <= 80 else self.command[:79] + "…"
        return f"{self.file}: {command}" if command != self.file else self.file


@dataclass(frozen=True)
class ScheduledJobs:
    """The jobs and the mode and owner of their files, programs and directories, by path."""

    jobs: tuple[ScheduledJob, ...]
    modes: dict[str, FileEntry]


@collector("scheduled_jobs", SCRIPT, needs_root=True, uses=CRON_PATHS, cost=2)
def parse_scheduled_jobs(raw: Raw) -> ScheduledJobs:
    """cron entries, cron.* scripts and systemd Exec* commands with the modes of what they run."""
    parts = split_sections(raw.stdout)
    if "done" not in parts:
        raise FactError("the listing of cron jobs and systemd units did not finish")
    resolved: dict[str, list[str]] = {}
    for line in parts.get("programs", []):
        word, sep, path = line.partition("\t")
        if sep and path.startswith("/"):
            resolved.setdefault(word, []).append(path)
    jobs = []
    for line in parts.get("jobs", []):
        fields = line.split("\t")
        if len(fields) != 5 or fields[0] not in ("cron", "unit"):
            continue
        kind, file, user, command, words = fields
        programs = [p for w in words.split() for p in resolved.get(w, [])]
        jobs.append(ScheduledJob(kind, file, user, command, tuple(dict.fromkeys(programs))))
    entries = (parse_find_line(line) for line in parts.get("modes", []))
    return ScheduledJobs(tuple(jobs), {e.path: e for e in entries if e})
