"""Passwords and tokens left in plain text: typed into shell and database-client histories,
or written in scripts and configuration files every user can read (a package's own unchanged
file, such as openssl.cnf's sample, is left out). The secret is masked on the host (``****``):
only the line around it ever leaves the host."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector, octal_mode, whole_number
from auditor.facts.user_homes import HOME_DIRS

HISTORIES = (".bash_history", ".zsh_history", ".ash_history", ".sh_history", ".history",
             ".mysql_history", ".psql_history", ".sqlite_history")  # fmt: skip
READABLE_DIRS = ("/etc", "/opt", "/srv", "/usr/local/bin", "/usr/local/etc", "/var/www")
READABLE_NAMES = ("*.sh", "*.conf", "*.cnf", "*.cfg", "*.env", ".env", "*.ini", "*.yml",
                  "*.yaml", "*.properties", "*.py", "*.php", "*.json")  # fmt: skip
FILE_LIMIT = 3000  # readable files searched at most
LINE_LIMIT = 50  # masked lines reported per file

# One sed program: comment lines and placeholder values (password, changeme, example...)
# dropped, each secret replaced by ****, and the lines where something was replaced printed
# after their number. A value that starts with $ is a variable, not a secret, and is left alone.
MASK = r"""
/^[[:space:]]*[#;]/d
/[=:][[:space:]]*["']?(pass:)?(password|passwd|changeme|secret|example|x{3,}|your[_-]?(password|secret|token))["']?([[:space:]]|$)/d
s/((mysql|mariadb|mysqldump|mysqladmin)[^|;]*[[:space:]]-p)[^$[:space:]][^[:space:]]*/\1****/g
s/(--password[= ])[^$[:space:]-][^[:space:]]*/\1****/g
s/(sshpass[[:space:]]+-p[[:space:]]*)[^$[:space:]][^[:space:]]*/\1****/g
s/((-pass|-passin|-passout)[[:space:]]+pass:)[^[:space:]]+/\1****/g
s/([A-Za-z0-9_]*(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_KEY|APIKEY)[A-Za-z0-9_]*=["']?)[^$"'[:space:];][^"'[:space:];]*/\1****/g
s/(^[[:space:]]*["']?(password|secret|token|api_key|apikey)["']?[[:space:]]*[=:][[:space:]]*["']?)[^$"'[:space:]#][^"'[:space:]]*/\1****/
s#(://[^/:@[:space:]]+:)[^@[:space:]]+@#\1****@#g
s/([[:space:]]-u[[:space:]]*[^:[:space:]]+:)[^$[:space:]][^[:space:]]*/\1****/g
s/(IDENTIFIED (WITH [a-z_]+ )?BY[[:space:]]*')[^']*'/\1****'/g
s/(PASSWORD[[:space:]]*(FOR[[:space:]]+[^=]*)?=[[:space:]]*')[^']*'/\1****'/g
/\*\*\*\*/{
=
p
}
"""

# Double quotes: these go inside the single-quoted ``sh -c '...'`` that runs find, where single
# quotes would end the string and leave the patterns to the shell to expand in its directory.
NAME_TESTS = " -o ".join(f'-name "{n}"' for n in READABLE_NAMES)
# Libraries' own code and test data (full of sample passwords) are not an operator's secrets.
SKIPPED = " ".join(
    f'! -path "*/{d}/*"' for d in ("site-packages", "dist-packages", "node_modules", "vendor",
                                   "tests", "test", "examples", "doc")
)  # fmt: skip
BATCH = 200  # files per sed run: a bounded command line (paths are at most 5 levels deep)
SCRIPT = (
    "MASK=$(cat <<'__MASK__'\n"
    + MASK.strip()
    + "\n__MASK__\n)\n"
    + f"""
nl='
'
packaged() {{
  if command -v dpkg >/dev/null 2>&1; then
    p=$(dpkg -S "$1" 2>/dev/null | head -n 1 | sed 's/: .*//; s/,.*//')
    [ -n "$p" ] && ! dpkg -V "$p" 2>/dev/null | grep -q " $1\\$"
  elif command -v rpm >/dev/null 2>&1; then
    rpm -qf "$1" >/dev/null 2>&1 && ! rpm -Vf "$1" 2>/dev/null | grep -q " $1\\$"
  else
    return 1
  fi
}}
# report PATH KIND: PATH's header and masked lines ($found), unless it has none or is a
# package's unchanged file.
report() {{
  [ -n "$found" ] || return 0
  [ "$2" = readable ] && packaged "$1" && return 0
  printf '\\036FILE %s %s %s\\n' "$2" "$(stat -c '%a %U' -- "$1" 2>/dev/null)" "$1"
  printf '%s\\n' "$found"
}}
scan() {{
  [ -f "$1" ] && [ ! -L "$1" ] || return 0
  found=$(sed -nE "$MASK" -- "$1" 2>/dev/null | head -n {2 * LINE_LIMIT} | cut -c1-300)
  report "$1" "$2"
}}
# GNU sed (4.2.2 on) reads many files in one run: -s numbers each file's lines from 1, F prints
# the file's name. With any other sed, each file gets a sed of its own.
case $(sed --version 2>/dev/null; echo | sed -sn F 2>/dev/null) in
  *"GNU sed"*"$nl-") many=1 ;;
  *) many= ;;
esac
# scan_many PATH...: what scan prints for each PATH (a regular file; a line read, starting with
# /), as readable, with one sed and one awk for them all. sed prints each file's name at its
# first line and each masked line after its number; awk tells them apart by position (a masked
# line follows its number, a number is digits, a name starts with /), keeps what head and cut
# kept of each file, and prints the name of each file with findings, then its lines each after a
# space, then a "." that ends the last one. sed stops at a read error (a file turned into a
# directory since its test): when the "-" read last (stdin, one empty line) did not come, awk
# prints the paths after the last name it got, each after a ?, for scan.
scan_many() {{
  [ $# -gt 0 ] || return 0
  echo | sed -snE "1F$nl$MASK" -- "$@" - 2>/dev/null | awk '
    BEGIN {{ for (i = 1; i < ARGC; i++) {{ arg[i] = ARGV[i]; delete ARGV[i] }} j = 1 }}
    t {{ t = 0; if (n <= {LINE_LIMIT}) print " " substr($0, 1, 300); next }}
    /^[0-9]+$/ {{ if (++n == 1) print f; if (n <= {LINE_LIMIT}) print " " $0; t = 1; next }}
    $0 == "-" {{ done = 1; next }}
    {{ f = $0; n = 0; while (j < ARGC && arg[j] != f) j++; j++ }}
    END {{ if (!done) for (; j < ARGC; j++) print "?" arg[j]; print "." }}' "$@" | {{
    found=  # what a scan before left
    while IFS= read -r l; do
      case $l in
        " "*) found=$found${{found:+$nl}}${{l# }}; continue ;;
      esac
      # read drops NUL bytes as scan's $(...) did, which also dropped a last line left empty
      found=${{found%"$nl"}}
      report "$f" readable
      f=$l found=
      case $l in
        "?"*) scan "${{l#?}}" readable; found= ;;
      esac
    done
  }}
}}
# scan_listed: scan each path read, readable, up to {BATCH} in one scan_many; a path that does
# not start with / (a piece of a name holding a newline) in a scan of its own, in its turn.
scan_listed() {{
  while IFS= read -r f; do
    case $many$f in
      1/*) [ -f "$f" ] && [ ! -L "$f" ] && set -- "$@" "$f" ;;
      *) scan_many "$@"; set --; scan "$f" readable ;;
    esac
    [ $# -lt {BATCH} ] || {{ scan_many "$@"; set --; }}
  done
  scan_many "$@"
}}
umin=$(awk '$1=="UID_MIN"{{print $2}}' /etc/login.defs 2>/dev/null); [ -n "$umin" ] || umin=1000
shared home_dirs | while read -r _name uid _shell _mode _owner _group kind home; do
  [ "$uid" = 0 ] || [ "$uid" -ge "$umin" ] 2>/dev/null || continue
  [ "$kind" = d ] || continue
  for h in {" ".join(HISTORIES)}; do scan "$home/$h" history; done
done
for d in {" ".join(READABLE_DIRS)}; do [ -d "$d" ] && printf '%s\\n' "$d"; done |
  xargs -r sh -c 'find "$@" -xdev -maxdepth 5 -type f -perm -o+r -size -256k \\
    \\( {NAME_TESTS} \\) {SKIPPED} 2>/dev/null' sh |
  head -n {FILE_LIMIT} | scan_listed
echo "scan-done"
"""
)


@dataclass(frozen=True)
class SecretLine:
    """A line holding a secret, the secret masked."""

    number: int
    text: str


@dataclass(frozen=True)
class SecretFile:
    """A file with secrets: a history, or a file every user can read."""

    kind: str  # history or readable
    path: str
    mode: int | None
    owner: str
    lines: tuple[SecretLine, ...]

    def describe(self) -> str:
        shown = f"mode {self.mode:o}, {self.owner}" if self.mode is not None else self.owner
        return f"{self.path} ({shown}): {len(self.lines)} line(s)"


@dataclass(frozen=True)
class PlaintextSecrets:
    files: tuple[SecretFile, ...]


@collector("plaintext_secrets", SCRIPT, needs_root=True, uses=HOME_DIRS, cost=2)
def parse_plaintext_secrets(raw: Raw) -> PlaintextSecrets:
    """Secrets (masked) in accounts' shell and client histories and in world-readable files."""
    if not raw.stdout.rstrip().endswith("scan-done"):
        raise FactError("the search for plain-text secrets did not finish")
    files: list[SecretFile] = []
    header: list[str] | None = None
    body: list[SecretLine] = []
    number: int | None = None

    def flush() -> None:
        if header is not None and body:
            kind, stat, path = header
            mode, _, owner = stat.partition(" ")
            files.append(SecretFile(kind, path, octal_mode(mode),
                                    owner or "?", tuple(body)))  # fmt: skip

    for line in raw.stdout.split("\n"):
        if line.startswith("\036FILE "):
            flush()
            kind, _, rest = line[6:].partition(" ")
            mode, _, rest = rest.partition(" ")
            owner, _, path = rest.partition(" ")
            header, body, number = [kind, f"{mode} {owner}", path], [], None
        elif header is not None and number is None and whole_number(line) is not None:
            number = whole_number(line)
        elif header is not None and number is not None:
            body.append(SecretLine(number, line))
            number = None
    flush()
    return PlaintextSecrets(tuple(files))
