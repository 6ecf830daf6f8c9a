"""A store of three units over three quarters, for report tests: findings appear, are fixed and
persist, a host is added, an administrator account is created, and units change rank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor.inventory import UnitNode
from auditor.profiles import load_profile
from auditor.registry import load_checks
from auditor.snapshot import Account
from auditor.store.database import Store
from auditor.store.records import Answer
from tests.reports import report, result, snapshot

PROFILE = """id: kiem-tra
title: {vi: Kiểm tra quý, en: Quarterly inspection}
level: 3
requirements:
  - id: REM-01
    title: {vi: Quản trị từ xa an toàn, en: Secure remote administration}
    description: {vi: Không đăng nhập root qua SSH, en: No root login over SSH}
    clause: "Điều 6.2.đ"
    checks: [{check: ssh_root_login}]
  - id: ACC-01
    title: {vi: Chỉ root có UID 0, en: Only root has UID 0}
    description: {vi: Tài khoản đặc quyền, en: Privileged accounts}
    clause: "Điều 6.2.đ"
    checks: [{check: uid0_accounts}]
  - id: DATA-01
    title: {vi: Không lưu dữ liệu công dân trên máy trạm, en: No citizen data left on terminals}
    description: {vi: Dữ liệu cá nhân, en: Personal data}
    clause: "Điều 6.2.a"
    roles: [terminal]
    checks: [{check: citizen_id_files}]
  - id: INSP-01
    title: {vi: Quy trình tra cứu tại bộ phận một cửa, en: Look-up procedures at counters}
    description: {vi: Hỏi trực tiếp, en: Asked on site}
    clause: "Chỉ thị"
    roles: [terminal]
    manual: true
    questions:
      - {vi: "Cán bộ tra cứu đúng quy trình?", en: "Do officers follow the procedure?"}
"""
UNITS = [
    UnitNode("tp", "Công an Thành phố", None, "Phòng An ninh mạng"),
    UnitNode("q1", "UBND Quận 1", "tp", "Văn phòng UBND Quận 1"),
    UnitNode("bn", "UBND Phường Bến Nghé", "q1"),
]
# Per quarter: host -> (unit, role, ssh_root_login, uid0_accounts, citizen_id_files)
QUARTERS = {
    "2026-Q2": {
        "srv1": ("tp", "server", "fail", "pass", None),
        "mc-q1": ("q1", "terminal", "fail", "pass", "fail"),
        "mc-bn": ("bn", "terminal", "pass", "pass", "pass"),
    },
    "2026-Q3": {
        "srv1": ("tp", "server", "pass", "pass", None),
        "mc-q1": ("q1", "terminal", "fail", "pass", "pass"),
        "mc-bn": ("bn", "terminal", "pass", "pass", "fail"),
    },
    "2026-Q4": {
        "srv1": ("tp", "server", "pass", "fail", None),
        "mc-q1": ("q1", "terminal", "pass", "pass", "pass"),
        "mc-bn": ("bn", "terminal", "fail", "pass", "fail"),
        "mc-bn2": ("bn", "terminal", "pass", "pass", "pass"),
    },
}
STARTS = {
    "2026-Q2": datetime(2026, 5, 4, 1, tzinfo=UTC),
    "2026-Q3": datetime(2026, 8, 3, 1, tzinfo=UTC),
    "2026-Q4": datetime(2026, 11, 2, 1, tzinfo=UTC),
}


def build_store(tmp_path: Path) -> str:
    """The three quarters in a new SQLite store; its path."""
    profile_path = tmp_path / "kiem-tra.yaml"
    profile_path.write_text(PROFILE, encoding="utf-8")
    profile = load_profile(str(profile_path), load_checks())
    db = str(tmp_path / "quarters.sqlite")
    store = Store(db)
    for quarter, hosts in QUARTERS.items():
        started = STARTS[quarter]
        scan_id = store.begin_scan(
            profile.id,
            profile.digest,
            started,
            "inv.yaml",
            "d",
            UNITS,
            len(hosts),
            profile.content(),
        )
        for name, (unit, role, root_login, uid0, citizen) in hosts.items():
            results = [
                result("ssh_root_login", root_login, "high", "credentials"),
                result("uid0_accounts", uid0, "critical", "credentials"),
            ]
            if citizen is not None:
                results.append(
                    result(
                        "citizen_id_files",
                        citizen,
                        "high",
                        "system",
                        template="{n} tệp có số CCCD <script>x</script>",
                        n=3,
                    )
                )
            accounts = [Account("root", 0, "/bin/bash", True, ("(ALL) ALL",))]
            if quarter == "2026-Q4" and name == "srv1":
                accounts.append(Account("toor", 0, "/bin/sh", True))
            rep = report(
                name, results, unit=unit, role=role, snap=snapshot(accounts=tuple(accounts))
            )
            rep.started = started + timedelta(minutes=1)
            rep.finished = started + timedelta(minutes=2)
            store.add_host(scan_id, rep)
        store.finish_scan(scan_id, started + timedelta(minutes=5), False)
    store.record_answers(
        [
            Answer(
                "2026-Q4",
                "q1",
                "INSP-01",
                "met",
                "Đúng quy trình",
                "Nguyễn Văn A",
                "2026-11-20",
                "test",
            )
        ],
        datetime(2026, 11, 21, tzinfo=UTC),
    )
    store.close()
    return db
