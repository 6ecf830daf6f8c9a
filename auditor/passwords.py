"""Test password hashes against candidate passwords on the controller, with its system's crypt
(where the host cannot test them itself: see :mod:`auditor.facts.password_trials`).

The crypt library is libxcrypt through ``crypt_r`` (the maintained copy of the module removed
from the standard library in Python 3.13) or, before 3.13, the standard ``crypt`` module; it
must know the host's methods (yescrypt ``$y$``, sha512crypt ``$6$``...). Hashes are never
logged or returned; results are cached by a digest of the hash so that a hash shared by several
accounts or hosts is tested once.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from auditor.messages import Message

Crypt = Callable[[str, str], str | None]
_CACHE_LIMIT = 10000


@cache
def system_crypt() -> Crypt | None:
    """``crypt(word, salt)`` from crypt_r, else from the standard library; None if neither."""
    try:
        from crypt_r import crypt

        return crypt
    except ImportError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from crypt import crypt
        return crypt
    except ImportError:
        return None


@dataclass(frozen=True)
class Trial:
    """The result of testing one hash: whether a candidate matched, how many were tried, and
    why it could not be tested (``reason``), never which candidate matched."""

    matched: bool
    tried: int
    reason: Message | None = None

    @property
    def error(self) -> str:
        """Why the hash could not be tested, in English (``""`` when it was tested)."""
        return self.reason.render("en") if self.reason else ""


def _setting(hashed: str) -> str:
    """The method prefix of a hash (``$y$``, ``$6$``...), safe to show."""
    if hashed.startswith("$"):
        return "$" + hashed.split("$")[1] + "$"
    return "des" if len(hashed) == 13 else "unknown"


class PasswordTester:
    """Tests hashes with a crypt function; thread-safe, remembers what it has tested."""

    def __init__(self, crypt: Crypt | None = None) -> None:
        self._crypt = crypt
        self._lock = threading.Lock()
        self._results: dict[bytes, Trial] = {}

    def _hash(self, word: str, hashed: str) -> str | None:
        crypt = self._crypt or system_crypt()
        assert crypt is not None
        try:
            return crypt(word, hashed)
        except (OSError, ValueError):
            return None

    def unsupported_reason(self, hashed: str) -> Message | None:
        """Why ``hashed`` cannot be tested here (None when it can)."""
        if (self._crypt or system_crypt()) is None:
            return Message.of("no crypt library on the controller (install the crypt-r package)")
        probe = self._hash("", hashed)
        if not probe or probe.startswith("*") or _setting(probe) != _setting(hashed):
            return Message.of(
                "the controller's crypt library does not support {method} hashes",
                method=_setting(hashed),
            )
        return None

    def unsupported(self, hashed: str) -> str:
        """Why ``hashed`` cannot be tested here, in English (``""`` when it can)."""
        reason = self.unsupported_reason(hashed)
        return reason.render("en") if reason else ""

    def verify(self, hashed: str, password: str) -> bool:
        """Whether ``password`` produces ``hashed``."""
        result = self._hash(password, hashed)
        return result is not None and hmac.compare_digest(result, hashed)

    def test(self, hashed: str, candidates: Iterable[str], limit: int) -> Trial:
        """Try up to ``limit`` distinct candidates against ``hashed``."""
        words = list(dict.fromkeys(candidates))[: max(0, limit)]
        key = hashlib.sha256("\0".join([hashed, *words]).encode()).digest()
        with self._lock:
            if key in self._results:
                return self._results[key]
        reason = self.unsupported_reason(hashed)
        if reason:
            trial = Trial(False, 0, reason)
        else:
            trial = Trial(False, len(words))
            for tried, word in enumerate(words, 1):
                if self.verify(hashed, word):
                    trial = Trial(True, tried)
                    break
        with self._lock:
            if len(self._results) >= _CACHE_LIMIT:
                self._results.clear()
            self._results[key] = trial
        return trial


TESTER = PasswordTester()


# Passwords commonly derived from the account name, most common first: ``{name}`` is the name,
# ``{Name}`` the name with its first letter capitalised (the host's tester fills them in too).
ACCOUNT_PATTERNS = (
    "{name}",
    "{name}123",
    "{name}@123",
    "{Name}@123",
    "{name}1234",
    "{Name}@1234",
    "{name}{name}",
    "{Name}123",
)


def account_candidates(name: str) -> list[str]:
    """:data:`ACCOUNT_PATTERNS` for ``name`` (``canbo@123``, ``Canbo@123``...)."""
    cap = name[:1].upper() + name[1:]
    return [p.replace("{name}", name).replace("{Name}", cap) for p in ACCOUNT_PATTERNS]


def candidates_for(name: str, words: Sequence[str]) -> list[str]:
    """The account-derived candidates first, then ``words``."""
    return [*account_candidates(name), *words]
