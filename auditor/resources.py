"""Where the built-in checks, profiles and report templates are: in the wheel or the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """The directory of built-in ``checks``, ``profiles``, ``reports`` or ``standards``."""
    packaged = _PACKAGE / "_builtin" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name
