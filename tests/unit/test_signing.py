"""Report integrity: our minisign files against Debian's ``minisign`` and coreutils ``sha256sum``.

Without ``minisign`` the tests needing it skip, except under CI, where ``scripts/test.sh``
installs it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.errors import UsageError
from auditor.report.signing import (
    SignatureError,
    generate_keypair,
    key_id,
    public_key_text,
    sign_file,
    verify_directory,
    verify_file,
    write_checksums,
)

COMMENT = "timestamp:1767225600\tfile:report.pdf\tquarter:2025-Q4"

# Made by minisign 0.11: ``minisign -G`` with a password, then ``minisign -C -W`` to remove it.
# Unlike ``-G -W``, that leaves the BLAKE2b checksum minisign computed in the key.
MINISIGN_SECRET = """\
untrusted comment: minisign encrypted secret key
RWQAAEIyMgfrTMCpFnjdw3XwgIqp+MbxSJ90c9gN4xIvm+CsPtMAAAACAAAAAAAAAEAAAAAAN5FqdwGf682T8Bm+ZYG2xDhio\
nx5gNury2gqnRv+IJVd99V/ixqmWMKlanXCSHsFfp4w7EEQ60JZ8fXzbnuxLZcdQJXVwLivghkaSwpn88/P1rlXrTlO2mkW3l9m\
qGDAZpbfdmKpd9M=
"""
MINISIGN_PUBLIC = """\
untrusted comment: minisign public key CDEB9F01776A9137
RWQ3kWp3AZ/rzcKlanXCSHsFfp4w7EEQ60JZ8fXzbnuxLZcdQJXVwLiv
"""


@pytest.fixture(scope="session")
def minisign() -> str:
    found = shutil.which("minisign")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("minisign is not installed (scripts/test.sh installs it)")
        pytest.skip("minisign is not installed (apt-get install minisign)")
    return found


def run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in argv], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    """An unencrypted secret key and its public key, made by us."""
    secret, public = tmp_path / "keys" / "report.key", tmp_path / "keys" / "report.pub"
    secret.parent.mkdir()
    generate_keypair(secret, public)
    return secret, public


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    return path


def blob(line: str) -> bytes:
    return base64.b64decode(line)


def test_key_files_have_minisign_layout(tmp_path: Path):
    secret, public = tmp_path / "s.key", tmp_path / "s.pub"
    shown = generate_keypair(secret, public, comment="quarterly reports, Bộ Công an")
    comment, line = public.read_text().splitlines()
    raw = blob(line)
    assert comment == f"untrusted comment: minisign public key {shown}"
    assert shown == key_id(public) == f"{int.from_bytes(raw[2:10], 'little'):016X}"
    assert len(raw) == 42 and raw[:2] == b"Ed"
    assert public_key_text(public) == public.read_text()

    assert secret.stat().st_mode & 0o777 == 0o600
    comment, line = secret.read_text().splitlines()
    raw = blob(line)
    assert comment == "untrusted comment: quarterly reports, Bộ Công an"
    assert len(raw) == 158 and raw[:6] == b"Ed\0\0B2" and raw[6:54] == bytes(48)
    assert raw[54:62] == blob(public.read_text().splitlines()[1])[2:10]
    assert raw[94:126] == blob(public.read_text().splitlines()[1])[10:]
    assert raw[126:] == hashlib.blake2b(b"Ed" + raw[54:126], digest_size=32).digest()


def test_generate_refuses_to_overwrite(keys: tuple[Path, Path], tmp_path: Path):
    secret, public = keys
    before = secret.read_bytes(), public.read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        generate_keypair(secret, tmp_path / "new.pub")
    with pytest.raises(UsageError, match="already exists"):
        generate_keypair(tmp_path / "new.key", public)
    assert not (tmp_path / "new.key").exists() and not (tmp_path / "new.pub").exists()
    assert (secret.read_bytes(), public.read_bytes()) == before


def test_minisign_verifies_our_signature(minisign: str, keys: tuple[Path, Path], report: Path):
    secret, public = keys
    signature = sign_file(secret, report, COMMENT)
    assert signature == report.with_name("report.pdf.minisig")
    lines = signature.read_text().split("\n")
    assert lines[0] == "untrusted comment: signature from minisign secret key"
    assert blob(lines[1])[:2] == b"ED" and len(blob(lines[1])) == 74
    assert lines[2:] == [f"trusted comment: {COMMENT}", lines[3], ""]

    proc = run(minisign, "-V", "-p", public, "-m", report)
    assert proc.returncode == 0, proc.stderr
    assert f"Trusted comment: {COMMENT}" in proc.stdout
    proc = run(minisign, "-V", "-q", "-p", public, "-m", report)
    assert (proc.returncode, proc.stdout) == (0, "")
    proc = run(minisign, "-V", "-H", "-Q", "-p", public, "-m", report)  # -H: prehashed only
    assert (proc.returncode, proc.stdout) == (0, f"{COMMENT}\n")


def test_signature_is_byte_identical_to_minisigns(
    minisign: str, keys: tuple[Path, Path], report: Path, tmp_path: Path
):
    secret, _ = keys
    theirs = tmp_path / "theirs.minisig"
    proc = run(minisign, "-S", "-s", secret, "-m", report, "-t", COMMENT, "-x", theirs)
    assert proc.returncode == 0, proc.stderr
    assert sign_file(secret, report, COMMENT).read_bytes() == theirs.read_bytes()


def test_signing_is_deterministic(keys: tuple[Path, Path], report: Path):
    secret, _ = keys
    first = sign_file(secret, report, COMMENT).read_bytes()
    assert sign_file(secret, report, COMMENT).read_bytes() == first


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


def tamper_file(report: Path, signature: Path) -> None:
    report.write_bytes(flip(report.read_bytes(), 5000))


def tamper_signature(report: Path, signature: Path) -> None:
    lines = signature.read_text().split("\n")
    lines[1] = base64.b64encode(flip(blob(lines[1]), 40)).decode()
    signature.write_text("\n".join(lines))


def tamper_comment(report: Path, signature: Path) -> None:
    signature.write_text(signature.read_text().replace("quarter:2025-Q4", "quarter:2026-Q1"))


def tamper_global_signature(report: Path, signature: Path) -> None:
    lines = signature.read_text().split("\n")
    lines[3] = base64.b64encode(flip(blob(lines[3]), 0)).decode()
    signature.write_text("\n".join(lines))


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (tamper_file, "report.pdf: does not match its signature"),
        (tamper_signature, "report.pdf: does not match its signature"),
        (tamper_comment, "trusted comment's signature fails"),
        (tamper_global_signature, "trusted comment's signature fails"),
    ],
)
def test_tampering_is_rejected_by_minisign_and_by_us(
    minisign: str, keys: tuple[Path, Path], report: Path, tamper, message: str
):
    secret, public = keys
    signature = sign_file(secret, report, COMMENT)
    tamper(report, signature)
    proc = run(minisign, "-V", "-p", public, "-m", report)
    assert proc.returncode != 0 and "verified" not in proc.stdout
    with pytest.raises(SignatureError, match=message):
        verify_file(public, report)


def test_we_verify_minisigns_signature_made_with_our_key(
    minisign: str, keys: tuple[Path, Path], report: Path, tmp_path: Path
):
    secret, public = keys
    proc = run(minisign, "-S", "-s", secret, "-p", public, "-m", report, "-t", COMMENT)
    assert proc.returncode == 0, proc.stderr  # no password asked: stdin is /dev/null
    assert verify_file(public, report) == COMMENT
    legacy = tmp_path / "legacy.minisig"
    proc = run(minisign, "-S", "-l", "-s", secret, "-m", report, "-t", COMMENT, "-x", legacy)
    assert proc.returncode == 0, proc.stderr
    assert blob(legacy.read_text().split("\n")[1])[:2] == b"Ed"
    assert verify_file(public, report, legacy) == COMMENT
    report.write_bytes(report.read_bytes() + b"\n")
    with pytest.raises(SignatureError, match="does not match"):
        verify_file(public, report, legacy)


def test_we_sign_with_minisigns_unencrypted_key(minisign: str, report: Path, tmp_path: Path):
    secret, public = tmp_path / "m.key", tmp_path / "m.pub"
    proc = run(minisign, "-G", "-W", "-p", public, "-s", secret)
    assert proc.returncode == 0, proc.stderr
    sign_file(secret, report, COMMENT)
    proc = run(minisign, "-V", "-p", public, "-m", report)
    assert proc.returncode == 0, proc.stderr
    assert verify_file(public, report) == COMMENT
    # minisign 0.11 prints the id without leading zeros, 0.12 with them: compare the numbers.
    shown = public.read_text().split("\n")[0].rsplit(" ", 1)[1]
    assert int(key_id(public), 16) == int(shown, 16) and len(key_id(public)) == 16


def test_key_with_minisigns_checksum(report: Path, tmp_path: Path):
    secret, public = tmp_path / "m.key", tmp_path / "m.pub"
    secret.write_text(MINISIGN_SECRET)
    public.write_text(MINISIGN_PUBLIC)
    assert key_id(public) == "CDEB9F01776A9137"
    sign_file(secret, report, COMMENT)
    assert verify_file(public, report) == COMMENT
    raw = blob(MINISIGN_SECRET.split("\n")[1])
    secret.write_text(f"untrusted comment: x\n{base64.b64encode(flip(raw, 140)).decode()}\n")
    with pytest.raises(SignatureError, match="checksum mismatch"):
        sign_file(secret, report, COMMENT)


def test_password_protected_key_is_refused(keys: tuple[Path, Path], report: Path):
    secret, _ = keys
    comment, line = secret.read_text().splitlines()
    raw = blob(line)
    secret.write_text(f"{comment}\n{base64.b64encode(raw[:2] + b'Sc' + raw[4:]).decode()}\n")
    with pytest.raises(SignatureError, match="password-protected"):
        sign_file(secret, report, COMMENT)


def test_other_key_is_rejected(minisign: str, keys: tuple[Path, Path], report: Path, tmp_path):
    secret, _ = keys
    other = tmp_path / "other.pub"
    generate_keypair(tmp_path / "other.key", other)
    sign_file(secret, report, COMMENT)
    assert run(minisign, "-V", "-p", other, "-m", report).returncode != 0
    with pytest.raises(SignatureError, match=f"made with key {key_id(keys[1])}, not with"):
        verify_file(other, report)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected 4 lines"),
        ("untrusted comment: x\nnot base64!\ntrusted comment: c\nAAAA\n", "bad base64"),
        ("untrusted comment: x\nAAAA\ntrusted comment: c\nAAAA\n", "3 bytes instead of 74"),
        ("comment: x\nAAAA\ntrusted comment: c\nAAAA\n", "first line must be"),
        ("untrusted comment: x\nAAAA\nc\nAAAA\n", "third line must be"),
        ("untrusted comment: x\nAAAA\ntrusted comment: \x1b[2J\nAAAA\n", "control character"),
    ],
)
def test_malformed_signature(keys: tuple[Path, Path], report: Path, text: str, message: str):
    _, public = keys
    report.with_name("report.pdf.minisig").write_text(text)
    with pytest.raises(SignatureError, match=message):
        verify_file(public, report)


def test_missing_signature_and_bad_comment(keys: tuple[Path, Path], report: Path):
    secret, public = keys
    with pytest.raises(SignatureError, match="cannot read"):
        verify_file(public, report)
    with pytest.raises(UsageError, match="control character"):
        sign_file(secret, report, "two\nlines")
    with pytest.raises(UsageError, match="longer than 8173 bytes"):
        sign_file(secret, report, "x" * 8174)


@pytest.fixture
def signed_dir(tmp_path: Path, keys: tuple[Path, Path]) -> Path:
    """A report directory with a signed SHA256SUMS."""
    directory = tmp_path / "2025-Q4"
    (directory / "charts").mkdir(parents=True)
    (directory / "report.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    (directory / "report.html").write_text("<html>Báo cáo</html>\n")
    (directory / "charts" / "trend.png").write_bytes(b"\x89PNG\r\n" + bytes(100))
    write_checksums(directory, ["report.pdf", "report.html", "charts/trend.png"])
    sign_file(keys[0], directory / "SHA256SUMS", COMMENT)
    return directory


def test_checksums_pass_sha256sum_and_minisign(
    minisign: str, signed_dir: Path, keys: tuple[Path, Path]
):
    sums = (signed_dir / "SHA256SUMS").read_text()
    assert sums == "".join(
        f"{hashlib.sha256((signed_dir / n).read_bytes()).hexdigest()}  {n}\n"
        for n in ("charts/trend.png", "report.html", "report.pdf")
    )
    proc = run("sha256sum", "--strict", "-c", "SHA256SUMS", cwd=signed_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count(": OK\n") == 3
    proc = run(minisign, "-V", "-p", keys[1], "-m", "SHA256SUMS", cwd=signed_dir)
    assert proc.returncode == 0, proc.stderr
    assert verify_directory(signed_dir, keys[1]) == [
        "charts/trend.png",
        "report.html",
        "report.pdf",
    ]


@pytest.mark.parametrize("name", ["report.pdf", "report.html", "charts/trend.png"])
def test_verify_directory_detects_a_changed_byte(signed_dir, keys, name: str):
    path = signed_dir / name
    path.write_bytes(flip(path.read_bytes(), 3))
    assert run("sha256sum", "-c", "SHA256SUMS", cwd=signed_dir).returncode != 0
    with pytest.raises(SignatureError, match=f"{re.escape(name)}: content differs from SHA256SUMS"):
        verify_directory(signed_dir, keys[1])


def test_verify_directory_detects_missing_and_extra_files(signed_dir, keys):
    (signed_dir / "notes.txt").write_text("added later\n")
    (signed_dir / "charts" / "extra.png").write_bytes(b"")
    with pytest.raises(
        SignatureError, match=r"not listed in SHA256SUMS: charts/extra\.png, notes\.txt$"
    ):
        verify_directory(signed_dir, keys[1])
    (signed_dir / "report.html").unlink()
    with pytest.raises(SignatureError, match=r"report\.html: listed in SHA256SUMS but missing"):
        verify_directory(signed_dir, keys[1])


def test_verify_directory_detects_a_changed_checksum_list(signed_dir, keys):
    sums = signed_dir / "SHA256SUMS"
    (signed_dir / "report.pdf").write_bytes(b"forged")
    forged = hashlib.sha256(b"forged").hexdigest()
    lines = sums.read_text().splitlines(keepends=True)
    sums.write_text("".join(f"{forged}  report.pdf\n" if "report.pdf" in x else x for x in lines))
    with pytest.raises(SignatureError, match=r"SHA256SUMS: does not match its signature"):
        verify_directory(signed_dir, keys[1])
    (signed_dir / "SHA256SUMS.minisig").unlink()
    with pytest.raises(SignatureError, match="cannot read"):
        verify_directory(signed_dir, keys[1])


@pytest.mark.parametrize(
    "names",
    [[], ["a", "a"], ["../a"], ["/etc/passwd"], ["./a"], ["a//b"], ["a\nb"], ["SHA256SUMS"]],
)
def test_write_checksums_refuses_bad_names(tmp_path: Path, names: list[str]):
    (tmp_path / "a").write_text("a")
    with pytest.raises(UsageError):
        write_checksums(tmp_path, names)
