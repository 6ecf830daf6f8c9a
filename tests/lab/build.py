"""Make sure the cached layers of the needed releases exist, building what is missing."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.lab.base import build_base
from tests.lab.baseline import build_baseline
from tests.lab.chroot import CommandFailed, kill_active
from tests.lab.config import CACHE_DIR, RELEASES, RUN_ROOT, VM_RELEASE
from tests.lab.layers import Layer, base_layer, baseline_layer, current_paths, vm_layer
from tests.lab.locking import file_lock
from tests.lab.mounts import remove_tree
from tests.lab.vm_image import build_vm


class BuildError(RuntimeError):
    """A layer could not be built; the message names its log."""


def _say(message: str) -> None:
    print(f"lab: {message}", file=sys.stderr, flush=True)


def _build(layer: Layer, base: Path | None) -> None:
    log_path = CACHE_DIR / "logs" / f"{layer.kind}-{layer.release}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    _say(f"building {layer.kind} layer of {layer.release} (log: {log_path})")
    staging = layer.staging()
    try:
        with log_path.open("w") as log:
            if base is None:
                build_base(layer, staging, log)
            elif layer.kind == "vm":
                build_vm(layer, base, staging, log)
            else:
                build_baseline(layer, base, staging, log)
        layer.publish(staging)
    except (CommandFailed, OSError, RuntimeError) as exc:
        tail = log_path.read_text(errors="replace")[-3000:] if log_path.exists() else ""
        raise BuildError(
            f"{layer.kind} layer of {layer.release}: {exc}\n--- {log_path}\n{tail}"
        ) from exc
    finally:
        if staging.exists():
            remove_tree(staging)
    _say(f"built {layer.kind} layer of {layer.release} in {time.monotonic() - started:.0f}s")


def ensure(release: str) -> Path:
    """The baseline rootfs of ``release``, built (with its base) if missing."""
    if release not in RELEASES:
        raise BuildError(f"unknown release {release!r}; known: {', '.join(RELEASES)}")
    base, baseline = base_layer(release), baseline_layer(release)
    if baseline.ready:
        return baseline.path
    with file_lock(CACHE_DIR / "locks" / f"{release}.lock"):
        if not base.ready:
            _build(base, None)
        if not baseline.ready:
            _build(baseline, base.path)
    return baseline.path


def ensure_vm(release: str = VM_RELEASE) -> Path:
    """The virtual-machine images of ``release``, built (with the baseline) if missing."""
    layer = vm_layer(release)
    if layer.ready:
        return layer.path
    baseline = ensure(release)
    with file_lock(CACHE_DIR / "locks" / f"{release}.lock"):
        if not layer.ready:
            _build(layer, baseline)
    return layer.path


def ensure_all(releases: Iterable[str] = RELEASES) -> dict[str, Path]:
    """Build the layers of several releases side by side; baseline rootfs per release."""
    wanted = sorted(set(releases))
    with ThreadPoolExecutor(max_workers=max(1, len(wanted))) as pool:
        futures = [pool.submit(ensure, release) for release in wanted]
        try:
            paths = [future.result() for future in futures]
        except BaseException:
            kill_active()  # e.g. Ctrl-C: stop the other builds instead of waiting for them
            raise
    return dict(zip(wanted, paths, strict=True))


def _in_use() -> set[Path]:
    """Layer directories that a lab under RUN_ROOT still uses as a lower layer."""
    used: set[Path] = set()
    for marker in RUN_ROOT.glob("*/*/lower"):
        used.add(Path(marker.read_text().strip()))
    return used


def prune() -> list[Path]:
    """Delete cached layers the current sources no longer use (unless a lab still uses them)."""
    keep = current_paths(RELEASES) | _in_use()
    removed = []
    with file_lock(CACHE_DIR / "locks" / "prune.lock"):
        for kind in ("base", "baseline", "vm"):
            for path in sorted((CACHE_DIR / kind).glob("*")):
                if path not in keep:
                    release = path.name.split("-", 1)[0]
                    with file_lock(CACHE_DIR / "locks" / f"{release}.lock"):
                        remove_tree(path)
                    removed.append(path)
        tmp = CACHE_DIR / "tmp"
        if tmp.is_dir():
            for path in tmp.iterdir():
                release = path.name.split("-", 1)[0]
                with file_lock(CACHE_DIR / "locks" / f"{release}.lock"):
                    if path.exists():
                        remove_tree(path)
                        removed.append(path)
    return removed
