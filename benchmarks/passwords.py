"""What the common-password test costs: 3 accounts with yescrypt hashes (made with the system's
libxcrypt, ``crypt_gensalt`` and ``crypt``), none matching (the worst case: every candidate is
tried), for candidate lists of 10, 20, 30, 50 and 300 (the name-derived candidates, then the bundled
list in its order), tested

* on the controller, serially (``auditor.passwords``, as the check did before);
* on the controller, in a pool of 2 processes (one account each, at most 2 at once);
* on the host with perl's ``crypt()``, serially (the tester of ``password_trials``, 1 job);
* on the host, one perl per account started with ``&`` and waited for (``sh``);
* on the host, as the ``password_trials`` collector runs it (perl forks, ``nproc`` jobs).

    python benchmarks/passwords.py [--sizes 10,20,30,50,300] [--repeat 3] [--root DIR]

Prints a table of median wall seconds and CPU seconds (the controller's for the first two, the
host's for the others). The "host" is this machine (a lab host shares its kernel and cores);
``--root`` runs the host's perl chrooted into a Debian root file system, such as a lab image
(``/var/cache/auditor-lab/baseline/bookworm-*``), to use its perl and libcrypt.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.facts.base import option_text
from auditor.facts.password_trials import OPTIONS, TESTER
from auditor.passwords import PasswordTester, candidates_for, system_crypt
from auditor.registry import load_checks

ACCOUNTS = ("nguyenvana", "tranthib", "canbo")
Measure = Callable[[int], None]


def yescrypt(password: str) -> str:
    """A yescrypt hash of ``password`` with the system's default cost (``$y$j9T$``)."""
    lib = ctypes.CDLL(ctypes.util.find_library("crypt"))
    lib.crypt_gensalt.restype = ctypes.c_char_p
    lib.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
    setting = lib.crypt_gensalt(b"$y$", 0, None, 0)
    crypt = system_crypt()
    if not setting or crypt is None:
        raise SystemExit("this machine's crypt library does not make yescrypt hashes")
    hashed = crypt(password, setting.decode())
    assert hashed and hashed.startswith("$y$"), hashed
    return hashed


def bundled_words() -> tuple[str, ...]:
    from auditor.list_files import with_lists

    check = load_checks(extra=[])["common_passwords"]
    return with_lists(check, check.meta.defaults())["wordlist"].entries


def _controller_one(hashed: str, name: str, words: tuple[str, ...], size: int) -> int:
    trial = PasswordTester().test(hashed, candidates_for(name, words), size)
    assert not trial.matched and not trial.error, trial
    return trial.tried


class Bench:
    """The 3 accounts' hashes, in memory and as a shadow file, and the ways of testing them."""

    def __init__(self, root: str | None, workdir: Path) -> None:
        self.hashes = {name: yescrypt(secrets.token_urlsafe(12)) for name in ACCOUNTS}
        self.words = bundled_words()
        self.root = root
        self.shadow = workdir / "shadow"
        self.shadow.write_text(
            "".join(f"{n}:{h}:20000:0:99999:7:::\n" for n, h in self.hashes.items())
        )
        for i, (name, hashed) in enumerate(self.hashes.items()):
            (workdir / f"shadow{i}").write_text(f"{name}:{hashed}:20000:0:99999:7:::\n")
        self.workdir = workdir

    def controller_serial(self, size: int) -> None:
        for name, hashed in self.hashes.items():
            _controller_one(hashed, name, self.words, size)

    def controller_pool(self, size: int) -> None:
        with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
            jobs = [
                pool.submit(_controller_one, h, n, self.words, size) for n, h in self.hashes.items()
            ]
            for job in jobs:
                job.result()

    def host_serial(self, size: int) -> None:
        self._run_perl(size, 1, self.shadow)

    def host_ampersand(self, size: int) -> None:
        script = " ".join(
            f"{' '.join(self._quoted(size, 1))} <{self.workdir / f'shadow{i}'} &"
            for i in range(len(ACCOUNTS))
        )
        out = subprocess.run(["sh", "-c", f"{script} wait"], capture_output=True, text=True)
        self._assert_none(out.stdout)

    def host_collector(self, size: int) -> None:
        self._run_perl(size, os.cpu_count() or 1, self.shadow)

    def _command(self, size: int, jobs: int) -> list[str]:
        args = [
            option_text(self.words),
            option_text(OPTIONS["patterns"]),
            option_text(OPTIONS["methods"]),
            str(size),
            "20",
            str(jobs),
        ]
        perl = ["chroot", self.root, "perl"] if self.root else ["perl"]
        return [*perl, "-e", TESTER, *args]

    def _quoted(self, size: int, jobs: int) -> list[str]:
        return ["'" + a.replace("'", "'\\''") + "'" for a in self._command(size, jobs)]

    def _run_perl(self, size: int, jobs: int, shadow: Path) -> None:
        with shadow.open() as stdin:
            out = subprocess.run(
                self._command(size, jobs), stdin=stdin, capture_output=True, text=True
            )
        self._assert_none(out.stdout)

    @staticmethod
    def _assert_none(stdout: str) -> None:
        assert stdout.count("none ") == len(ACCOUNTS), stdout


def measure(run: Measure, size: int, repeat: int) -> tuple[float, float]:
    """Median wall seconds and CPU seconds (this process and its children) of ``run(size)``."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = [
            resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        ]
        start = time.perf_counter()
        run(size)
        walls.append(time.perf_counter() - start)
        after = [
            resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        ]
        cpus.append(
            sum(
                a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
                for a, b in zip(after, before, strict=True)
            )
        )
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,20,30,50,300", help="candidate counts per account")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the median is shown")
    parser.add_argument("--root", help="run the host's perl chrooted into this root")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(args.root, Path(tmp))
        ways: list[tuple[str, str, Measure]] = [
            ("controller, serial", "controller", bench.controller_serial),
            ("controller, pool of 2 processes", "controller", bench.controller_pool),
            ("host, perl crypt, serial", "host", bench.host_serial),
            ("host, one perl per account (& + wait)", "host", bench.host_ampersand),
            (
                f"host, password_trials (perl fork, {os.cpu_count()} jobs)",
                "host",
                bench.host_collector,
            ),
        ]
        print(
            f"3 accounts, yescrypt {next(iter(bench.hashes.values()))[:7]}..., none matching; "
            f"{os.cpu_count()} processors; median of {args.repeat}"
        )
        print(f"| way | CPU of | {' | '.join(f'{n} candidates: wall s / CPU s' for n in sizes)} |")
        print(f"| --- | --- | {' | '.join('---' for _ in sizes)} |")
        for label, where, run in ways:
            cells = [measure(run, n, args.repeat) for n in sizes]
            print(
                f"| {label} | {where} | {' | '.join(f'{w:.2f} / {c:.2f}' for w, c in cells)} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
