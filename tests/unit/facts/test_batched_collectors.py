"""Collector scripts that stat, find, read or dump many files, users or directories with one
process (not one each) run for real next to the scripts they replace, on trees with hostile names
(spaces, newlines, backslashes, | and & in them): they print the same bytes. Where one command
answers for many items, one that printed fewer lines (an item gone since its test) is simulated:
each item then has its own command, as before."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import SHARED_INPUTS
from auditor.facts.scheduled_jobs import _CRON_AWK
from auditor.facts.script import ENVIRONMENT, PRELUDE
from auditor.facts.unowned_files import KNOWN_IDS, KNOWN_MAX, PREDICATE
from auditor.facts.walks import LOCAL_DIRS, REMOTE_TYPES, find_walk, system_file_systems
from auditor.parsers.config import UNIT_STATE_FUNCTION

DASH = shutil.which("dash") or "/bin/sh"
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
ROOT = os.geteuid() == 0
COLLECTORS = load_collectors()

# The old scripts, as they ran one process for each item: what they printed is what the scripts
# must still print.
OLD_LOCAL_DIRS = f"""
# remote_type TYPE: whether a file system of the type stat -f -c %T names is not a local one
remote_type() {{
  case "$1" in {"|".join(REMOTE_TYPES)}) return 0 ;; esac
  return 1
}}
# local_dirs DIR...: those of the directories that exist, are no symlink, and sit on a local
# file system, each followed by a space
local_dirs() {{
  for d; do
    [ -d "$d" ] && [ ! -L "$d" ] || continue
    remote_type "$(stat -f -c %T "$d" 2>/dev/null)" && continue
    printf '%s ' "$d"
  done
}}
"""
OLD_SYSTEM_FILE_SYSTEMS = """dirs=/
root=$(stat -c %d / 2>/dev/null)
for d in $(local_dirs DIRS); do
  [ "$(stat -c %d "$d" 2>/dev/null)" != "$root" ] && dirs="$dirs $d"
done"""
OLD_HOME_DIRS = r"""
head -n 20000 /etc/passwd | while IFS=: read -r name _pw uid _gid _gecos home shell; do
  case "$name" in ''|'#'*|+*|-*|*' '*) continue ;; esac
  case "$uid" in ''|*[!0-9]*) continue ;; esac
  case "$shell" in ''|*' '*) shell=- ;; esac
  s=""
  case "$home" in
    /*) [ -e "$home" ] && s=$(find -H "$home" -maxdepth 0 -printf '%m %u %g %y') ;;
  esac
  printf '%s %s %s %s %s\n' "$name" "$uid" "$shell" "${s:-- - - -}" "$home"
done
"""
OLD_SSH_USER_KEYS = r"""
pats=$(shared sshd_effective | awk '$1=="authorizedkeysfile"{for(i=2;i<=NF;i++) print $i}')
[ -n "$pats" ] || pats=".ssh/authorized_keys .ssh/authorized_keys2"
umin=$(awk '$1=="UID_MIN"{print $2}' /etc/login.defs 2>/dev/null); [ -n "$umin" ] || umin=1000
if command -v timeout >/dev/null 2>&1; then t="timeout 20"; else t=""; fi
st() { s=$(stat -L -c '%a %U %G' -- "$2" 2>/dev/null) && printf 'STAT %s %s %s\n' "$1" "$s" "$2"; }
seen=" "
shared home_dirs | while read -r name uid _shell hmode howner hgroup hkind home; do
  [ "$hkind" = d ] || continue
  printf 'USER %s %s %s\n' "$name" "$uid" "$home"
  for p in $pats; do
    [ "$p" = none ] && continue
    p=$(printf '%s' "$p" | sed -e "s|%h|$home|g" -e "s|%u|$name|g" -e "s|%U|$uid|g" -e 's|%%|%|g')
    case "$p" in /*) ;; *) p="$home/$p";; esac
    [ -f "$p" ] || continue
    st keys "$p"
    d=$(dirname -- "$p")
    while [ "$d" != "$home" ] && [ "$d" != / ] && [ "${d#"$home"/}" != "$d" ]; do
      st dir "$d"; d=$(dirname -- "$d")
    done
    printf 'STAT home %s %s %s %s\n' "$hmode" "$howner" "$hgroup" "$home"
    printf 'KEYS %s %s\n' "$name" "$p"
    head -c 65536 -- "$p" | head -n 300 | sed 's/^/> /'
  done
  [ "$uid" = 0 ] || [ "$uid" -ge "$umin" ] 2>/dev/null || continue
  [ "$home" != / ] || continue
  case "$seen" in *" $home "*) continue;; esac
  seen="$seen$home "
  $t find "$home" -xdev -maxdepth 3 -type f -size -64k \( -path "$home/.ssh/*" -o -name 'id_*' \
    -o -name '*.pem' -o -name '*.key' -o -name '*.ppk' \) ! -name '*.pub' \
    ! -name 'authorized_keys*' ! -name 'known_hosts*' ! -name config 2>/dev/null | head -n 200 |
  while IFS= read -r f; do
    first=$(head -n 1 -- "$f" 2>/dev/null | head -c 100 | tr -d '\r')
    case "$first" in
      *'BEGIN OPENSSH PRIVATE KEY'*) fmt=openssh; mark=$(sed -n 2p -- "$f" | cut -c1-44);;
      *'BEGIN ENCRYPTED PRIVATE KEY'*) fmt=pkcs8; mark=encrypted;;
      *'PRIVATE KEY-----'*)
        kind=$(printf '%s' "$first" | sed -n 's/^-----BEGIN \(.*\)PRIVATE KEY-----$/\1/p')
        kind=$(printf '%s' "$kind" | tr -d ' '); fmt="pem-$kind"; [ -n "$kind" ] || fmt=pkcs8
        mark=none
        head -n 3 -- "$f" | grep -q '^Proc-Type: 4,ENCRYPTED' && mark=encrypted;;
      PuTTY-User-Key-File-*)
        fmt=putty; mark=$(grep -m 1 '^Encryption:' -- "$f" | awk '{print $2}');;
      *) continue;;
    esac
    printf 'PRIV %s %s %s %s %s\n' "$name" "$fmt" "${mark:--}" "$(stat -c '%a %U %G' -- "$f")" "$f"
  done
done
"""
OLD_AUDIT_FILES = r"""
st() { printf '%s\t%s\t%s\n' "$1" "$2" "$(stat -c '%a %U %G' -- "$2" 2>/dev/null)"; }
log=$(sed -n 's/^[[:space:]]*log_file[[:space:]]*=[[:space:]]*//p' /etc/audit/auditd.conf \
  2>/dev/null | tail -n 1)
[ -n "$log" ] || log=/var/log/audit/audit.log
dir=${log%/*}
[ -d "$dir" ] && st logdir "$dir"
for f in "$dir"/*; do [ -f "$f" ] && st log "$f"; done
for f in /etc/audit/*.conf /etc/audit/*.rules /etc/audit/rules.d/*.rules \
    /etc/audit/plugins.d/*.conf; do
  [ -f "$f" ] && st config "$f"
done
for t in auditctl aureport ausearch autrace auditd augenrules; do
  p=$(command -v "$t" 2>/dev/null) && [ -f "$p" ] && st tool "$(readlink -f "$p")"
done
exit 0
"""
OLD_SYSCTL_RUNNING = r"""
sec running
for k in net.ipv4.ip_forward net.ipv6.conf.all.forwarding kernel.randomize_va_space kernel.kptr_restrict kernel.dmesg_restrict kernel.yama.ptrace_scope fs.protected_hardlinks fs.protected_symlinks fs.suid_dumpable; do
  f=/proc/sys/$(echo "$k" | tr . /)
  [ -r "$f" ] && printf '%s = %s\n' "$k" "$(cat "$f" 2>/dev/null)"
done
"""  # noqa: E501
OLD_ACCOUNT_STATS = r"""
for f in /etc/passwd /etc/group /etc/shadow /etc/gshadow /etc/passwd- /etc/group- /etc/shadow- /etc/gshadow- /etc/shells /etc/security/opasswd /etc/security/opasswd.old; do
  [ -e "$f" ] && printf 'STAT %s\n' "$(stat -c '%a %U %G %n' -- "$f")"
done
"""  # noqa: E501
OLD_ROOT_PATH_DIRS = r"""sec dirs
set -f; old=$IFS; IFS=:
for d in $path; do
  IFS=$old
  [ -n "$d" ] || continue
  if [ -e "$d" ]; then find -H "$d" -maxdepth 0 -printf '%m %u %g %y %p\n'
  else printf 'missing %s\n' "$d"; fi
done
"""
OLD_SSHD_FILES = r"""
keys=$(shared sshd_effective | awk '$1 == "hostkey" { print $2 }')
sec config
for f in /etc/ssh/sshd_config /etc/ssh/sshd_config.d/*.conf; do
  [ -e "$f" ] && find -H "$f" -maxdepth 0 -printf '%m %u %g %y %p\n'
done
sec keys
{ for k in $keys; do echo "$k.pub"; done; ls -d /etc/ssh/*.pub 2>/dev/null; } | sort -u |
while read -r f; do
  [ -e "$f" ] && find -H "$f" -maxdepth 0 -printf '%m %u %g %y %p\n'
done
sec end
"""
OLD_CRON_PATHS = r"""
for p in /etc/crontab /etc/cron.allow /etc/cron.deny /etc/cron.d /etc/cron.hourly \
  /etc/cron.daily /etc/cron.weekly /etc/cron.monthly /etc/cron.yearly; do
  [ -e "$p" ] && find -L "$p" -maxdepth 1 ! -name '.*' -printf '%m %u %g %y %p\n' 2>/dev/null
done
echo cron-done
"""
OLD_SYSTEM_CRONTABS = f"""  for f in /etc/crontab /etc/cron.d/*; do
    [ -f "$f" ] && awk -v f="$f" -v sys=1 '{_CRON_AWK}' "$f"
  done
"""
OLD_UNIT_FIND = r"""  for d in /etc/systemd/system /lib/systemd/system /usr/lib/systemd/system; do
    [ -d "$d" ] && find "$d" -maxdepth 2 \( -type f -o -type l \) \( -name '*.service' \
      -o -name '*.socket' -o -path '*.d/*.conf' \) 2>/dev/null
  done | xargs -r -d '\n' readlink -e -- 2>/dev/null | sort -u | while IFS= read -r f; do
"""
OLD_USER_SHELLS = """  if [ -f /etc/shells ]; then grep -qxF -- "$shell" /etc/shells || continue; fi
"""
OLD_FIREWALL_UNITS = f"""{UNIT_STATE_FUNCTION}
sec units
for s in nftables netfilter-persistent iptables ip6tables ufw firewalld; do
  echo "$s $(unit_state $s.service) $(systemctl is-active $s.service 2>/dev/null | head -n 1)"
done
"""
OLD_AUTOMOUNT_UNITS = f"""{UNIT_STATE_FUNCTION}
sec units
for s in autofs udisks2; do echo "$s $(unit_state $s.service)"; done
"""
OLD_SUDOERS = r"""
if [ ! -e /etc/sudoers ]; then echo NO-SUDOERS; exit 0; fi
inc=$(sed -n 's/^[#@]include\(dir\)\{0,1\}[[:space:]]\{1,\}\([^[:space:]]*\).*/\2/p' \
  /etc/sudoers | head -n 20 | while IFS= read -r p; do
  case "$p" in /*) ;; *) p="/etc/$p";; esac
  [ "$p" = /etc/sudoers.d ] || printf '%s\n' "$p"
done)
sec dirs
for d in /etc/sudoers.d $inc; do
  [ -d "$d" ] && stat -L -c '%a %U %G %n' -- "$d" 2>/dev/null
done
sec files
dump_files /etc/sudoers
for f in /etc/sudoers.d/*; do dump_files "$f"; done
for p in $inc; do
  if [ -d "$p" ]; then for f in "$p"/*; do dump_files "$f"; done; else dump_files "$p"; fi
done
"""
OLD_PAM = r"""
for f in /etc/pam.d/common-auth /etc/pam.d/common-account /etc/pam.d/common-password /etc/pam.d/system-auth /etc/pam.d/password-auth /etc/security/pwquality.conf /etc/security/pwquality.conf.d/*.conf /etc/security/faillock.conf /etc/security/pwhistory.conf; do
  [ -L "$f" ] && printf 'LINK %s %s\n' "$f" "$(readlink -f -- "$f")"
done
for f in /etc/pam.d/common-auth /etc/pam.d/common-account /etc/pam.d/common-password /etc/pam.d/system-auth /etc/pam.d/password-auth /etc/security/pwquality.conf /etc/security/pwquality.conf.d/*.conf /etc/security/faillock.conf /etc/security/pwhistory.conf; do
  if [ -L "$f" ]; then dump_files "$(readlink -f -- "$f")"; else dump_files "$f"; fi
done
"""  # noqa: E501
OLD_JOURNALD_FILES = r"""sec files
for d in /etc/systemd /run/systemd /usr/local/lib/systemd /usr/lib/systemd; do
  dump_files "$d/journald.conf" "$d"/journald.conf.d/*.conf
  dump_files "$d/journal-upload.conf" "$d"/journal-upload.conf.d/*.conf
done
"""
OLD_APT_LISTS = r"""  sec lists
  for f in /var/lib/apt/lists/*Release; do
    [ -f "$f" ] && printf '%s %s\n' "$(stat -c %Y "$f")" "${f##*/}"
  done
"""
OLD_SERVICE_KEYS = r"""
for f in /etc/ssh/ssh_host_*_key /etc/ssl/private/* /etc/pki/tls/private/* /etc/letsencrypt/archive/*/privkey*.pem /etc/nginx/ssl/*.key /etc/apache2/ssl/*.key /etc/httpd/ssl/*.key /etc/postgresql/*/main/*.key /var/lib/postgresql/*/main/*.key; do
  [ -f "$f" ] && [ ! -L "$f" ] || continue
  printf 'KEY\t%s\t%s\n' "$f" "$(stat -c '%a %U %G' -- "$f" 2>/dev/null)"
done
for d in /etc/ssl/private /etc/pki/tls/private /etc/letsencrypt/archive; do
  [ -d "$d" ] && printf 'DIR\t%s\t%s\n' "$d" "$(stat -c '%a %U %G' -- "$d" 2>/dev/null)"
done
exit 0
"""  # noqa: E501

OLD_PRELUDE = PRELUDE.replace(LOCAL_DIRS, OLD_LOCAL_DIRS)
# stat run with -c for several files prints one line fewer, as when one is gone since its test
SHORT_STAT = r"""
stat() {
  _sn=0; _sd=0
  for _sa; do [ "$_sd" = 1 ] && _sn=$((_sn + 1)); [ "$_sa" = -- ] && _sd=1; done
  case " $* " in *" -c "*) [ "$_sn" -gt 1 ] && { command stat "$@" | sed 1d; return; } ;; esac
  command stat "$@"
}
"""
# readlink of several paths prints one line fewer
SHORT_READLINK = r"""
readlink() { if [ $# -gt 2 ]; then command readlink "$@" | sed 1d; else command readlink "$@"; fi; }
"""
# stat -f names file systems whose path holds "remote" NFS ones
REMOTE_STAT = r"""
stat() {
  [ "$1" = -f ] || { command stat "$@"; return; }
  shift 3; [ "$1" = -- ] && shift
  for _sa; do
    case "$_sa" in *remote*) echo nfs ;; *) command stat -f -c %T -- "$_sa" 2>/dev/null ;; esac
  done
}
"""
# $GONE, a directory, is removed by the first stat of it: gone since the script tested it
RACING_STAT = r"""
stat() {
  for _sa; do [ "$_sa" = "$GONE" ] && [ -d "$GONE" ] && rmdir -- "$GONE"; done
  command stat "$@"
}
"""


def between(text: str, start: str, end: str) -> str:
    """The part of ``text`` from ``start`` up to (not with) the ``end`` after it."""
    first = text.index(start)
    return text[first : text.index(end, first)]


def run(
    script: str,
    top: Path,
    *,
    prelude: str = PRELUDE,
    before: str = "",
    shared: dict[str, str] | None = None,
    replace: tuple[tuple[str, str], ...] = (),
    path: Path | None = None,
    env: dict[str, str] | None = None,
) -> bytes:
    """What ``script`` prints under ``prelude`` (then ``before``) with dash, given the shared
    inputs ``shared``, with each ``replace`` pair's first text (which it holds) replaced."""
    for old, new in replace:
        assert old in script, old
        script = script.replace(old, new)
    feed = "".join(f"\036IN t {name}\n{text}\n" for name, text in (shared or {}).items())
    body = ("IN=$(cat)\n" if shared else "") + script
    search = f"{path}:{SYSTEM_PATH}" if path else SYSTEM_PATH
    argv = [DASH, "-c", f"M=t\n{prelude.replace(ENVIRONMENT, '')}\n{before}\n{body}"]
    return subprocess.run(
        argv,
        input=feed.encode(),
        capture_output=True,
        cwd=top,
        env={"LC_ALL": "C", "PATH": search, **(env or {})},
        timeout=120,
        check=False,
    ).stdout


def same(old: str, new: str, top: Path, **kw) -> bytes:
    """What ``new`` prints, asserted to be what ``old`` (under the old prelude) printed."""
    before = run(old, top, prelude=OLD_PRELUDE, **kw)
    after = run(new, top, **kw)
    assert after == before
    return after


def write(path: Path, content: str | bytes = "", mode: int = 0o644) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    path.chmod(mode)
    return path


def unowned(path: Path) -> None:
    """Owned by a user and group that do not exist (stat prints UNKNOWN), where root can."""
    if ROOT:
        os.chown(path, 54321, 54321, follow_symlinks=False)


def test_local_dirs_and_the_system_file_systems_are_what_one_stat_each_named(tmp_path):
    for name in ("real", "with_space", "remote", "remote_two", "gone"):
        (tmp_path / name).mkdir()
    (tmp_path / "with space").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    write(tmp_path / "file")
    names = ("real", "remote", "link", "file", "missing", "remote_two", "with_space")
    words = " ".join(
        [*(f"{tmp_path}/{n}" for n in names), "/proc", "/sys", "/dev/shm", "/run", "/"]
    )
    spaced = f"{words} '{tmp_path}/with space'"
    walk = f'{system_file_systems(words)}\necho "$dirs"'
    old_walk = f'{OLD_SYSTEM_FILE_SYSTEMS.replace("DIRS", words)}\necho "$dirs"'
    for before in ("", REMOTE_STAT, SHORT_STAT):
        listed = same(
            f"local_dirs {spaced}; echo", f"local_dirs {spaced}; echo", tmp_path, before=before
        )
        assert f"{tmp_path}/real " in listed.decode() and "/link" not in listed.decode()
        assert ("remote" in listed.decode()) == (before != REMOTE_STAT)
        apart = same(old_walk, walk, tmp_path, before=before)
        assert apart.startswith(b"/ ") and b"/proc" in apart and b"/real" not in apart
    gone = f"{tmp_path}/real {tmp_path}/gone {tmp_path}/with_space"
    racing = {"before": RACING_STAT, "env": {"GONE": f"{tmp_path}/gone"}}
    for old, new in (
        (f"local_dirs {gone}", f"local_dirs {gone}"),
        (OLD_SYSTEM_FILE_SYSTEMS.replace("DIRS", gone), system_file_systems(gone)),
    ):
        (tmp_path / "gone").mkdir(exist_ok=True)
        printed = run(f'{old}\necho " $dirs"', tmp_path, prelude=OLD_PRELUDE, **racing)
        (tmp_path / "gone").mkdir(exist_ok=True)
        assert run(f'{new}\necho " $dirs"', tmp_path, **racing) == printed
        assert f" {tmp_path}/gone".encode() in printed


def test_the_homes_of_all_accounts_are_what_one_find_each_listed(tmp_path):
    top = tmp_path
    for name in ("h1", "h 2", "h3", "%s\\n%%"):
        (top / name).mkdir()
    unowned(top / "h3")
    (top / "link").symlink_to("h1")
    (top / "broken").symlink_to("nowhere")
    write(top / "file")
    passwd = Path("/etc/passwd").read_text() + "".join(
        f"{line}\n"
        for line in (
            f"x1:x:1001:1001::{top}/h1:/bin/sh",
            f"x2:x:1002:1002::{top}/h 2:/bin/bash",
            f"x3:x:1003:1003::{top}/h3/:/bin/sh",
            f"x4:x:1004:1004::{top}/link:/bin/sh:extra:fields",
            f"x5:x:1005:1005::{top}/broken:",
            f"x6:x:1006:1006::{top}/file:/bin/sh",
            "x7:x:1007:1007::relative/home:/bin/sh",
            f"x8:x:1008:1008::{top}//h1:/bin/sh",
            f"x\\9:x:1009:1009::{top}/h1:/bin/sh",
            "bad name:x:1:1::/:/bin/sh",
            "#comment:x:1:1::/:/bin/sh",
            "+nis:x:1:1::/:/bin/sh",
            "x10:x:abc:1::/:/bin/sh",
            "x11:x:1011:1011::",
            f"x13:x:1013:1::{top}/missing:/bin/sh",
            f"x14:x:1014:1::{top}/h1 :/bin/sh",
            f"x15:x:1015:1::{top}/%s\\n%%:/bin/s h",
            f"x16:x:1016:1::{top}/h1:/bin/sh:",
            *(f"u{i}:x:{2000 + i}:1::{top}/h{1 + i % 3}:/bin/sh" for i in range(450)),
        )
    )
    write(top / "passwd", passwd + f"last:x:1:1::{top}/h1:/bin/sh")  # no newline: not read
    new = SHARED_INPUTS["home_dirs"].script
    out = same(OLD_HOME_DIRS, new, top, replace=(("/etc/passwd", f"{top}/passwd"),))
    text = out.decode()
    assert f"x4 1004 /bin/sh:extra:fields 755 root root d {top}/link\n" in text
    assert not ROOT or f" 54321 54321 d {top}/h3/\n" in text
    assert f"x5 1005 - - - - - {top}/broken\n" in text and "\nlast " not in text
    assert text.count("\n") == passwd.count("\n") - 4  # four lines are no account


def test_up_names_the_directory_dirname_names():
    paths = ["/a", "/a/b", "//a", "/a//b", "///a//b", "/a/./b", "/.", "/a b/c d", "/a\\b/c"]
    script = between(COLLECTORS["ssh_user_keys"].script, "up() {", "\n}\n") + "\n}\n"
    for path in paths:
        argv = [DASH, "-c", f'{script}up "$1"; printf "%s" "$d"', "sh", path]
        ours = subprocess.run(argv, capture_output=True, check=True).stdout
        theirs = subprocess.run(["dirname", "--", path], capture_output=True, check=True).stdout
        assert ours + b"\n" == theirs, path


@pytest.fixture
def key_homes(tmp_path: Path) -> tuple[Path, str, str]:
    """Homes with authorized_keys and private keys of every kind, and their home_dirs lines."""
    top = tmp_path
    homes = {
        "alice": ("1001", top / "home" / "al ice"),
        "bob": ("1002", top / "home" / "b|ob"),
        "carl": ("1003", top / "home" / "c\\arl"),
        "dave": ("1004", top / "home" / "d&ve"),
        "root": ("0", top / "root"),
        "daemon": ("5", top / "home" / "daemon"),
    }
    long_lines = "".join(f"ssh-ed25519 AAAA{i} key{i}\r\n" for i in range(350))
    for name, (_uid, home) in homes.items():
        ssh = home / ".ssh"
        write(ssh / "authorized_keys", long_lines + "no newline at the end", 0o600)
        write(ssh / "authorized_keys2", "")
        write(ssh / "keys.d" / name / "more", "ssh-rsa AAAA more\n")
        write(ssh / "keys.d" / name / "big", "x" * 70000 + "\n")
        write(top / "keys" / _uid / name, f"ssh-rsa BBBB {name}\n")
        write(home / "%x", "ssh-rsa CCCC percent\n")
    home = homes["alice"][1]
    line2 = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz\n"
    keys = {
        ".ssh/id_openssh": "-----BEGIN OPENSSH PRIVATE KEY-----\n" + line2,
        ".ssh/id_nul": b"-----BEGIN OPENSSH PRIVATE KEY-----\nab\0cd" + b"e" * 60 + b"\n",
        ".ssh/id_rsa": "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: x\n",
        ".ssh/id_ec key": "-----BEGIN EC PRIVATE KEY-----\r\nMHc\r\n",
        "x.pem": "-----BEGIN PRIVATE KEY-----\nMIIE\n",
        "y.key": "-----BEGIN ENCRYPTED PRIVATE KEY-----\n",
        "z.ppk": "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: aes256-cbc\n",
        "id_spaces": "-----BEGIN  A B  PRIVATE KEY-----\n",
        "id_long": "#" * 120 + "-----BEGIN RSA PRIVATE KEY-----\n",
        "id_first_empty": "\n-----BEGIN RSA PRIVATE KEY-----\n",
        "id_cr": "-----BEGIN DSA PRIVATE \rKEY-----\n",
        "id_nl\nname": "-----BEGIN RSA PRIVATE KEY-----\n",
        "id_empty": "",
        "id_weird": "xx-----BEGIN RSA PRIVATE KEY-----\n",
        "id_binary": bytes(range(256)) * 3,
        "id_one_line": "-----BEGIN OPENSSH PRIVATE KEY-----",
        "deep/er/id_deep": "-----BEGIN OPENSSH PRIVATE KEY-----\nshort\n",
    }
    for path, content in keys.items():
        write(home / path, content, 0o600)
    unowned(home / "x.pem")
    write(homes["root"][1] / ".ssh" / "id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nr\n")
    lines = [f"{n} {uid} /bin/sh 750 root root d {h}" for n, (uid, h) in homes.items()]
    lines += [f"again 1009 /bin/sh 750 root root d {home}", f"gone 1010 - - - - - {top}/gone"]
    patterns = ".ssh/authorized_keys .ssh/authorized_keys2 %h/.ssh/keys.d/%u"
    patterns += f" {top}/keys/%U/%u %%x none"
    return top, "\n".join(lines), f"authorizedkeysfile {patterns}\nhostkey /x\n"


def test_user_keys_are_what_a_sed_dirname_stat_and_head_for_each_printed(key_homes):
    top, homes, sshd = key_homes
    new = COLLECTORS["ssh_user_keys"].script
    for before in ("", SHORT_STAT):
        for effective in (sshd, "hostkey /x\n"):  # the patterns sshd -T names, or the defaults
            shared = {"sshd_effective": effective, "home_dirs": homes}
            out = same(OLD_SSH_USER_KEYS, new, top, shared=shared, before=before).decode()
            assert out.count("\n> ") > 300 and "PRIV alice openssh" in out
    assert "PRIV alice pem-AB none" in out and "PRIV alice pem-EC none" in out
    assert "KEYS dave " in out and "KEYS bob " not in out  # sed failed on the | of bob's home


@pytest.mark.skipif(not ROOT, reason="files owned by unknown ids need root")
def test_unowned_files_are_what_nouser_and_nogroup_alone_listed(tmp_path):
    known = write(tmp_path / "known")
    for name, uid, gid in (("both", 54321, 54321), ("user", 54321, 0), ("group", 0, 54322)):
        os.chown(write(tmp_path / "d" / name), uid, gid)
    os.chown(known, 0, 0)
    (tmp_path / "link").symlink_to("d/both")
    os.chown(tmp_path / "link", 54323, 0, follow_symlinks=False)
    walk = find_walk(str(tmp_path), PREDICATE)
    old = walk.replace(PREDICATE, "\\( -nouser -o -nogroup \\)")
    assert old != walk
    listed = same(f"max_listed=200 walk_seconds=100\n{old}", f"{KNOWN_IDS}\nmax_listed=200 "
                  f"walk_seconds=100\n{walk}", tmp_path)  # fmt: skip
    assert sorted(listed.decode().splitlines()[1:-1]) == sorted(
        f"{mode} {owner} {group} {kind} {tmp_path}/{name}"
        for mode, owner, group, kind, name in (
            ("644", "54321", "54321", "f", "d/both"), ("644", "54321", "root", "f", "d/user"),
            ("644", "root", "54322", "f", "d/group"), ("777", "54323", "root", "l", "link"),
        )
    )  # fmt: skip
    many = "".join(f"u{i}:x:{60000 + i}:0::/:/bin/sh\n" for i in range(300))
    passwd = write(tmp_path / "passwd", Path("/etc/passwd").read_text() + many)
    ids = run(f"getent() {{ cat {passwd}; }}\n{KNOWN_IDS}\necho $kuid", tmp_path).decode()
    assert ids.split().count("-uid") == KNOWN_MAX and " -uid 0 " in f"{ids} "


def test_audit_files_are_what_a_stat_and_readlink_for_each_printed(tmp_path):
    top = tmp_path
    logs = top / "log dir"
    write(top / "etc/audit/auditd.conf", f"log_file = {logs}/audit.log\n")
    for name in ("audit.log", "audit.log.1", "new\nline", "sp ace", ".hidden"):
        write(logs / name, "type=x\n")
    (logs / "sub").mkdir()
    unowned(logs / "audit.log.1")
    for name in ("audit.rules", "rules.d/10-a.rules", "rules.d/b c.rules", "plugins.d/x.conf"):
        write(top / "etc/audit" / name)
    tools = top / "real tools"
    for tool in ("auditctl", "auditd", "augenrules"):
        write(tools / tool, "", 0o755)
    bin_dir = top / "bin"
    bin_dir.mkdir()
    (bin_dir / "auditctl").symlink_to(tools / "auditctl")
    (bin_dir / "auditd").symlink_to(bin_dir / "auditctl")  # a link to a link: readlink -f
    (bin_dir / "autrace").symlink_to(top / "nowhere")
    (bin_dir / "ausearch").mkdir()
    write(bin_dir / "aureport", "", 0o755)
    replace = (("/etc/audit", f"{top}/etc/audit"),)
    new = COLLECTORS["audit_files"].script
    for before in ("", SHORT_STAT, SHORT_READLINK, SHORT_STAT + SHORT_READLINK):
        out = same(OLD_AUDIT_FILES, new, top, replace=replace, path=bin_dir, before=before)
        assert out.count(b"\nlog\t") == 4 and b"tool\t" in out
    write(top / "etc/audit/auditd.conf", "log_file = /nowhere/audit.log\n")
    assert b"logdir" not in same(OLD_AUDIT_FILES, new, top, replace=replace, path=bin_dir)


def test_running_kernel_parameters_are_what_a_tr_and_cat_for_each_printed(tmp_path):
    new = between(COLLECTORS["sysctl"].script, "\nsec running", "sec files")
    assert same(OLD_SYSCTL_RUNNING, new, tmp_path).count(b" = ") >= 5  # this host's /proc/sys
    values: dict[str, str | bytes] = {
        "net/ipv4/ip_forward": "1\n",
        "net/ipv6/conf/all/forwarding": "a\n\nb\n\n\n",
        "kernel/randomize_va_space": "no newline",
        "kernel/kptr_restrict": b"x\0y\\z \t\n",
        "fs/protected_hardlinks": "",
        "fs/protected_symlinks": "  spaces \r\n",
        "fs/suid_dumpable": "\n\n",
    }
    for path, value in values.items():
        write(tmp_path / "sys" / path, value)
    (tmp_path / "sys/kernel/dmesg_restrict").mkdir()  # readable, but no file to read
    replace = (("/proc/sys/", f"{tmp_path}/sys/"),)
    out = same(OLD_SYSCTL_RUNNING, new, tmp_path, replace=replace)
    assert b"kernel.dmesg_restrict = \n" in out and b"yama" not in out


def test_account_file_modes_are_what_a_stat_for_each_printed(tmp_path):
    for name in ("passwd", "group", "shadow", "shells", "security/opasswd"):
        write(tmp_path / "etc" / name, f"{name}\n", 0o640)
    unowned(tmp_path / "etc/group")
    new = between(COLLECTORS["accounts"].script, "\nset --", "sec passwd")
    replace = (("/etc/", f"{tmp_path}/etc/"),)
    for before in ("", SHORT_STAT):
        out = same(OLD_ACCOUNT_STATS, new, tmp_path, replace=replace, before=before)
        assert out.count(b"STAT ") == 5
    for name in ("passwd", "group", "shadow", "shells", "security/opasswd"):
        (tmp_path / "etc" / name).unlink()
    assert same(OLD_ACCOUNT_STATS, new, tmp_path, replace=replace) == b""


def test_root_path_directories_are_what_a_find_for_each_printed(tmp_path):
    (tmp_path / "a dir").mkdir()
    (tmp_path / "relative").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a dir")
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere")
    new = between(COLLECTORS["root_shell"].script, "sec dirs", "sec end")
    found = ("/usr/bin", f"{tmp_path}/a dir", "", "/nowhere", "relative", f"{tmp_path}/link/")
    path = ":".join(
        [*found, "/bin", f"{tmp_path}/broken", "!", "-x", "/usr//sbin", "/usr/bin", "."]
    )
    out = same(f"path='{path}'\n{OLD_ROOT_PATH_DIRS}", f"path='{path}'\n{new}", tmp_path)
    assert b"missing /nowhere" in out and b"d /bin\n" in out
    for value in ("", "/usr/bin", "/nowhere", "relative:/bin"):
        same(f"path='{value}'\n{OLD_ROOT_PATH_DIRS}", f"path='{value}'\n{new}", tmp_path)


def test_a_root_path_entry_named_like_a_find_action_is_listed_not_acted_on(tmp_path):
    for name in ("-fprint", "-delete", "sub"):
        (tmp_path / name).mkdir()
    (tmp_path / "-delete" / "kept").write_text("")
    new = between(COLLECTORS["root_shell"].script, "sec dirs", "sec end")
    out = run(f"path='-fprint:-delete:sub:/usr/bin'\n{new}", tmp_path).decode()
    listed = [line.rsplit(" ", 1)[-1] for line in out.split("\n") if line[:1] not in "\036"]
    assert listed == ["-fprint", "-delete", "sub", "/usr/bin"]
    assert (tmp_path / "-delete" / "kept").exists() and not (tmp_path / "-maxdepth").exists()


def test_sshd_files_are_what_a_find_for_each_printed(tmp_path):
    ssh = tmp_path / "etc/ssh"
    configs = ("sshd_config", "sshd_config.d/a.conf", "sshd_config.d/b c.conf")
    for name in (*configs, "x_key.pub", "y key.pub", "z\nkey.pub"):
        write(ssh / name)
    (ssh / "sshd_config.d/dir.conf").mkdir()
    write(tmp_path / "relative_key.pub")
    unowned(ssh / "x_key.pub")
    sshd = "\n".join(
        f"hostkey {key}"
        for key in (f"{ssh}/x_key", "relative_key", f"{tmp_path}/gone_key", f"{ssh}/y key", "-z")
    )
    new = COLLECTORS["sshd_files"].script
    replace = (("/etc/ssh", str(ssh)),)
    out = same(OLD_SSHD_FILES, new, tmp_path, shared={"sshd_effective": sshd}, replace=replace)
    assert out.count(b"\n6") >= 6 and b"relative_key.pub" in out


def test_cron_paths_are_what_a_find_for_each_printed(tmp_path):
    etc = tmp_path / "etc"
    write(etc / "crontab", "* * * * * root x\n")
    write(etc / "cron.deny")
    for name in ("cron.d/a", "cron.d/b c", "cron.d/.hidden", "cron.d/n\nl", "cron.daily/x"):
        write(etc / name)
    (etc / "cron.d/sub").mkdir()
    (etc / "cron.weekly").symlink_to(etc / "cron.daily")
    (etc / "cron.monthly").symlink_to(etc / "nowhere")
    unowned(etc / "cron.d/a")
    new = SHARED_INPUTS["cron_paths"].script
    out = same(OLD_CRON_PATHS, new, tmp_path, replace=(("/etc/cron", f"{etc}/cron"),))
    assert out.count(b"\n") > 8 and b".hidden" not in out


def test_scheduled_jobs_are_what_an_awk_and_find_for_each_printed(tmp_path):
    etc = tmp_path / "etc"
    write(etc / "crontab", "SHELL=/bin/sh\n# c\n17 * * * * root cd / && run-parts --report x\r\n")
    crontabs = {
        "a": "@daily root /usr/bin/true\n",
        "b c": "* * * * * nobody /bin/sh -c 'ls'\n",
        "back\\slash": "1 2 3 4 5 root /bin/date\n",
        "x=y": "* * * * * root /usr/bin/env x\n",
        "tab\tname": "* * * * * root /bin/ls",
        "n\nl": "* * * * * root /bin/cat\n",
    }
    for name, text in crontabs.items():
        write(etc / "cron.d" / name, text)
    write(etc / "cron.daily" / "job", "#!/bin/sh\n", 0o755)
    write(tmp_path / "spool/crontabs/root", "5 4 * * * /bin/true\n")
    units = tmp_path / "units"
    write(units / "a.service", "[Service]\nUser=app\nExecStart=/usr/bin/env a\n")
    write(units / "b.service.d/x.conf", "[Service]\nExecStartPre=-/bin/true\n")
    (units / "c.service").symlink_to(units / "a.service")
    replace = (
        ("/etc/cron", f"{etc}/cron"),
        ("/var/spool/cron/crontabs", f"{tmp_path}/spool/crontabs"),
        ("/usr/lib/systemd/system", f"{tmp_path}/none"),
        ("/lib/systemd/system", f"{tmp_path}/none"),
        ("/etc/systemd/system", str(units)),
    )
    cron = run(SHARED_INPUTS["cron_paths"].script, tmp_path, replace=replace[:1]).decode()
    new = COLLECTORS["scheduled_jobs"].script
    old = new.replace(
        between(new, "  # one awk reads the system crontabs", "  for f in /var/spool/cron/"),
        OLD_SYSTEM_CRONTABS,
    ).replace(between(new, "  set --\n  for d in /etc/systemd", "    [ -f"), OLD_UNIT_FIND)
    failing_awk = 'awk() { [ "$1 $2" = "-v sys=1" ] && return 2; command awk "$@"; }'
    for before in ("", failing_awk):  # mawk stops at a file it cannot open: one awk each
        out = same(old, new, tmp_path, shared={"cron_paths": cron}, replace=replace, before=before)
        assert out.count(b"cron\t") >= 8 and b"unit\tapp\t" not in out and b"\tapp\t" in out


def test_login_users_are_those_grep_found_in_etc_shells(tmp_path):
    homes = []
    shells = ("/bin/sh", "/bin/bash", "/usr/bin/zsh", "/bin/nope", "/bin/cr", "/bin/last")
    for i, shell in enumerate([*shells, "/bin/sh ", "/bin/s.h", "-", "/sbin/nologin"]):
        home = tmp_path / f"home{i}"
        write(home / ".profile")
        homes.append(f"u{i} {1000 + i} {shell} 755 root root d {home}")
    shells = "# comment\n/bin/sh\n/bin/bash\n\n/bin/cr\r\n/usr/bin/zsh\n/bin/sh\n/bin/last"
    new = COLLECTORS["user_homes"].script
    old = new.replace(between(new, "  if [ -f /etc/shells ]", "  sec home"), OLD_USER_SHELLS)
    old = old[old.index("shared home_dirs") :]
    replace = (("/etc/shells", f"{tmp_path}/shells"),)
    shared = {"home_dirs": "\n".join(homes)}
    for text in (shells, shells + "\n", "", None):
        if text is None:
            (tmp_path / "shells").unlink()
        else:
            write(tmp_path / "shells", text)
        out = same(old, new, tmp_path, shared=shared, replace=replace)
    assert out.count(b"\036SEC home ") == 8  # no /etc/shells: every shell but nologin and -


@pytest.mark.parametrize("runs", ["systemd", "short", "none"])
def test_unit_states_are_what_a_subshell_and_systemctl_for_each_printed(tmp_path, runs):
    """``runs``: systemd runs (a systemctl line for each unit), its systemctl stops after one unit,
    or no systemd runs."""
    system = tmp_path / "etc/systemd/system"
    (system / "multi-user.target.wants").mkdir(parents=True)
    write(system / "nftables.service")
    (system / "multi-user.target.wants/nftables.service").symlink_to(system / "nftables.service")
    (system / "ufw.service").symlink_to("/dev/null")
    (system / "autofs.service").symlink_to("/dev/null")
    write(tmp_path / "run/systemd/system" / "iptables.service")
    if runs == "none":
        (tmp_path / "run/systemd/system/iptables.service").unlink()
        (tmp_path / "run/systemd/system").rmdir()
    stop = "exit 3" if runs == "short" else ":"
    states = f'case "$u" in nftables*) echo active ;; *) echo inactive; {stop} ;; esac'
    write(tmp_path / "bin/systemctl", f"#!/bin/sh\nshift\nfor u; do {states}; done\n", 0o755)
    replace = (
        ("/etc/systemd/system", str(system)),
        ("/run/systemd/system", f"{tmp_path}/run/systemd/system"),
    )
    path = tmp_path / "bin"
    firewall = between(COLLECTORS["firewall"].script, "\n", "shared processes")
    out = same(OLD_FIREWALL_UNITS, firewall, tmp_path, replace=replace, path=path)
    assert b"nftables enabled active\n" in out and b"ufw masked inactive\n" in out
    automount = between(COLLECTORS["automount"].script, "\n", "shared processes")
    assert b"autofs masked" in same(OLD_AUTOMOUNT_UNITS, automount, tmp_path, replace=replace)


def test_sudoers_files_are_what_a_stat_and_dump_files_for_each_printed(tmp_path):
    etc = tmp_path / "etc"
    extra, more = tmp_path / "extra.d", tmp_path / "more"
    includes = f"@includedir {etc}/sudoers.d\n#includedir {extra}\n@include {more}\n"
    write(etc / "sudoers", f"root ALL=(ALL) ALL\n{includes}@include {tmp_path}/gone\n")
    for name in ("10-a", "b c", "n\nl", ".dot", "z~"):
        write(etc / "sudoers.d" / name, f"# {name}\n", 0o440)
    (etc / "sudoers.d/dir").mkdir()
    (etc / "sudoers.d/link").symlink_to(etc / "sudoers.d/10-a")
    write(extra / "x", "x ALL=(ALL) ALL\n")
    write(more, "m ALL=(ALL) ALL")
    unowned(extra)
    new = COLLECTORS["sudoers"].script
    out = same(OLD_SUDOERS, new, tmp_path, replace=(("/etc/sudoers", f"{etc}/sudoers"),))
    assert out.count(b"\036FILE ") == 7 and b"\n755 UNKNOWN UNKNOWN " in out


def test_pam_files_are_what_a_readlink_and_dump_files_for_each_printed(tmp_path):
    pam, security = tmp_path / "pam.d", tmp_path / "security"
    write(tmp_path / "real/common-auth", "auth required pam_unix.so\n")
    (pam).mkdir()
    (pam / "common-auth").symlink_to("../real/common-auth")
    write(pam / "common-password", "password requisite pam_pwquality.so retry=3\n")
    (security).mkdir()
    (security / "pwquality.conf").symlink_to("nowhere")
    write(security / "pwquality.conf.d/a.conf", "minlen = 14\n")
    write(tmp_path / "odd\nname", "dcredit = -1\n")
    (security / "pwquality.conf.d/b.conf").symlink_to(tmp_path / "odd\nname")
    write(security / "faillock.conf", "deny = 5")
    replace = (("/etc/pam.d", str(pam)), ("/etc/security", str(security)))
    out = same(OLD_PAM, COLLECTORS["pam"].script, tmp_path, replace=replace)
    assert out.count(b"LINK ") == 3 and out.count(b"\036FILE ") == 5


def test_journald_files_are_what_a_dump_files_for_each_directory_printed(tmp_path):
    # /usr/local/lib/systemd first: /usr/lib/systemd is not part of it
    names = ("/usr/local/lib/systemd", "/usr/lib/systemd", "/etc/systemd", "/run/systemd")
    dirs = {d: tmp_path / d.strip("/").replace("/", "_") for d in names}
    for i, d in enumerate(dirs.values()):
        write(d / "journald.conf", f"[Journal]\nStorage={i}\n")
        write(d / "journald.conf.d/b c.conf", "[Journal]\n")
        if i % 2:
            write(d / "journal-upload.conf.d/u.conf", "[Upload]\n")
    script = COLLECTORS["log_journald"].script
    new = script[script.index("sec files") :]
    replace = tuple((d, str(path)) for d, path in dirs.items())
    out = same(OLD_JOURNALD_FILES, new, tmp_path, replace=replace)
    assert out.count(b"\036FILE ") == 10


def test_apt_list_times_are_what_a_stat_for_each_printed(tmp_path):
    lists = tmp_path / "lists"
    for name in ("a_InRelease", "b c_Release", "n\nl_Release", "x_Release.gpg"):
        write(lists / name)
    (lists / "dir_Release").mkdir()
    new = between(COLLECTORS["pkg_updates"].script, "  sec lists", "elif command -v dnf")
    replace = (("/var/lib/apt/lists", str(lists)),)
    for before in ("", SHORT_STAT):
        out = same(OLD_APT_LISTS, new, tmp_path, replace=replace, before=before)
        assert out.count(b"Release\n") == 3


def test_service_keys_are_what_a_stat_for_each_printed(tmp_path):
    etc = tmp_path / "etc"
    ssh = ("ssh/ssh_host_rsa_key", "ssh/ssh_host_ed 25519_key")
    ssl = ("ssl/private/a.pem", "ssl/private/n\nl", "letsencrypt/archive/x.org/privkey1.pem")
    for name in (*ssh, *ssl, "postgresql/15/main/server.key"):
        write(etc / name, "k", 0o600)
    (etc / "ssl/private/link").symlink_to(etc / "ssl/private/a.pem")
    (etc / "ssl/private/sub").mkdir()
    write(tmp_path / "var/lib/postgresql/15/main/x.key", "k")
    unowned(etc / "ssl/private/a.pem")
    replace = (("/etc/", f"{etc}/"), ("/var/lib/postgresql", f"{tmp_path}/var/lib/postgresql"))
    new = COLLECTORS["service_keys"].script
    for before in ("", SHORT_STAT):
        out = same(OLD_SERVICE_KEYS, new, tmp_path, replace=replace, before=before)
        assert out.count(b"KEY\t") == 7 and out.count(b"DIR\t") == 2
