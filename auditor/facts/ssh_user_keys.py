"""The ``ssh_user_keys`` fact: authorized_keys files (with their keys and directory modes) and
private keys of accounts."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from auditor.facts.base import FileEntry, Raw, collector, octal_mode
from auditor.facts.sshd import SSHD_EFFECTIVE
from auditor.facts.user_homes import HOME_DIRS

OPENSSH_MAGIC = b"openssh-key-v1\0"

ECDSA_BITS = {"nistp256": 256, "nistp384": 384, "nistp521": 521}

FIXED_BITS = {
    "ssh-ed25519": 256,
    "ssh-ed448": 456,
    "sk-ssh-ed25519@openssh.com": 256,
    "sk-ecdsa-sha2-nistp256@openssh.com": 256,
}

_KEY_TYPE = re.compile(r"(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+")


@dataclass(frozen=True)
class PublicKey:
    """One key of an authorized_keys file; ``bits`` is None when the key could not be read;
    ``options`` are the line's options as written (``command="..."``, ``no-pty``)."""

    type: str
    bits: int | None
    fingerprint: str
    comment: str
    error: str = ""
    options: tuple[str, ...] = ()

    def option(self, name: str) -> list[str]:
        """Values of option ``name`` (unquoted; ``""`` for a flag such as ``cert-authority``)."""
        found = []
        for option in self.options:
            key, sep, value = option.partition("=")
            if key.lower() == name:
                if sep and len(value) >= 2 and value[0] == value[-1] == '"':
                    value = value[1:-1].replace('\\"', '"')
                found.append(value)
        return found

    def describe(self) -> str:
        size = f"{self.bits}-bit " if self.bits else ""
        name = f" {self.comment}" if self.comment else ""
        return f"{size}{self.type} {self.fingerprint}{name}".strip()


@dataclass(frozen=True)
class AuthorizedKeys:
    """An authorized_keys file of an account."""

    user: str
    path: str
    keys: tuple[PublicKey, ...]


@dataclass(frozen=True)
class PrivateKey:
    """A private key file: its format and whether a passphrase protects it."""

    user: str
    path: str
    format: str
    encrypted: bool | None
    cipher: str
    mode: int
    owner: str
    group: str

    def line(self) -> str:
        state = {True: "encrypted", False: "not encrypted", None: "encryption unknown"}
        cipher = f" ({self.cipher})" if self.cipher else ""
        return (
            f"{self.path} {self.mode:04o} {self.owner}:{self.group} {self.format} key, "
            f"{state[self.encrypted]}{cipher}"
        )


@dataclass(frozen=True)
class UserKeys:
    """Key files of every local account with a home directory."""

    homes: dict[str, str]
    modes: dict[str, FileEntry]
    authorized: tuple[AuthorizedKeys, ...]
    private: tuple[PrivateKey, ...]


def _read_string(blob: bytes, offset: int) -> tuple[bytes, int]:
    if offset + 4 > len(blob):
        raise ValueError("truncated key")
    size = int.from_bytes(blob[offset : offset + 4], "big")
    end = offset + 4 + size
    if end > len(blob):
        raise ValueError("truncated key")
    return blob[offset + 4 : end], end


def key_bits(blob: bytes) -> tuple[str, int | None]:
    """The key type named inside an SSH public key blob and its size in bits."""
    name, offset = _read_string(blob, 0)
    key_type = name.decode("ascii", "replace")
    if key_type.endswith("-cert-v01@openssh.com"):
        _nonce, offset = _read_string(blob, offset)
        base = key_type.removesuffix("-cert-v01@openssh.com")
    else:
        base = key_type
    if base in {"ssh-rsa", "ssh-dss"}:
        if base == "ssh-rsa":
            _e, offset = _read_string(blob, offset)
        modulus, _ = _read_string(blob, offset)
        return key_type, int.from_bytes(modulus, "big").bit_length()
    if base.startswith("ecdsa-sha2-"):
        curve, _ = _read_string(blob, offset)
        return key_type, ECDSA_BITS.get(curve.decode("ascii", "replace"))
    return key_type, FIXED_BITS.get(base)


def split_options(text: str) -> tuple[str, ...]:
    """The comma-separated options of an authorized_keys line (commas in quotes kept)."""
    options, quoted, start, i = [], False, 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 1
        elif text[i] == '"':
            quoted = not quoted
        elif text[i] == "," and not quoted:
            options.append(text[start:i])
            start = i + 1
        i += 1
    options.append(text[start:])
    return tuple(o for o in options if o)


def parse_key_line(line: str) -> PublicKey | None:
    """A key from an authorized_keys line (options, type, base64, comment); None if no key."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    options: tuple[str, ...] = ()
    if not _KEY_TYPE.match(text):
        quoted, i = False, 0
        while i < len(text) and (quoted or not text[i].isspace()):
            if text[i] == "\\":
                i += 1
            elif text[i] == '"':
                quoted = not quoted
            i += 1
        options = split_options(text[:i])
        text = text[i:].strip()
    parts = text.split(None, 2)
    if len(parts) < 2:
        return PublicKey(parts[0] if parts else "?", None, "", "", "no key data", options)
    declared, data = parts[0], parts[1]
    comment = parts[2].strip() if len(parts) > 2 else ""
    try:
        blob = base64.b64decode(data, validate=True)
        digest = base64.b64encode(hashlib.sha256(blob).digest()).decode()
        fingerprint = "SHA256:" + digest.rstrip("=")
        actual, bits = key_bits(blob)
    except (binascii.Error, ValueError) as exc:
        return PublicKey(declared, None, "", comment, f"unreadable key data: {exc}", options)
    if actual != declared:
        error = f"key data is of type {actual}"
        return PublicKey(declared, None, fingerprint, comment, error, options)
    return PublicKey(declared, bits, fingerprint, comment, options=options)


def openssh_cipher(prefix: str) -> str | None:
    """The cipher name encoded in the first base64 characters of an OpenSSH private key."""
    try:
        data = base64.b64decode(prefix[: len(prefix) // 4 * 4])
    except binascii.Error:
        return None
    if not data.startswith(OPENSSH_MAGIC) or len(data) < len(OPENSSH_MAGIC) + 5:
        return None
    size = int.from_bytes(data[len(OPENSSH_MAGIC) : len(OPENSSH_MAGIC) + 4], "big")
    name = data[len(OPENSSH_MAGIC) + 4 : len(OPENSSH_MAGIC) + 4 + size]
    return name.decode("ascii", "replace") + ("…" if len(name) < size else "")


def _private_key(user: str, mode: int, fields: list[str]) -> PrivateKey:
    fmt, mark, _, owner, group, path = fields
    if fmt == "openssh":
        cipher = openssh_cipher(mark) or ""
        encrypted = None if not cipher else cipher != "none"
    elif fmt == "putty":
        cipher = mark if mark != "-" else ""
        encrypted = None if not cipher else cipher != "none"
    else:
        cipher = ""
        encrypted = mark == "encrypted"
    return PrivateKey(user, path, fmt, encrypted, cipher, mode, owner, group)


SCRIPT = r"""
pats=$(shared sshd_effective | awk '$1=="authorizedkeysfile"{for(i=2;i<=NF;i++) print $i}')
[ -n "$pats" ] || pats=".ssh/authorized_keys .ssh/authorized_keys2"
umin=$(awk '$1=="UID_MIN"{print $2}' /etc/login.defs 2>/dev/null); [ -n "$umin" ] || umin=1000
if command -v timeout >/dev/null 2>&1; then t="timeout 20"; else t=""; fi
st() { s=$(stat -L -c '%a %U %G' -- "$2" 2>/dev/null) && printf 'STAT %s %s %s\n' "$1" "$s" "$2"; }
# up PATH: sets d to the directory of PATH (absolute, no trailing slash), as dirname prints it
up() {
  d=${1%/*}
  while :; do case "$d" in */) d=${d%/} ;; *) break ;; esac; done
  d=${d:-/}
}
seen=" "
shared home_dirs | while read -r name uid _shell hmode howner hgroup hkind home; do
  [ "$hkind" = d ] || continue
  printf 'USER %s %s %s\n' "$name" "$uid" "$home"
  for p in $pats; do
    [ "$p" = none ] && continue
    # sed prints the pattern as it is unless it holds a token, or fails (a | or \ in its script)
    case "$p$home$name" in
      *%*|*'|'*|*'\'*)
        p=$(printf '%s' "$p" | sed -e "s|%h|$home|g" -e "s|%u|$name|g" -e "s|%U|$uid|g" \
          -e 's|%%|%|g') ;;
    esac
    case "$p" in /*) ;; *) p="$home/$p";; esac
    [ -f "$p" ] || continue
    # the file and each directory up to the home, in one stat (one each when it printed fewer)
    set -- "$p"; up "$p"
    while [ "$d" != "$home" ] && [ "$d" != / ] && [ "${d#"$home"/}" != "$d" ]; do
      set -- "$@" "$d"; up "$d"
    done
    s=$(stat -L -c '%a %U %G' -- "$@" 2>/dev/null); lines_of "$s"; r=keys
    for f; do
      if [ "$_k" = $# ]; then
        printf 'STAT %s %s %s\n' "$r" "${s%%"$NL"*}" "$f"; s=${s#*"$NL"}
      else
        st "$r" "$f"
      fi
      r=dir
    done
    printf 'STAT home %s %s %s %s\n' "$hmode" "$howner" "$hgroup" "$home"
    printf 'KEYS %s %s\n' "$name" "$p"
    head -c 65536 -- "$p" | sed 's/^/> /;300q'  # sed stops at line 300, where head -n 300 did
  done
  [ "$uid" = 0 ] || [ "$uid" -ge "$umin" ] 2>/dev/null || continue
  [ "$home" != / ] || continue
  case "$seen" in *" $home "*) continue;; esac
  seen="$seen$home "
  $t find "$home" -xdev -maxdepth 3 -type f -size -64k \( -path "$home/.ssh/*" -o -name 'id_*' \
    -o -name '*.pem' -o -name '*.key' -o -name '*.ppk' \) ! -name '*.pub' \
    ! -name 'authorized_keys*' ! -name 'known_hosts*' ! -name config 2>/dev/null | head -n 200 |
  {
    set --; keys=""
    while IFS= read -r f; do
      # the first line's first 100 bytes, without carriage returns
      first=$(head -c 100 -- "$f" 2>/dev/null | tr -d '\r'); first=${first%%"$NL"*}
      case "$first" in
        *'BEGIN OPENSSH PRIVATE KEY'*)  # one sed prints line 2's first 44 bytes, as sed | cut did
          fmt=openssh; mark=$(sed -n '2{s/^\(.\{44\}\).*/\1/;p;q;}' -- "$f");;
        *'BEGIN ENCRYPTED PRIVATE KEY'*) fmt=pkcs8; mark=encrypted;;
        *'PRIVATE KEY-----'*)
          # the words between BEGIN and PRIVATE KEY without spaces, as a sed and tr printed them
          case "$first" in
            '-----BEGIN '*'PRIVATE KEY-----')
              kind=${first#'-----BEGIN '}; kind=${kind%'PRIVATE KEY-----'} ;;
            *) kind="" ;;
          esac
          while :; do case "$kind" in *' '*) kind=${kind%%' '*}${kind#*' '} ;; *) break ;; esac
          done
          fmt="pem-$kind"; [ -n "$kind" ] || fmt=pkcs8
          mark=none
          head -n 3 -- "$f" | grep -q '^Proc-Type: 4,ENCRYPTED' && mark=encrypted;;
        PuTTY-User-Key-File-*)
          fmt=putty; mark=$(grep -m 1 '^Encryption:' -- "$f" | awk '{print $2}');;
        *) continue;;
      esac
      keys="$keys$name $fmt ${mark:--}$NL"; set -- "$@" "$f"
    done
    # one stat for the modes of them all (one each when it printed fewer)
    [ $# -gt 0 ] || exit 0
    s=$(stat -c '%a %U %G' -- "$@" 2>/dev/null); lines_of "$s"
    for f; do
      if [ "$_k" = $# ]; then m=${s%%"$NL"*}; s=${s#*"$NL"}
      else m=$(stat -c '%a %U %G' -- "$f"); fi
      printf 'PRIV %s %s %s\n' "${keys%%"$NL"*}" "$m" "$f"; keys=${keys#*"$NL"}
    done
  }
done
"""


@collector("ssh_user_keys", SCRIPT, needs_root=True, uses=(SSHD_EFFECTIVE, HOME_DIRS))
def parse_ssh_user_keys(raw: Raw) -> UserKeys:
    """authorized_keys files (with their keys and directory modes) and private keys of accounts."""
    homes: dict[str, str] = {}
    modes: dict[str, FileEntry] = {}
    files: list[tuple[str, str, list[str]]] = []
    private = []
    for line in raw.stdout.splitlines():
        tag, _, rest = line.partition(" ")
        if tag == ">" and files:
            files[-1][2].append(rest)
        elif tag == "USER" and len(f := rest.split(" ", 2)) == 3:
            homes[f[0]] = f[2]
        elif (
            tag == "STAT"
            and len(f := rest.split(" ", 4)) == 5
            and (mode := octal_mode(f[1])) is not None
        ):
            modes[f[4]] = FileEntry(mode, f[2], f[3], f[0], f[4])
        elif tag == "KEYS" and len(f := rest.split(" ", 1)) == 2:
            files.append((f[0], f[1], []))
        elif (
            tag == "PRIV"
            and len(f := rest.split(" ", 6)) == 7
            and (mode := octal_mode(f[3])) is not None
        ):
            private.append(_private_key(f[0], mode, f[1:]))
    authorized = tuple(
        AuthorizedKeys(user, path, tuple(k for k in map(parse_key_line, lines) if k))
        for user, path, lines in files
    )
    return UserKeys(homes, modes, authorized, tuple(private))
