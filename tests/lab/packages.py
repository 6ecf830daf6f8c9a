"""Package lists installed into the images: ``packages/*.txt``.

``common*.txt`` (or any file not named after a release) applies to every release;
``<release>-*.txt`` only to that release. One package per line, ``#`` starts a comment.
"""

from __future__ import annotations

from pathlib import Path

from tests.lab.config import PACKAGES_DIR, RELEASES


def parse_list(text: str) -> list[str]:
    """Package names of one list file."""
    names = []
    for line in text.splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def list_files(release: str, directory: Path = PACKAGES_DIR) -> list[Path]:
    """The list files that apply to ``release``, sorted by name."""
    files = []
    for path in sorted(directory.glob("*.txt")):
        prefix = path.stem.split("-", 1)[0]
        if prefix not in RELEASES or prefix == release:
            files.append(path)
    return files


def packages_for(release: str, directory: Path = PACKAGES_DIR) -> list[str]:
    """Sorted, de-duplicated package names to install for ``release``."""
    names: set[str] = set()
    for path in list_files(release, directory):
        names.update(parse_list(path.read_text(encoding="utf-8")))
    return sorted(names)
