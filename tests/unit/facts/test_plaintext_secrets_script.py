"""The plaintext_secrets script run for real on trees of files: with GNU sed, one sed and one awk
scan a batch of files, and it prints byte for byte what the script with a sed, head and cut per
file printed; with any other sed, it still scans each file on its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.facts.base import Raw
from auditor.facts.plaintext_secrets import BATCH, MASK, SCRIPT, parse_plaintext_secrets
from auditor.facts.script import ENVIRONMENT, PRELUDE

# The script with one sed, head and cut per file (and stat and dpkg per file with findings):
# what it printed is what the script must still print.
OLD_SCRIPT = (
    "MASK=$(cat <<'__MASK__'\n"
    + MASK.strip()
    + "\n__MASK__\n)\n"
    + r"""
packaged() {
  if command -v dpkg >/dev/null 2>&1; then
    p=$(dpkg -S "$1" 2>/dev/null | head -n 1 | sed 's/: .*//; s/,.*//')
    [ -n "$p" ] && ! dpkg -V "$p" 2>/dev/null | grep -q " $1\$"
  elif command -v rpm >/dev/null 2>&1; then
    rpm -qf "$1" >/dev/null 2>&1 && ! rpm -Vf "$1" 2>/dev/null | grep -q " $1\$"
  else
    return 1
  fi
}
scan() {
  [ -f "$1" ] && [ ! -L "$1" ] || return 0
  found=$(sed -nE "$MASK" -- "$1" 2>/dev/null | head -n 100 | cut -c1-300)
  [ -n "$found" ] || return 0
  [ "$2" = readable ] && packaged "$1" && return 0
  printf '\036FILE %s %s %s\n' "$2" "$(stat -c '%a %U' -- "$1" 2>/dev/null)" "$1"
  printf '%s\n' "$found"
}
umin=$(awk '$1=="UID_MIN"{print $2}' /etc/login.defs 2>/dev/null); [ -n "$umin" ] || umin=1000
shared home_dirs | while read -r _name uid _shell _mode _owner _group kind home; do
  [ "$uid" = 0 ] || [ "$uid" -ge "$umin" ] 2>/dev/null || continue
  [ "$kind" = d ] || continue
  for h in .bash_history .zsh_history .ash_history .sh_history .history .mysql_history .psql_history .sqlite_history; do scan "$home/$h" history; done
done
for d in /etc /opt /srv /usr/local/bin /usr/local/etc /var/www; do [ -d "$d" ] && printf '%s\n' "$d"; done |
  xargs -r sh -c 'find "$@" -xdev -maxdepth 5 -type f -perm -o+r -size -256k \
    \( -name '*.sh' -o -name '*.conf' -o -name '*.cnf' -o -name '*.cfg' -o -name '*.env' -o -name '.env' -o -name '*.ini' -o -name '*.yml' -o -name '*.yaml' -o -name '*.properties' -o -name '*.py' -o -name '*.php' -o -name '*.json' \) ! -path '*/site-packages/*' ! -path '*/dist-packages/*' ! -path '*/node_modules/*' ! -path '*/vendor/*' ! -path '*/tests/*' ! -path '*/test/*' ! -path '*/examples/*' ! -path '*/doc/*' 2>/dev/null' sh |
  head -n 3000 | while IFS= read -r f; do scan "$f" readable; done
echo "scan-done"
"""  # noqa: E501
)
SEARCHED = "for d in /etc /opt /srv /usr/local/bin /usr/local/etc /var/www; do"
SED = shutil.which("sed") or "/bin/sed"
# dpkg -S knows the files named *packaged* (unchanged: dpkg -V prints nothing), no other.
FAKE_DPKG = """#!/bin/sh
case "$1 $2" in
  "-S "*packaged*) echo "fake: $2" ;;
  -S*) exit 1 ;;
esac
"""
# busybox's and BSD's sed: no --version, no -s (and no F)
OTHER_SED = f"""#!/bin/sh
for a; do case $a in --version|-s*) echo "sed: unknown option $a" >&2; exit 1 ;; esac; done
exec {SED} "$@"
"""
# GNU sed, each run's first argument logged
LOGGED_SED = f"""#!/bin/sh
printf '%s\\n' "$1" >> "$SED_LOG"
exec {SED} "$@"
"""
# GNU sed, replacing $VICTIM (a regular file when the script tested it) by a directory first
RACING_SED = f"""#!/bin/sh
for a; do [ "$a" = "$VICTIM" ] && [ -f "$a" ] && rm -- "$a" && mkdir -- "$a"; done
exec {SED} "$@"
"""

pytestmark = pytest.mark.skipif(
    b"GNU sed" not in subprocess.run([SED, "--version"], capture_output=True).stdout,
    reason="the batched scan needs GNU sed",
)


@pytest.fixture
def tree() -> Iterator[Path]:
    """A directory every user can enter (setpriv'd runs read it as nobody)."""
    top = Path(tempfile.mkdtemp(prefix="secrets-"))
    top.chmod(0o755)
    (top / "bin").mkdir(mode=0o755)
    write(top / "bin" / "dpkg", FAKE_DPKG, 0o755)
    yield top
    shutil.rmtree(top)


def write(path: Path, content: str | bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    path.chmod(mode)


def run(
    script: str,
    top: Path,
    dirs: list[Path],
    homes: str = "",
    sed: str | None = None,
    cwd: Path | None = None,
    as_nobody: bool = False,
    **env: str,
) -> bytes:
    """What ``script`` prints searching ``dirs``, given the home_dirs lines ``homes``, with the
    fake dpkg and, if given, a ``sed`` wrapper first on PATH."""
    assert SEARCHED in script
    script = script.replace(SEARCHED, f"for d in {' '.join(map(str, dirs))}; do")
    prelude = PRELUDE.replace(ENVIRONMENT, "")  # keeps the PATH set below
    path = f"{top / 'bin'}:/usr/sbin:/usr/bin:/sbin:/bin"
    if sed is not None:
        (top / "sed").mkdir(mode=0o755, exist_ok=True)
        write(top / "sed" / "sed", sed, 0o755)
        path = f"{top / 'sed'}:{path}"
    argv = [shutil.which("dash") or "sh", "-c", f"M=t\n{prelude}\nIN=$(cat)\n{script}"]
    if as_nobody:
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
    done = subprocess.run(
        argv,
        input=f"\036IN t home_dirs\n{homes}\n".encode(),
        capture_output=True,
        check=True,
        cwd=cwd or top,
        env={"LC_ALL": "C", "PATH": path, **env},
        timeout=120,
    )
    return done.stdout


def test_many_files_in_several_batches_print_what_one_scan_per_file_printed(tree):
    etc, opt = tree / "etc", tree / "opt"
    for i in range(BATCH + 150):  # two batches and more, most files without a secret
        write((etc if i % 2 else opt) / f"f{i:03}.conf", f"key = {i}\n# password = old{i}\n")
    write(etc / "app.env", "DB_PASSWORD=hunter22\nAPI_TOKEN=abc123\nUSER=app\n")
    write(etc / "packaged.cnf", "password = s3cret\n")  # a package's unchanged file
    write(etc / "deploy.sh", "mysql -uroot -pS3cret db\nsshpass -p hunter2 ssh x\nTOKEN=zz")
    write(etc / "empty.conf", "")
    (etc / "link.conf").symlink_to(etc / "app.env")
    many = [f"TOKEN_{i}=v{i}" for i in range(120)]  # more than the 50 lines kept
    many[3] = "x" * 350 + " SECRET=far"  # masked beyond the 300 bytes kept
    many[4] = "API_KEY=near " + "y" * 400
    write(opt / "sub" / "many.yml", "\n".join(many) + "\n")
    write(opt / "sub" / "deeper" / "x.ini", "secret = topsecret\n; secret = old\n")
    nul = b"SECRET=1\na\0b PASSWORD=x\n" + b"\0" * 310 + b"PASSWORD=x\n"
    write(opt / "nul.json", nul)  # read and $(...) drop NUL bytes: a last line left empty goes
    write(opt / "nul-inside.json", b"\0" * 310 + b"PASSWORD=x\nTOKEN=y\n")
    write(tree / "home" / ".bash_history", "ls\nmysql -uroot -pS3cret\n", 0o600)
    homes = f"root 0 /bin/sh 700 root root d {tree / 'home'}\nnobody 65534 - - - - - /none"
    expected = run(OLD_SCRIPT, tree, [etc, opt], homes)
    assert expected.count(b"\036FILE ") == 7
    assert b"packaged" not in expected and b"link.conf" not in expected
    log = tree / "sed.log"
    got = run(SCRIPT, tree, [etc, opt], homes, sed=LOGGED_SED, SED_LOG=str(log))
    assert got == expected
    runs = log.read_text().split("\n")
    # one sed per batch of readable files; the histories keep a sed each, dpkg's output one
    readable = BATCH + 150 + 8  # the link is not scanned
    assert runs.count("-snE") == -(-readable // BATCH)
    assert runs.count("-nE") == 1
    facts = parse_plaintext_secrets(Raw(got.decode()))
    assert len(next(f for f in facts.files if f.path.endswith("many.yml")).lines) == 50


def test_the_name_patterns_are_find_s_whatever_the_directory_the_script_runs_in(tree):
    srv, here = tree / "srv", tree / "here"
    write(srv / "app.conf", "TOKEN=conf\n")
    write(srv / "run.sh", "TOKEN=sh\n")
    write(srv / "lib" / "site-packages" / "x.py", "TOKEN=library\n")
    write(here / "local.conf", "")  # a shell expanding *.conf here would find only local.conf
    write(here / "x" / "site-packages" / "y" / "z", "")
    found = parse_plaintext_secrets(Raw(run(SCRIPT, tree, [srv], cwd=here).decode())).files
    assert sorted(Path(f.path).name for f in found) == ["app.conf", "run.sh"]


def test_odd_names_print_what_one_scan_per_file_printed(tree):
    srv, here = tree / "srv", tree / "here"
    write(srv / "a b.conf", "secret = with space\n")
    write(srv / "odd\036FILE readable 644 root x.conf", "TOKEN=odd\n")
    write(srv / "back\\slash.conf", "TOKEN=back\n")
    # read splits a name holding a newline: its pieces are scanned, as they were
    write(srv / "nl\nx.conf", "TOKEN=never-read\n")
    write(srv / "nl", "TOKEN=first-piece\n")
    write(srv / "q\nsub" / "x.conf", "TOKEN=never-read\n")
    write(here / "sub" / "x.conf", "TOKEN=second-piece\n")  # a piece not starting with /
    write(srv / "r\n123\n" / "y.conf", "TOKEN=never-read\n")
    write(here / "123", "TOKEN=digits\n")  # a piece a number could be taken for
    write(srv / "z.conf", "TOKEN=after\n")
    expected = run(OLD_SCRIPT, tree, [srv], cwd=here)
    assert len(parse_plaintext_secrets(Raw(expected.decode())).files) == 7
    assert b"never-read" not in expected
    assert run(SCRIPT, tree, [srv], cwd=here) == expected


def test_an_unreadable_file_is_skipped_and_the_files_after_it_still_scanned(tree):
    srv = tree / "srv"
    srv.mkdir(mode=0o755)
    for name in ("a.conf", "closed.conf", "b.conf", "c.conf"):
        write(srv / name, f"TOKEN={name}\n")
    os.chown(srv / "closed.conf", 65534, 65534)
    (srv / "closed.conf").chmod(0o004)  # listed (others may read it), unreadable to its owner
    expected = run(OLD_SCRIPT, tree, [srv], as_nobody=True)
    assert expected.count(b"\036FILE ") == 3 and b"closed" not in expected
    assert run(SCRIPT, tree, [srv], as_nobody=True) == expected


def test_a_file_turned_into_a_directory_after_its_test_leaves_the_rest_scanned(tree):
    dirs = [tree / "before", tree / "middle", tree / "after"]
    write(dirs[0] / "a.conf", "TOKEN=a\n")
    write(dirs[1] / "victim.conf", "nothing to see\n")
    for i in range(5):
        write(dirs[2] / f"r{i}.conf", f"TOKEN=r{i}\n")
    expected = run(OLD_SCRIPT, tree, dirs)
    assert expected.count(b"\036FILE ") == 6
    victim = dirs[1] / "victim.conf"
    got = run(SCRIPT, tree, dirs, sed=RACING_SED, VICTIM=str(victim))
    assert victim.is_dir()  # sed stopped there: "read error on ...: Is a directory"
    assert got == expected


def test_another_sed_scans_each_file_on_its_own(tree):
    etc = tree / "etc"
    for i in range(30):
        write(etc / f"f{i}.conf", f"TOKEN=t{i}\n" if i % 3 else "plain\n")
    write(etc / "sp ace.env", "API_KEY=k\n")
    expected = run(OLD_SCRIPT, tree, [etc])
    assert expected.count(b"\036FILE ") == 21
    assert run(SCRIPT, tree, [etc], sed=OTHER_SED) == expected
    log = tree / "sed.log"
    other = OTHER_SED.replace("\n", f"\nprintf '%s\\n' \"$1\" >> {log}\n", 1)
    assert run(SCRIPT, tree, [etc], sed=other) == expected
    runs = log.read_text().split("\n")
    assert runs.count("-nE") == 31 and "-snE" not in runs


def test_the_script_is_posix():
    for shell in ("dash", "busybox"):
        path = shutil.which(shell)
        if path is not None:
            argv = [path, "sh", "-n"] if shell == "busybox" else [path, "-n"]
            checked = subprocess.run(argv, input=SCRIPT, capture_output=True, text=True)
            assert checked.returncode == 0, checked.stderr
