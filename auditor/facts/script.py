"""Build the one script a host runs for a scan, and split its output back into facts.

Inputs several collectors share (``sshd -T``, the process list) run first, once, into shell
variables of the script; the collectors then run in a few concurrent lanes, each lane taking the
next collector not yet taken when it is done with one (so that a host takes about its slowest
collector, not the sum of them, whatever each costs there), each collector in its own ``sh`` under
``timeout`` so that one slow command cannot starve the others, given the shared inputs it uses on
standard input, each after a ``\\036IN <nonce> <name>`` line, which the prelude's ``shared NAME``
prints back.

Lanes write to one stream, so every line a collector prints is framed on its own: awk prefixes
it with ``\\036<nonce> <name>`` and a space, cutting lines longer than :data:`CHUNK` bytes into
pieces marked ``+`` (more follows). It writes whole framed lines in blocks of up to
:data:`WRITE_MAX` bytes, below ``PIPE_BUF``, which a pipe keeps whole: a few large SSH packets
rather than one per line, and a collector's output is all written when it ends. A collector ends
with ``\\036RC <nonce> <status>``. A collector that needs root, in a script that is not running
as root, prints nothing and ends with :data:`NEEDS_ROOT_RC`. The nonce keeps what a host prints
from passing for the framing.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping

from auditor.facts.base import (
    SHARED_INPUTS,
    Collector,
    FactError,
    Facts,
    OptionValue,
    Raw,
    option_text,
    whole_number,
)
from auditor.facts.walks import LOCAL_DIRS

NEEDS_ROOT_RC = 77
TIMEOUT_RC = 124
LANES = 4  # collectors running at once on a host
TOKEN_DIGITS = 3  # a collector's number as a lane reads it from the pipe: 3 bytes, one read
CHUNK = 3000  # bytes of a line per framed piece: with its prefix, well below WRITE_MAX
WRITE_MAX = 4000  # bytes of framed lines per write: below PIPE_BUF (4096), so never interleaved
FRAME_AWK = (
    f'function put(l) {{ if (length(b) + length(l) >= {WRITE_MAX}) {{ printf "%s", b; '
    'fflush(); b = "" } b = b l "\\n" } '
    f'{{ s = $0; while (length(s) > {CHUNK}) {{ put(p "+" substr(s, 1, {CHUNK})); '
    f's = substr(s, {CHUNK + 1}) }} put(p " " s) }} '
    'END { printf "%s", b; fflush() }'
)

# Each collector's shell, by its path: timeout would try every directory of PATH before it.
SH = "/bin/sh"

# The script's own environment, whatever the caller's: the whole script (its use of id, timeout
# and the shared inputs' commands) and every collector run with it.
ENVIRONMENT = "export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

PRELUDE = (
    f"\n{ENVIRONMENT}"
    + r"""
is_root() { [ "$(id -u)" = 0 ]; }
# dump_files PATH...: the regular files among the paths (no symlink), their metadata and their
# first 262144 bytes, with one stat and one awk per 200 files (a bounded command line, however
# many files a host has).
dump_files() {
  for f; do
    shift
    [ -f "$f" ] && [ ! -L "$f" ] && set -- "$@" "$f"
  done
  while [ $# -gt 0 ]; do
    dump_first 200 "$@"
    if [ $# -gt 200 ]; then shift 200; else shift $#; fi
  done
}
# dump_first N PATH...: the first N paths, dumped. stat prints each file's "mode owner group
# size" on a line starting with \036 and the nonce, then its path (which may hold newlines, but
# not the nonce); awk opens only the paths it was given, in their order (one that stat did not
# print has gone since the test), and prints the first 262144 bytes of each as head -c does: it
# leaves out the newline that the size says the last line lacks (a /proc file's size is 0: it
# keeps them all).
dump_first() {
  _n=$1; shift; _i=0
  for f; do
    shift
    _i=$((_i + 1)); [ "$_i" -le "$_n" ] && set -- "$@" "$f"
  done
  stat --printf "\036$M %a %U %G %s\n%n\n" -- "$@" 2>/dev/null | awk -v m="$M" '
    function dump(  k, size, got, l) {
      for (k = j; k < ARGC && arg[k] != p; k++) {}
      if (head == "" || k == ARGC) return
      j = k + 1; size = head; sub(/.* /, "", size); size += 0; got = 0
      printf "\036FILE %s %s\n", head, p
      while (got < 262144 && (getline l < p) > 0) {
        if (size == 0 || got + length(l) != size) l = l "\n"
        if (got + length(l) > 262144) l = substr(l, 1, 262144 - got)
        printf "%s", l; got += length(l)
      }
      close(p); printf "\n"
    }
    BEGIN { for (j = 1; j < ARGC; j++) { arg[j] = ARGV[j]; delete ARGV[j] }
      j = 1; m = "\036" m " " }
    index($0, m) == 1 { dump(); head = substr($0, length(m) + 1); p = ""; n = 0; next }
    { p = (n++ ? p "\n" : "") $0 }
    END { dump() }' "$@"
}
sec() { printf '\036SEC %s\n' "$*"; }
shared() {
  printf '%s\n' "$IN" | awk -v m="$M" -v n="$1" 'BEGIN { s = "\036IN " m " "; m = s n }
    $0 == m { on = 1; next } index($0, s) == 1 { on = 0; next } on'
}
"""
    + LOCAL_DIRS
)


def build_script(
    collectors: Iterable[Collector],
    nonce: str,
    collector_timeout: int = 120,
    options: Mapping[str, Mapping[str, OptionValue]] | None = None,
    lanes: int = LANES,
) -> str:
    """The POSIX sh script that runs every collector once and frames its output; each
    collector's script starts by setting its options (``options[name]`` over its defaults).
    On a host with several processors, ``lanes`` lanes run side by side, each taking the next
    collector not yet taken, costliest first, until none is left (so that a host takes about
    its slowest collector, whatever each costs there); on a host with one, the collectors run
    one after the other."""
    lines = [
        "#!/bin/sh",
        ENVIRONMENT,
        f"M={nonce}",
        f"P={_quoted(f'M={nonce}{PRELUDE}')}",
        f'if command -v timeout >/dev/null 2>&1; then T="timeout -k 5 {collector_timeout}"; '
        'else T=""; fi',
        'U=$(id -u); ROOT=0; [ "$U" = 0 ] && ROOT=1',
        'printf \'\\036START %s uid=%s\\n\' "$M" "$U"',
    ]
    chosen = list(collectors)
    for name in sorted({name for c in chosen for name in c.uses}):
        shared = SHARED_INPUTS[name]
        lines.append(f"B={_quoted(shared.script.strip())}")
        run = f'S_{name}=$($T {SH} -c "$P\n$B" </dev/null 2>/dev/null)'
        lines.append(
            f'if [ "$ROOT" = 1 ]; then {run}; else S_{name}=""; fi' if shared.needs_root else run
        )
    ordered = sorted(chosen, key=lambda c: -c.cost)
    if len(ordered) >= 10**TOKEN_DIGITS:
        raise ValueError(f"at most {10**TOKEN_DIGITS - 1} collectors fit in one script")
    tokens = [f"{i:0{TOKEN_DIGITS}d}" for i in range(len(ordered))]
    lines += ["collect() {", 'case "$1" in']
    for token, c in zip(tokens, ordered, strict=True):
        lines += [f"{token})", *_framed(c, (options or {}).get(c.name, {})), ";;"]
    lines += ["esac", "}"]
    side_by_side = " ".join(["lane &"] * max(1, lanes))
    lines += [
        # each lane takes the next collector's number (costliest first) from one pipe, in one
        # read of its TOKEN_DIGITS bytes, until none is left
        f"lane() {{ while t=$(dd bs={TOKEN_DIGITS} count=1 <&3 2>/dev/null) && "
        '[ -n "$t" ]; do collect "$t" 3<&-; done; }',
        "CPUS=$(nproc 2>/dev/null || echo 1)",
        f'if [ "$CPUS" -gt 1 ] 2>/dev/null && [ {lanes} -gt 1 ] && command -v dd >/dev/null; then',
        f"  printf '%s' '{''.join(tokens)}' | {{ exec 3<&0 </dev/null; {side_by_side} wait; }}",
        f'else for t in {" ".join(tokens)}; do collect "$t"; done; fi',
        "printf '\\036DONE %s\\n' \"$M\"",
    ]
    return "\n".join(lines) + "\n"


def _framed(c: Collector, options: Mapping[str, OptionValue]) -> list[str]:
    """The lines running one collector with every line of its output framed (see
    :func:`split_output`), ending with its exit status."""
    body = collector_body(c, options)
    feed = "".join(f'printf \'\\036IN %s {u}\\n%s\\n\' "$M" "$S_{u}"; ' for u in c.uses)
    feed = f"{{ {feed}}} | " if feed else ""
    stdin = "" if c.uses else " </dev/null"
    run = f'{feed}$T {SH} -c "$P\n$B"{stdin}; rc=$?'
    if c.needs_root:
        run = f'if [ "$ROOT" = 1 ]; then {run}; else rc={NEEDS_ROOT_RC}; fi'
    status = 'printf \'\\n\\036RC %s %s\\n\' "$M" "$rc"'
    return [
        f"B={_quoted(body)}",
        f"{{ {run}; {status}; }} 2>/dev/null | awk -v p=\"\\036$M {c.name}\" '{FRAME_AWK}'",
    ]


def _quoted(text: str) -> str:
    """``text`` as one single-quoted shell word: setting a variable to it runs no process (where
    ``$(cat <<EOF ...)`` forks and runs cat)."""
    return "'" + text.replace("'", "'\\''") + "'"


def collector_body(c: Collector, options: Mapping[str, OptionValue]) -> str:
    """The collector's script, after lines setting its options (``options`` over defaults) and
    reading its shared inputs."""
    values = {**c.options, **options}
    head = "".join(f"{k}={option_text(v)}\n" for k, v in sorted(values.items()))
    return head + ("IN=$(cat)\n" if c.uses else "") + c.script.strip()


def new_nonce() -> str:
    return secrets.token_hex(8)


def started(output: str, nonce: str) -> bool:
    """Whether the script began running (its start line is in the output)."""
    return f"\036START {nonce} " in output


def uid_of(output: str, nonce: str) -> int | None:
    """The user id the script ran as, from its start line."""
    start = f"\036START {nonce} uid="
    for line in output.split("\n", 3)[:3]:
        if line.startswith(start) and line[len(start) :].strip().isdigit():
            return int(line[len(start) :].strip())
    return None


# A framed line's nonce and collector, then either the text of a piece marked "+" (group 3) or a
# run of whole lines of that nonce and collector, as awk writes them in blocks (group 4: the first
# line's text, then each next line with its frame). Compiled once, not once per host's nonce;
# possessive (*+) as nothing matched is ever to be given back.
_FRAMED = re.compile(r"^\036([^ \n]*+) ([a-z0-9_]+)(?:\+(.*+)| (.*+(?:\n\036\1 \2 .*+)*+))", re.M)


def split_output(output: str, nonce: str) -> dict[str, Raw]:
    """Each collector's framed output and exit status, by collector name; a collector whose
    status line never came (the script was cut short) is left out. ``nonce`` holds no blank or
    newline (it is a shell word of the script)."""
    status = f"\036RC {nonce} "
    lines: dict[str, list[str]] = {}
    partial: dict[str, str] = {}
    for match in _FRAMED.finditer(output):
        framed_nonce, name, piece, run = match.groups()
        if framed_nonce != nonce:
            continue
        if piece is not None:
            partial[name] = partial.pop(name, "") + piece
        else:
            run = partial.pop(name, "") + run
            lines.setdefault(name, []).extend(run.split(f"\n\036{nonce} {name} "))
    raws: dict[str, Raw] = {}
    for name, body in lines.items():
        if not body or not body[-1].startswith(status):
            continue
        rc = body.pop()[len(status) :].strip()
        if body and body[-1] == "":
            body.pop()
        code = whole_number(rc, signed=True)  # "--5" or "²" pass isdigit and fail int()
        raws[name] = Raw("\n".join(body), -1 if code is None else code)
    return raws


def parse_facts(
    collectors: Iterable[Collector],
    output: str,
    nonce: str,
    root_reason: str = "",
    missing_reason: str = "the script stopped before this collector ran",
) -> Facts:
    """Parse every collector's framed output; what is missing or unparsable becomes an error."""
    raws = split_output(output, nonce)
    facts = Facts()
    for c in collectors:
        raw = raws.get(c.name)
        if raw is None:
            facts.errors[c.name] = f"no output: {missing_reason}"
        elif raw.rc == NEEDS_ROOT_RC and c.needs_root:
            facts.errors[c.name] = f"needs root privileges ({root_reason})"
        elif raw.rc == TIMEOUT_RC:
            facts.errors[c.name] = "collector timed out on the host"
        else:
            try:
                facts.values[c.name] = c.parse(raw)
            except FactError as exc:
                facts.errors[c.name] = str(exc)
            except Exception as exc:  # a parser bug on odd output must not stop the host
                facts.errors[c.name] = f"cannot parse output: {type(exc).__name__}: {exc}"
    return facts
