"""A lab host that is a virtual machine: its own kernel, encrypted (or plain) disk and address.

Same interface as :class:`~tests.lab.host.Host`. The VM boots the ``vm`` layer's images with
writes kept in a temporary snapshot under its run directory; its seed (host name, SSH host keys,
the lab's key, the scenario) reaches the guest as a tar archive through QEMU's fw_cfg, and
``vm/seed.sh`` applies it at boot, before sshd starts. sshd listens on the guest's port 22,
which QEMU forwards from ``address:port`` on this machine.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import socket
import subprocess
import tarfile
from pathlib import Path

from tests.lab import keys, qemu
from tests.lab.config import CLEAN_ENV, VM_BOOT_TIMEOUT, VM_COMMAND_TIMEOUT
from tests.lab.host import Host

DISKS = {"luks": ("luks.img", "initrd-luks.img", "/dev/mapper/cryptroot"),
         "plain": ("plain.img", "initrd-plain.img", "LABEL=labroot")}  # fmt: skip
GREETING_TIMEOUT = 15.0  # seconds for a booted guest's sshd to send its banner


class VmHost(Host):
    """A QEMU guest booted from the cached VM images in ``lower``."""

    boot_timeout = VM_BOOT_TIMEOUT
    command_timeout = VM_COMMAND_TIMEOUT

    @property
    def console_path(self) -> Path:
        return self.run_dir / "console.log"

    def prepare(self, authorized_key: str) -> None:
        """Write the seed archive: env, host keys, the lab's key, the scenario."""
        self.seed.mkdir(mode=0o700, exist_ok=True)
        (self.run_dir / "lower").write_text(f"{self.lower}\n")
        keys.generate_host_keys(self.seed, self.hostname)
        (self.seed / "authorized_key").write_text(authorized_key)
        env = "".join(f"{name}={shlex.quote(value)}\n" for name, value in self.env().items())
        (self.seed / "env").write_text(env)
        if self.scenario.path is not None:
            shutil.copyfile(self.scenario.path, self.seed / "scenario.sh")
        with tarfile.open(self.run_dir / "seed.tar", "w") as archive:
            for path in sorted(self.seed.iterdir()):
                archive.add(path, arcname=path.name)

    def start(self, *, persistent: bool = False) -> None:
        """Start QEMU (see :meth:`Host.start` for ``persistent`` and the calling thread)."""
        image, initrd, root = DISKS[self.scenario.disk]
        argv = qemu.argv(
            kernel=self.lower / "vmlinuz",
            initrd=self.lower / initrd,
            # audit=1 and audit_backlog_limit: what baseline/73-logging-auditd.sh saves for GRUB.
            append=f"root={root} ro quiet panic=-1 audit=1 audit_backlog_limit=8192",
            drives=[qemu.Drive(self.lower / image, snapshot=True)],
            console=self.console_path,
            netdev=qemu.forward(self.address, self.port),
            fw_cfg={"opt/auditor-lab/seed": self.run_dir / "seed.tar"},
        )
        if not persistent:
            argv = ["setpriv", "--pdeathsig", "KILL", *argv]
        # QEMU keeps the snapshot of the disk in TMPDIR: the run directory, removed with it.
        env = {**CLEAN_ENV, "TMPDIR": str(self.run_dir)}
        with self.boot_log_path.open("wb") as log:
            self.process = subprocess.Popen(
                argv,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._write_state(pid=self.process.pid)

    def accepts_ssh(self) -> bool:
        """True once the guest's sshd greets: QEMU accepts connections before the guest is up.
        An emulated guest under load can take seconds to greet (sshd starts a process for each
        connection), so the banner is waited for up to ``GREETING_TIMEOUT``; a guest whose sshd
        is not listening yet refuses, and QEMU closes the connection at once."""
        try:
            with socket.create_connection((self.address, self.port), timeout=1) as conn:
                conn.settimeout(GREETING_TIMEOUT)
                return conn.recv(4).startswith(b"SSH-")
        except OSError:
            return False

    def boot_log(self) -> str:
        """QEMU's own messages, then the guest's console."""
        parts = [super().boot_log()]
        with contextlib.suppress(OSError):
            parts.append(self.console_path.read_text(errors="replace"))
        return "\n".join(parts)
