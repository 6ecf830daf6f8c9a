"""Integrity of a report directory: minisign Ed25519 signatures and a coreutils SHA256SUMS.

An inspector checks a report with stock tools alone, in the report's directory::

    minisign -V -p report.pub -m SHA256SUMS && sha256sum -c SHA256SUMS

Files are byte-compatible with minisign (≥ 0.10 for unencrypted secret keys), base64 of:

- public key: ``"Ed" || key id (8) || Ed25519 public key (32)``;
- secret key: ``"Ed" || kdf "\\0\\0" (none) || "B2" || salt (32) || opslimit (8) || memlimit (8)
  || key id (8) || Ed25519 seed (32) || public key (32) || checksum (32)``, the checksum being
  BLAKE2b-256 of ``"Ed" || key id || seed || public key``;
- signature: ``"ED" || key id (8) || Ed25519(BLAKE2b-512(file))`` (legacy ``"Ed"`` signs the file
  itself), followed by the trusted comment and the global signature, Ed25519 of
  ``signature || trusted comment``.

The key id is shown as minisign shows it: the 8 bytes read as a little-endian integer, in
upper-case hex.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from auditor.errors import UsageError
from auditor.messages import Message

SUMS = "SHA256SUMS"
SUMS_SIGNATURE = f"{SUMS}.minisig"

_ALG = b"Ed"
_ALG_PREHASHED = b"ED"
_KDF_NONE = b"\0\0"
_KDF_SCRYPT = b"Sc"
_CHECKSUM_ALG = b"B2"
_COMMENT = "untrusted comment: "
_TRUSTED = "trusted comment: "
_SIGNATURE_COMMENT = "signature from minisign secret key"
# minisign reads a comment line with fgets() into 1024 and a trusted comment line into 8192 bytes.
_COMMENT_LINE_MAX = 1022
_TRUSTED_LINE_MAX = 8190
_KEY_ID = slice(2, 10)
_SECRET_KEY_ID = slice(54, 62)
_SECRET_KEY = slice(62, 126)
_SECRET_CHECKSUM = slice(126, 158)
_SUMS_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


class SignatureError(UsageError):
    """A key, signature or checksum list is malformed or does not match; the message says which."""


# What a file is, as errors name it.
SIGNATURE = Message.of("signature")
PUBLIC_KEY = Message.of("public key")
SECRET_KEY = Message.of("secret key")
FILE = Message.of("file")
CHECKSUM_LIST = Message.of("checksum list")


@dataclass(frozen=True)
class _PublicKey:
    key_id: bytes
    key: Ed25519PublicKey
    text: str


@dataclass(frozen=True)
class _SecretKey:
    key_id: bytes
    key: Ed25519PrivateKey


def generate_keypair(
    secret_path: Path, public_path: Path, comment: str = "auditor report key"
) -> str:
    """Write a new unencrypted secret key (mode 0600) and its public key; return the key id.

    ``comment`` is the secret key's untrusted comment. Existing files are never overwritten.
    """
    if problem := _comment_problem(comment, _COMMENT_LINE_MAX - len(_COMMENT)):
        raise UsageError("key comment {problem}", problem=problem)
    for path in (secret_path, public_path):
        if os.path.lexists(path):
            raise UsageError("{path} already exists; refusing to overwrite it", path=path)
    key_id = os.urandom(8)
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    secret = private.private_bytes_raw() + public
    blob = (
        _ALG + _KDF_NONE + _CHECKSUM_ALG + bytes(32 + 8 + 8)
        + key_id + secret + _secret_checksum(key_id, secret)
    )  # fmt: skip
    _create(secret_path, f"{_COMMENT}{comment}\n{_b64(blob)}\n", 0o600)
    _create(public_path, _public_text(key_id, public), 0o644)
    return _key_id_text(key_id)


def key_id(public_path: Path) -> str:
    """The public key's id as minisign 0.12 displays it: 16 upper-case hex digits (0.11 drops
    leading zeros)."""
    return _key_id_text(_load_public(public_path).key_id)


def public_key_text(public_path: Path) -> str:
    """The public key file's two lines (comment, key), checked, to print in the report."""
    return _load_public(public_path).text


def sign_file(secret_path: Path, path: Path, trusted_comment: str) -> Path:
    """Sign ``path`` into ``<path>.minisig`` as ``minisign -S -t trusted_comment`` does."""
    if problem := _comment_problem(trusted_comment, _TRUSTED_LINE_MAX - len(_TRUSTED)):
        raise UsageError("trusted comment {problem}", problem=problem)
    secret = _load_secret(secret_path)
    signature = secret.key.sign(_blake2b(_read(path, FILE)))
    global_signature = secret.key.sign(signature + trusted_comment.encode())
    out = _signature_path(path)
    out.write_bytes(
        f"{_COMMENT}{_SIGNATURE_COMMENT}\n{_b64(_ALG_PREHASHED + secret.key_id + signature)}\n"
        f"{_TRUSTED}{trusted_comment}\n{_b64(global_signature)}\n".encode()
    )
    return out


def verify_file(public_path: Path, path: Path, signature_path: Path | None = None) -> str:
    """Check ``path`` against its signature (default ``<path>.minisig``); return the trusted
    comment. Raises ``SignatureError`` unless both signatures verify with that public key."""
    return _verify(
        _load_public(public_path),
        _read(path, FILE),
        path,
        signature_path or _signature_path(path),
    )


def write_checksums(directory: Path, names: Sequence[str]) -> Path:
    """Write ``directory/SHA256SUMS`` for the files named (relative to it), as ``sha256sum``."""
    if not names:
        raise UsageError("{directory}: no files to list in {sums}", directory=directory, sums=SUMS)
    for name in names:
        if problem := _name_problem(name):
            raise UsageError(
                "cannot list {name!r} in {sums}: {problem}", name=name, sums=SUMS, problem=problem
            )
    if len(set(names)) != len(names):
        raise UsageError(
            "{directory}: a file is named twice for {sums}", directory=directory, sums=SUMS
        )
    sums = directory / SUMS
    sums.write_bytes(
        "".join(f"{_sha256(directory / name)}  {name}\n" for name in sorted(names)).encode()
    )
    return sums


def verify_directory(directory: Path, public_path: Path) -> list[str]:
    """Check the signature of ``directory/SHA256SUMS``, then every file it lists, and that it lists
    every file there; return the names listed. Raises ``SignatureError`` at the first problem."""
    sums = directory / SUMS
    data = _read(sums, CHECKSUM_LIST)
    _verify(_load_public(public_path), data, sums, directory / SUMS_SIGNATURE)
    listed = _parse_sums(sums, data)
    for name, digest in listed.items():
        path = directory / name
        if not path.is_file():
            raise SignatureError("{path}: listed in {sums} but missing", path=path, sums=SUMS)
        if _sha256(path) != digest:
            raise SignatureError("{path}: content differs from {sums}", path=path, sums=SUMS)
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}
    if extra := sorted(present - listed.keys() - {SUMS, SUMS_SIGNATURE}):
        raise SignatureError(
            "{directory}: not listed in {sums}: {names}",
            directory=directory,
            sums=SUMS,
            names=extra,
        )
    return list(listed)


def _verify(public: _PublicKey, message: bytes, path: Path, signature_path: Path) -> str:
    """The trusted comment of ``signature_path`` if it signs ``message`` (read from ``path``)."""
    untrusted, signature_line, trusted, global_line = _lines(signature_path, SIGNATURE, 4)
    if not untrusted.startswith(_COMMENT) or len(untrusted.encode()) > _COMMENT_LINE_MAX:
        raise _malformed(
            signature_path, SIGNATURE, Message.of("first line must be {start!r}...", start=_COMMENT)
        )
    if not trusted.startswith(_TRUSTED) or len(trusted.encode()) > _TRUSTED_LINE_MAX:
        raise _malformed(
            signature_path, SIGNATURE, Message.of("third line must be {start!r}...", start=_TRUSTED)
        )
    comment = trusted.removeprefix(_TRUSTED)
    if problem := _comment_problem(comment, _TRUSTED_LINE_MAX - len(_TRUSTED)):
        raise _malformed(
            signature_path, SIGNATURE, Message.of("trusted comment {problem}", problem=problem)
        )
    blob = _unb64(signature_line, 74, signature_path, SIGNATURE)
    global_signature = _unb64(global_line, 64, signature_path, SIGNATURE)
    if blob[:2] not in (_ALG, _ALG_PREHASHED):
        raise _malformed(
            signature_path,
            SIGNATURE,
            Message.of("unsupported algorithm {algorithm}", algorithm=blob[:2]),
        )
    if blob[_KEY_ID] != public.key_id:
        raise SignatureError(
            "{signature_path}: made with key {signed_by}, not with the public key {key}",
            signature_path=signature_path,
            signed_by=_key_id_text(blob[_KEY_ID]),
            key=_key_id_text(public.key_id),
        )
    signature = blob[10:]
    try:
        public.key.verify(signature, _blake2b(message) if blob[:2] == _ALG_PREHASHED else message)
    except InvalidSignature:
        raise SignatureError(
            "{path}: does not match its signature {signature_path}",
            path=path,
            signature_path=signature_path,
        ) from None
    try:
        public.key.verify(global_signature, signature + comment.encode())
    except InvalidSignature:
        raise SignatureError(
            "{signature_path}: the trusted comment's signature fails", signature_path=signature_path
        ) from None
    return comment


def _load_public(path: Path) -> _PublicKey:
    comment, line = _lines(path, PUBLIC_KEY, 2)
    if not comment.startswith(_COMMENT):
        raise _malformed(
            path, PUBLIC_KEY, Message.of("first line must be {start!r}...", start=_COMMENT)
        )
    blob = _unb64(line, 42, path, PUBLIC_KEY)
    if blob[:2] != _ALG:
        raise _malformed(
            path, PUBLIC_KEY, Message.of("unsupported algorithm {algorithm}", algorithm=blob[:2])
        )
    key = Ed25519PublicKey.from_public_bytes(blob[10:])
    return _PublicKey(blob[_KEY_ID], key, f"{comment}\n{line}\n")


def _load_secret(path: Path) -> _SecretKey:
    comment, line = _lines(path, SECRET_KEY, 2)
    if not comment.startswith(_COMMENT):
        raise _malformed(
            path, SECRET_KEY, Message.of("first line must be {start!r}...", start=_COMMENT)
        )
    blob = _unb64(line, 158, path, SECRET_KEY)
    if blob[:2] != _ALG or blob[4:6] != _CHECKSUM_ALG:
        raise _malformed(
            path, SECRET_KEY, Message.of("unsupported signature or checksum algorithm")
        )
    if blob[2:4] == _KDF_SCRYPT:
        raise SignatureError(
            "{path}: the secret key is password-protected; remove the password with "
            "`minisign -C -W -s {path}`",
            path=path,
        )
    if blob[2:4] != _KDF_NONE:
        raise _malformed(path, SECRET_KEY, Message.of("unsupported key derivation"))
    key_id, secret, checksum = blob[_SECRET_KEY_ID], blob[_SECRET_KEY], blob[_SECRET_CHECKSUM]
    # minisign -G -W leaves the checksum of an unencrypted key zero, and never checks it.
    if checksum not in (bytes(32), _secret_checksum(key_id, secret)):
        raise _malformed(path, SECRET_KEY, Message.of("checksum mismatch"))
    key = Ed25519PrivateKey.from_private_bytes(secret[:32])
    if key.public_key().public_bytes_raw() != secret[32:]:
        raise _malformed(path, SECRET_KEY, Message.of("public half does not match the seed"))
    return _SecretKey(key_id, key)


def _lines(path: Path, what: Message, count: int) -> list[str]:
    """The first ``count`` lines of a minisign file (LF or CRLF); anything after must be blank."""
    lines = [line.removesuffix("\r") for line in _text(path, what).split("\n")]
    if len(lines) < count or any(line.strip() for line in lines[count:]):
        raise _malformed(path, what, f"expected {count} lines")
    return lines[:count]


def _text(path: Path, what: Message) -> str:
    try:
        return _read(path, what).decode()
    except UnicodeDecodeError:
        raise SignatureError("{path}: not UTF-8 text", path=path) from None


def _read(path: Path, what: Message) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SignatureError(
            "{path}: cannot read {what}: {reason}", path=path, what=what, reason=exc.strerror
        ) from None


def _unb64(line: str, size: int, path: Path, what: Message) -> bytes:
    try:
        blob = base64.b64decode(line, validate=True)
    except binascii.Error:
        raise _malformed(path, what, "bad base64") from None
    if len(blob) != size:
        raise _malformed(path, what, f"{len(blob)} bytes instead of {size}")
    return blob


def _malformed(path: Path, what: Message, detail: Message) -> SignatureError:
    return SignatureError(
        "{path}: not a minisign {what}: {detail}", path=path, what=what, detail=detail
    )


def _comment_problem(comment: str, limit: int) -> Message | None:
    """Why minisign would refuse ``comment`` on one line (≥ 0.12 also needs it printable)."""
    if len(comment.encode()) > limit:
        return Message.of("is longer than {limit} bytes", limit=limit)
    if any(c != "\t" and (c < " " or "\x7f" <= c <= "\x9f") for c in comment):
        return Message.of("has a control character (a line break?)")
    return None


def _name_problem(name: str) -> Message | None:
    """Why ``name`` cannot be a line of SHA256SUMS verified in its directory."""
    if not name or any(c in name for c in "\n\r\\"):
        return Message.of("empty, or has a line break or backslash")
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts or path.as_posix() != name:
        return Message.of("not a normalized relative path")
    if name in (SUMS, SUMS_SIGNATURE):
        return Message.of("reserved")
    return None


def _parse_sums(path: Path, data: bytes) -> dict[str, str]:
    """``{name: sha256 hex}`` in the order listed; raises ``SignatureError`` if malformed."""
    listed: dict[str, str] = {}
    try:
        lines = data.decode().split("\n")
    except UnicodeDecodeError:
        raise SignatureError("{path}: not UTF-8 text", path=path) from None
    if lines.pop() != "" or not lines:
        raise SignatureError("{path}: empty or not ending with a newline", path=path)
    for number, line in enumerate(lines, 1):
        match = _SUMS_LINE.fullmatch(line)
        if not match or _name_problem(match[2]) or match[2] in listed:
            raise SignatureError(
                "{path}:{number}: not a checksum line: {line!r}",
                path=path,
                number=number,
                line=line,
            )
        listed[match[2]] = match[1].lower()
    return listed


def _public_text(key_id: bytes, public: bytes) -> str:
    return f"{_COMMENT}minisign public key {_key_id_text(key_id)}\n{_b64(_ALG + key_id + public)}\n"


def _key_id_text(key_id: bytes) -> str:
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _secret_checksum(key_id: bytes, secret: bytes) -> bytes:
    return hashlib.blake2b(_ALG + key_id + secret, digest_size=32).digest()


def _blake2b(data: bytes) -> bytes:
    return hashlib.blake2b(data).digest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(_read(path, FILE)).hexdigest()


def _b64(blob: bytes) -> str:
    return base64.b64encode(blob).decode()


def _signature_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.minisig")


def _create(path: Path, text: str, mode: int) -> None:
    """Write a new file with ``mode`` whatever the umask, failing if it exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise UsageError("{path} already exists; refusing to overwrite it", path=path) from None
    with os.fdopen(fd, "wb") as out:
        os.fchmod(fd, mode)
        out.write(text.encode())
