"""SSH key material: the lab's client key pair, per-host host keys, known_hosts lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

# RSA is left out: generating a 3072-bit key per host costs ~0.5 s of CPU (64+ hosts, 2 cores).
HOST_KEY_TYPES = ("ed25519", "ecdsa")


def generate(path: Path, key_type: str, comment: str) -> None:
    """Create an unencrypted key pair ``path`` / ``path.pub`` (private key mode 600)."""
    path.unlink(missing_ok=True)
    Path(f"{path}.pub").unlink(missing_ok=True)
    cmd = ["ssh-keygen", "-q", "-t", key_type, "-N", "", "-C", comment, "-f", str(path)]
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    path.chmod(0o600)


def generate_host_keys(directory: Path, hostname: str) -> list[Path]:
    """One host key per type in ``directory``, named as sshd expects; the private key paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for key_type in HOST_KEY_TYPES:
        path = directory / f"ssh_host_{key_type}_key"
        generate(path, key_type, f"root@{hostname}")
        paths.append(path)
    return paths


def known_hosts_lines(address: str, port: int, private_keys: list[Path]) -> list[str]:
    """known_hosts entries for ``[address]:port`` from the host's public keys."""
    lines = []
    for key in private_keys:
        key_type, blob = Path(f"{key}.pub").read_text().split()[:2]
        lines.append(f"[{address}]:{port} {key_type} {blob}")
    return lines
