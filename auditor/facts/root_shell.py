"""What root's login shell leaves in force: its PATH, with each directory's owner and mode,
and its umask."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, FileEntry, Raw, collector, sections
from auditor.parsers.files import parse_find_line

# The shell starts from the umask a login gets before its start-up files: 022 from init, or
# login.defs' UMASK where pam_umask applies it. Its start-up files run with stdin closed, a
# clean environment and a time limit; the values come back on lines of their own.
ROOT_SHELL_SCRIPT = r"""
entry=$(awk -F: '$1 == "root" { print $7 ":" $6; exit }' /etc/passwd)
shell=${entry%%:*}; home=${entry#*:}
printf 'shell %s\nhome %s\n' "$shell" "$home"
start=022
if grep -qs '^[^#]*pam_umask' /etc/pam.d/common-session /etc/pam.d/system-auth \
    /etc/pam.d/password-auth; then
  defs=$(awk '$1 == "UMASK" { print $2 }' /etc/login.defs 2>/dev/null)
  [ -n "$defs" ] && start=$defs
fi
printf 'start-umask %s\n' "$start"
case "$shell" in */nologin|*/false|"") sec login none; exit 0 ;; esac
[ -x "$shell" ] || { sec login none; exit 0; }
out=$(cd / && umask "$start" && timeout 10 env -i HOME="$home" USER=root LOGNAME=root \
  SHELL="$shell" TERM=dumb "$shell" -lc \
  'printf "\nAUDITOR-PATH=%s\nAUDITOR-UMASK=%s\n" "$PATH" "$(umask)"' </dev/null 2>/dev/null)
sec login $?
printf '%s\n' "$out" | grep '^AUDITOR-'
path=$(printf '%s\n' "$out" | sed -n 's/^AUDITOR-PATH=//p' | tail -n 1)
sec dirs
# one find lists the directories found up to the next missing one, in their order; one not
# starting with / has a find of its own, given as ./NAME: find would take a bare -fprint or
# -delete for its expression and act on it
listed() { [ $# -eq 0 ] || find -H "$@" -maxdepth 0 -printf '%m %u %g %y %p\n'; }
set -f; old=$IFS; IFS=:; set --
for d in $path; do
  IFS=$old
  [ -n "$d" ] || continue
  case "$d" in /*) [ -e "$d" ] && set -- "$@" "$d" && continue ;; esac
  listed "$@"; set --
  if [ -e "$d" ]; then
    s=$(find -H "./$d" -maxdepth 0 -printf '%m %u %g %y ') && printf '%s%s\n' "$s" "$d"
  else printf 'missing %s\n' "$d"; fi
done
listed "$@"
sec end
"""


@dataclass(frozen=True)
class RootShell:
    """root's shell and home; ``ran`` is false when the shell is not one to run (nologin).
    ``path`` and ``umask`` are what the shell's start-up files leave, started from
    ``start_umask``; ``dirs`` has the PATH directories found, ``missing`` those not found."""

    shell: str
    home: str
    start_umask: int
    ran: bool
    path: str | None = None
    umask: int | None = None
    dirs: dict[str, FileEntry] | None = None
    missing: tuple[str, ...] = ()


def _octal(text: str) -> int | None:
    text = text.strip()
    return int(text, 8) if text and all(c in "01234567" for c in text) else None


@collector("root_shell", ROOT_SHELL_SCRIPT, needs_root=True)
def parse_root_shell(raw: Raw) -> RootShell:
    """root's login shell, run without a terminal: the PATH and umask it sets, and the owner
    and mode of each PATH directory."""
    head: dict[str, str] = {}
    for line in raw.stdout.split("\n"):
        if line.startswith("\036"):
            break
        key, _, value = line.partition(" ")
        head[key] = value
    start = _octal(head.get("start-umask", ""))
    if "shell" not in head or start is None:
        raise FactError("unexpected output of the root shell collector")
    found = {name: (arg, lines) for name, arg, lines in sections(raw.stdout)}
    login = found.get("login")
    if login is None:
        raise FactError("unexpected output of the root shell collector")
    shell, home = head["shell"], head.get("home", "")
    if login[0] == "none":
        return RootShell(shell, home, start, False)
    if "end" not in found:
        raise FactError("the root shell collector did not finish")
    values = dict(line.partition("=")[::2] for line in login[1] if line.startswith("AUDITOR-"))
    if login[0] == "124":
        raise FactError(f"root's login shell {shell} did not finish within 10 seconds")
    if "AUDITOR-PATH" not in values:
        raise FactError(f"root's login shell {shell} exited with status {login[0]}")
    dirs, missing = {}, []
    for line in found["dirs"][1]:
        if line.startswith("missing "):
            missing.append(line.removeprefix("missing "))
            continue
        if entry := parse_find_line(line):
            dirs[entry.path] = entry
    return RootShell(
        shell,
        home,
        start,
        True,
        values["AUDITOR-PATH"],
        _octal(values.get("AUDITOR-UMASK", "")),
        dirs,
        tuple(missing),
    )
