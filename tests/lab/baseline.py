"""Build the baseline layer: copy the base, add the lab plumbing, apply the hardening fragments.

Fragments (``baseline/NN-topic.sh``) run in name order with ``sh -eu``, chrooted as root with no
network and no daemons; the lab plumbing (``sh/plumbing.sh``: audit account, offline name
resolution, no shared SSH host keys) runs first.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import IO

from tests.lab.chroot import Bind, CommandFailed, run_in_root, run_tracked
from tests.lab.config import BASELINE_DIR, SH_DIR, USER
from tests.lab.layers import Layer, fragments


def build_baseline(layer: Layer, base: Path, root: Path, log: IO[str]) -> None:
    """Build ``layer`` into the empty directory ``root`` from the base rootfs ``base``."""
    root.rmdir()
    cmd = ["cp", "-a", "--reflink=auto", str(base), str(root)]
    if run_tracked(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL).returncode != 0:
        raise CommandFailed(f"copying {base} failed; see {log.name}")
    binds = [Bind(SH_DIR, "/run/lab-sh"), Bind(BASELINE_DIR, "/run/lab-baseline")]
    env = {"LAB_USER": USER, "LAB_RELEASE": layer.release}
    run_in_root(root, ["/bin/sh", "-eu", "/run/lab-sh/plumbing.sh"], binds=binds, env=env, log=log)
    applied = []
    for fragment in fragments():
        argv = ["/bin/sh", "-eu", f"/run/lab-baseline/{fragment.name}"]
        run_in_root(root, argv, binds=binds, env=env, log=log)
        applied.append(fragment.name)
    info = {"release": layer.release, "key": layer.key, "fragments": applied}
    (root / "etc/auditor-lab/baseline.json").write_text(json.dumps(info, indent=2) + "\n")
