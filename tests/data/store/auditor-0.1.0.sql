-- A results database written by auditor 0.1.0 (two scans: this machine, and an inventory whose
-- two hosts could not be audited), dumped with sqlite3's iterdump; the migration tests load it.
BEGIN TRANSACTION;
CREATE TABLE hosts (
    id INTEGER PRIMARY KEY,
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    port INTEGER NOT NULL,
    role TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    unit_path TEXT NOT NULL,
    owner TEXT,
    tags TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    hostname TEXT,
    os TEXT,
    kernel TEXT,
    started TEXT NOT NULL,
    finished TEXT
);
INSERT INTO "hosts" VALUES(1,1,'vm','localhost',0,'server','local','this machine','["this machine"]',NULL,'[]','ok',NULL,'vm','Debian GNU/Linux 12 (bookworm)','6.18.44-fc-v857','2026-12-01T09:37:19+00:00','2026-12-01T09:37:20+00:00');
INSERT INTO "hosts" VALUES(2,2,'closed1','127.0.0.1',1,'server','tp','Công an Thành phố','["Công an Thành phố"]','Phòng An ninh mạng','[]','error','known_hosts file /root/.ssh/known_hosts not found; host keys cannot be verified (create it, or pass --trust-new-hosts to record keys on first use)',NULL,NULL,NULL,'2026-12-01T09:37:20+00:00','2026-12-01T09:37:20+00:00');
INSERT INTO "hosts" VALUES(3,2,'mc-q1-01','127.0.0.1',1,'terminal','q1','UBND Quận 1','["Công an Thành phố", "UBND Quận 1"]',NULL,'["mot-cua"]','error','known_hosts file /root/.ssh/known_hosts not found; host keys cannot be verified (create it, or pass --trust-new-hosts to record keys on first use)',NULL,NULL,NULL,'2026-12-01T09:37:20+00:00','2026-12-01T09:37:20+00:00');
CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    check_id TEXT NOT NULL,
    title TEXT NOT NULL,
    area TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    evidence TEXT NOT NULL
);
INSERT INTO "results" VALUES(1,1,'audit_rules','Quy tắc kiểm toán theo dõi tệp tài khoản, sudoers, SSH và lệnh đặc quyền','logging','medium','fail','no audit rule for: /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow, /etc/sudoers, /etc/sudoers.d, /etc/ssh/sshd_config, execution of /usr/bin/sudo, execution of /usr/bin/su','["source: rule files no rule file (auditd not running)"]');
INSERT INTO "results" VALUES(2,1,'auditd_running','Dịch vụ kiểm toán auditd đang chạy','logging','high','fail','auditd is not running','["76 processes inspected; none is auditd"]');
INSERT INTO "results" VALUES(3,1,'empty_passwords','Không có tài khoản mật khẩu rỗng','credentials','critical','pass','none of the 24 accounts has an empty password','[]');
INSERT INTO "results" VALUES(4,1,'ssh_root_login','Không cho phép đăng nhập root qua SSH','credentials','high','skip','no SSH server installed','[]');
INSERT INTO "results" VALUES(5,1,'uid0_accounts','Chỉ tài khoản root có UID 0','credentials','critical','pass','UID 0 belongs only to root','["/etc/passwd: root:x:0:0:root:/root:/bin/bash"]');
CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    quarter TEXT NOT NULL,
    profile TEXT NOT NULL,
    inventory_path TEXT,
    inventory_digest TEXT,
    tool_version TEXT NOT NULL,
    interrupted INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "scans" VALUES(1,'2026-12-01T09:37:19+00:00','2026-12-01T09:37:20+00:00','2026-Q4','legacy',NULL,NULL,'0.1.0',0);
INSERT INTO "scans" VALUES(2,'2026-12-01T09:37:20+00:00','2026-12-01T09:37:20+00:00','2026-Q4','legacy','/tmp/lg/inv.yaml','23ee4a487bd7bfb27c21987479b21028d6ab93269de37fccb66b3e6c531b9933','0.1.0',0);
CREATE INDEX hosts_scan ON hosts(scan_id);
CREATE INDEX results_host ON results(host_id);
CREATE INDEX results_check ON results(check_id, status);
COMMIT;
