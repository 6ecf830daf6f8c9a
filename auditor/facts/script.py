"""Build the one script a host runs for a scan, and split its output back into facts.

Inputs several collectors share (``sshd -T``, the process list) run first, once, into shell
variables of the script; each collector then runs in its own ``sh`` under ``timeout`` so that one
slow command cannot starve the others, given the shared inputs it uses on standard input, each
after a ``\\036IN <nonce> <name>`` line, which the prelude's ``shared NAME`` prints back. Its
output is framed by ``\\036BEGIN <nonce> <name>`` and
``\\036END <nonce> <name> <rc>`` lines. A collector that needs root, in a script that is not
running as root, prints nothing and ends with :data:`NEEDS_ROOT_RC`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping

from auditor.facts.base import SHARED_INPUTS, Collector, FactError, Facts, Raw

NEEDS_ROOT_RC = 77
TIMEOUT_RC = 124

# The script's own environment, whatever the caller's: the whole script (its use of id, timeout
# and the shared inputs' commands) and every collector run with it.
ENVIRONMENT = "export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

PRELUDE = (
    f"\n{ENVIRONMENT}"
    + r"""
is_root() { [ "$(id -u)" = 0 ]; }
dump_files() {
  for f in "$@"; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    printf '\036FILE %s %s\n' "$(stat -c '%a %U %G %s' -- "$f" 2>/dev/null || echo '0 ? ? 0')" "$f"
    head -c 262144 -- "$f" 2>&1
    printf '\n'
  done
}
sec() { printf '\036SEC %s\n' "$*"; }
shared() {
  printf '%s\n' "$IN" | awk -v m="$M" -v n="$1" 'BEGIN { s = "\036IN " m " "; m = s n }
    $0 == m { on = 1; next } index($0, s) == 1 { on = 0; next } on'
}
"""
)


def build_script(
    collectors: Iterable[Collector],
    nonce: str,
    collector_timeout: int = 120,
    options: Mapping[str, Mapping[str, int]] | None = None,
) -> str:
    """The POSIX sh script that runs every collector once and frames its output; each
    collector's script starts by setting its options (``options[name]`` over its defaults)."""
    lines = [
        "#!/bin/sh",
        ENVIRONMENT,
        f"M={nonce}",
        f"P=$(cat <<'__PRELUDE_{nonce}__'\nM={nonce}{PRELUDE}__PRELUDE_{nonce}__\n)",
        f'if command -v timeout >/dev/null 2>&1; then T="timeout -k 5 {collector_timeout}"; '
        'else T=""; fi',
        'ROOT=0; [ "$(id -u)" = 0 ] && ROOT=1',
        'printf \'\\036START %s uid=%s\\n\' "$M" "$(id -u)"',
    ]
    chosen = list(collectors)
    for name in sorted({name for c in chosen for name in c.uses}):
        shared = SHARED_INPUTS[name]
        lines.append(f"B=$(cat <<'__BODY_{nonce}__'\n{shared.script.strip()}\n__BODY_{nonce}__\n)")
        run = f'S_{name}=$($T sh -c "$P\n$B" </dev/null 2>/dev/null)'
        lines.append(
            f'if [ "$ROOT" = 1 ]; then {run}; else S_{name}=""; fi' if shared.needs_root else run
        )
    for c in chosen:
        body = collector_body(c, (options or {}).get(c.name, {}))
        lines += [
            f"B=$(cat <<'__BODY_{nonce}__'\n{body}\n__BODY_{nonce}__\n)",
            f"printf '\\036BEGIN %s %s\\n' \"$M\" {c.name}",
        ]
        feed = "".join(f'printf \'\\036IN %s {u}\\n%s\\n\' "$M" "$S_{u}"; ' for u in c.uses)
        feed = f"{{ {feed}}} | " if feed else ""
        stdin = "" if c.uses else " </dev/null"
        run = f'{feed}$T sh -c "$P\n$B"{stdin} 2>/dev/null; rc=$?'
        if c.needs_root:
            run = f'if [ "$ROOT" = 1 ]; then {run}; else rc={NEEDS_ROOT_RC}; fi'
        lines += [run, f'printf \'\\n\\036END %s %s %s\\n\' "$M" {c.name} "$rc"']
    lines.append("printf '\\036DONE %s\\n' \"$M\"")
    return "\n".join(lines) + "\n"


def collector_body(c: Collector, options: Mapping[str, int]) -> str:
    """The collector's script, after lines setting its options (``options`` over defaults) and
    reading its shared inputs."""
    values = {**c.options, **options}
    head = "".join(f"{k}={int(v)}\n" for k, v in sorted(values.items()))
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


def split_output(output: str, nonce: str) -> dict[str, Raw]:
    """Each collector's framed output and exit status, by collector name."""
    raws: dict[str, Raw] = {}
    begin, end = f"\036BEGIN {nonce} ", f"\036END {nonce} "
    name: str | None = None
    body: list[str] = []
    for line in output.split("\n"):
        if line.startswith(begin):
            name, body = line[len(begin) :].strip(), []
        elif line.startswith(end) and name is not None:
            ended, _, rc = line[len(end) :].rpartition(" ")
            if ended == name:
                if body and body[-1] == "":
                    body.pop()
                raws[name] = Raw("\n".join(body), int(rc) if rc.lstrip("-").isdigit() else -1)
            name = None
        elif name is not None:
            body.append(line)
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
