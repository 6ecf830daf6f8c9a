"""Mount-safe removal of directory trees (never descend into something still mounted)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def mounts_under(path: Path) -> list[str]:
    """Mount points of this mount namespace at or below ``path``, deepest first."""
    prefix = str(path).rstrip("/")
    points = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            point = line.split()[4].replace("\\040", " ")
            if point == prefix or point.startswith(prefix + "/"):
                points.append(point)
    return sorted(points, key=len, reverse=True)


def remove_tree(path: Path) -> None:
    """Lazily unmount whatever is mounted below ``path``, then delete it; raise if impossible."""
    for point in mounts_under(path):
        subprocess.run(["umount", "--recursive", "--lazy", point], check=False)
    if mounts_under(path):
        raise OSError(f"cannot unmount under {path}: {mounts_under(path)}")
    shutil.rmtree(path, ignore_errors=True)
    if path.exists():
        raise OSError(f"cannot remove {path}")
