"""Build the base layer of a release: debootstrap minbase, full upgrade, packages, withheld .deb."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import IO

from tests.lab import withheld
from tests.lab.chroot import Bind, CommandFailed, isolated, run_in_root, run_tracked
from tests.lab.config import CACHE_DIR, MIRROR, SECURITY_MIRROR, SH_DIR
from tests.lab.layers import Layer
from tests.lab.packages import packages_for

POLICY_RC = "#!/bin/sh\n# auditor lab: never start daemons from package scripts\nexit 101\n"
OFFLINE_RESOLV = "# auditor lab: hosts resolve names from /etc/hosts only\nnameserver 127.0.0.1\n"


def build_base(layer: Layer, root: Path, log: IO[str]) -> None:
    """Build the base layer ``layer`` into the empty directory ``root``."""
    release = layer.release
    debs = CACHE_DIR / "downloads" / "debootstrap"
    apt_cache = CACHE_DIR / "downloads" / f"apt-{release}"
    (apt_cache / "partial").mkdir(parents=True, exist_ok=True)
    debs.mkdir(parents=True, exist_ok=True)

    cmd = ["debootstrap", "--variant=minbase", f"--cache-dir={debs}", release, str(root), MIRROR]
    log.write(f"$ {' '.join(cmd)}\n")
    log.flush()
    # Its own namespaces: the /proc it mounts in the target, and the process, die with it.
    done = run_tracked(isolated(cmd), stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise CommandFailed(f"debootstrap {release} failed; see {log.name}")

    policy = root / "usr/sbin/policy-rc.d"
    policy.write_text(POLICY_RC)
    policy.chmod(0o755)
    shutil.copyfile("/etc/resolv.conf", root / "etc/resolv.conf")

    binds = [
        Bind(SH_DIR, "/run/lab-sh"),
        Bind(apt_cache, "/var/cache/apt/archives", read_only=False),
    ]
    argv = ["/bin/sh", "/run/lab-sh/provision.sh", release, MIRROR, SECURITY_MIRROR]
    run_in_root(root, [*argv, *packages_for(release)], network=True, binds=binds, log=log)
    choice = withheld.prepare(root, release, log, apt_cache)
    log.write(f"withheld: {choice}\n")

    (root / "etc/resolv.conf").write_text(OFFLINE_RESOLV)
    info = {"release": release, "key": layer.key, "withheld": choice.__dict__}
    (root / "etc/auditor-lab").mkdir(parents=True, exist_ok=True)
    (root / "etc/auditor-lab/base.json").write_text(json.dumps(info, indent=2) + "\n")
