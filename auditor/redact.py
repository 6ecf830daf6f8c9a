"""Keep secrets out of everything the auditor stores or shows: password hashes, private-key
material and the passwords it was given.

Checks never put a hash or key in their evidence, but text from a host reaches results by other
ways too: a local rule's matching lines or command output, a parser's or check's exception, the
first line of a failed script's error output. Every result and host error passes through
:func:`redact` (or :func:`redact_lines` for evidence) before it is stored.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

from auditor.messages import Message

# crypt(3) hashes: $id$[params$]salt$hash, any method libxcrypt knows; locked ones start with !
_CRYPT = re.compile(r"\$(1|2[abxy]|3|5|6|7|y|gy|sha1|md5|sm3|sm3y)\$[./0-9A-Za-z$=,]{8,}")
# the password field of a shadow or passwd line, name:FIELD:days: (DES, BSDi, other hashes)
_ACCOUNT_LINE = re.compile(
    r"(^|[\s>])([A-Za-z0-9_.][A-Za-z0-9_.-]*\$?:!*)(?!//)(_?[./0-9A-Za-z]{13,})(:\d*:)"
)
_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|PuTTY-User-Key-File-\d")
_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|Private-MAC:")
_BLOCK = re.compile(
    r"(-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY((?: BLOCK)?)-----).*?(-----END \2PRIVATE KEY\3-----|$)",
    re.DOTALL,
)
# a long run of base64 that is not a public key after its type: key material on a line of its own
_BASE64_RUN = 60  # characters at least
_BASE64 = re.compile(
    r"(?<![A-Za-z0-9+/=])(?<!ssh-rsa )(?<!ssh-dss )(?<!ssh-ed25519 )(?<!nistp256 )"
    r"(?<!nistp384 )(?<!nistp521 )(?<!@openssh.com )"
    rf"[A-Za-z0-9+/]{{{_BASE64_RUN},}}={{0,2}}(?![A-Za-z0-9+/=])"
)
KEY_MARK = "<private key material removed>"
_MIN_SECRET = 4

_secrets: set[str] = set()
_lock = threading.Lock()


def remember(secret: str) -> None:
    """A password the auditor was given: removed from every text :func:`redact` sees."""
    if len(secret) >= _MIN_SECRET:
        with _lock:
            _secrets.add(secret)


def _hash_mark(match: re.Match[str]) -> str:
    method = match.group(1)
    return f"<${method}$ hash removed>" if method else "<hash removed>"


def _key_base64(match: re.Match[str]) -> str:
    text = match.group(0)
    kinds = (str.isupper, str.islower, str.isdigit)
    if not all(any(kind(c) for c in text) for kind in kinds) or text.count("/") * 12 > len(text):
        return text  # a hex digest or a path, not key material
    return KEY_MARK


def redact(text: str) -> str:
    """``text`` without password hashes, private-key blocks or lines, or given passwords.

    Each pattern runs only on a text that holds what it needs (a ``$``, a ``:``, a BEGIN line,
    60 characters): most texts are short messages and evidence lines, hundreds per host."""
    if _secrets:
        with _lock:
            known = sorted(_secrets, key=len, reverse=True)
        for secret in known:
            if secret in text:
                text = text.replace(secret, "<password removed>")
    if "$" in text:
        text = _CRYPT.sub(_hash_mark, text)
    if ":" in text:
        text = _ACCOUNT_LINE.sub(lambda m: f"{m[1]}{m[2]}<hash removed>{m[4]}", text)
    if "-----BEGIN " in text:
        text = _BLOCK.sub(lambda m: f"{m[1]} {KEY_MARK} {m[4]}".rstrip(), text)
    return _BASE64.sub(_key_base64, text) if len(text) >= _BASE64_RUN else text


def redact_lines(lines: Iterable[str]) -> tuple[str, ...]:
    """Evidence lines redacted one by one, and every line inside a private key (between its
    BEGIN and END lines, as a file's lines are shown one per line) replaced whole."""
    shown: list[str] = []
    inside = False
    for line in lines:
        if inside:
            if _END.search(line):
                inside = False
                shown.append(redact(line))
            elif not shown or shown[-1] != KEY_MARK:
                shown.append(KEY_MARK)
            continue
        cleaned = redact(line)
        shown.append(cleaned)
        inside = bool(_BEGIN.search(line)) and not _END.search(line)
    return tuple(shown)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Message):
        return redact_message(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_value(v) for v in value)
    return value


def redact_message(message: Message) -> Message:
    """``message`` with every text field (nested messages and lists too) redacted."""
    return Message(message.template, {k: _value(v) for k, v in message.args.items()})
