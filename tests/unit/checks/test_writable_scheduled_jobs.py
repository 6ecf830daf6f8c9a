from auditor.facts.base import FactError, Raw

CHECK = "writable_scheduled_jobs"


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate(CHECK, scheduled_jobs="scheduled_jobs/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("128 scheduled job(s) and unit command(s) running")


def test_writable_programs_fail(evaluate):
    outcome = evaluate(CHECK, scheduled_jobs="scheduled_jobs/debian12_writable.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("4 file(s) or directories of scheduled jobs writable")
    assert outcome.evidence == (
        "0755 auditor:root /opt/app/sync.sh (program of /etc/cron.d/app-sync: "
        "/opt/app/sync.sh >/dev/null 2>&1, run as root)",
        "0777 root:root /usr/local/bin/rotate-logs (program of /var/spool/cron/crontabs/root: "
        "/usr/local/bin/rotate-logs, run as root)",
        "0644 auditor:root /home/auditor/backup.sh (program of /etc/systemd/system/"
        "backup.service: /bin/sh /home/auditor/backup.sh, run as root)",
        "0755 auditor:auditor /home/auditor (directory of the program of /etc/systemd/system/"
        "backup.service: /bin/sh /home/auditor/backup.sh, run as root)",
    )
    # app.service runs as auditor its own program; the sticky spool directory (1730
    # root:crontab) is not writable over root's crontab
    assert "app.service" not in outcome.message
    assert "/var/spool/cron/crontabs (" not in outcome.message


def test_job_file_writable_by_its_own_user_fails(evaluate):
    text = (
        "\036SEC jobs\ncron\t/etc/cron.d/app\tapp\t/usr/bin/true\t/usr/bin/true\n"
        "\036SEC programs\n/usr/bin/true\t/usr/bin/true\n"
        "\036SEC modes\n755 root root d /etc/cron.d\n644 app app f /etc/cron.d/app\n"
        "755 root root d /usr/bin\n755 root root f /usr/bin/true\n\036SEC done\n"
    )
    outcome = evaluate(CHECK, scheduled_jobs=Raw(text))
    assert outcome.status == "fail"
    assert "0644 app:app /etc/cron.d/app (job file of" in outcome.message
    params = {"allowed_writers": ["root", "app"]}
    assert evaluate(CHECK, params, scheduled_jobs=Raw(text)).status == "pass"


def test_skip_and_error(evaluate):
    empty = Raw("\036SEC jobs\n\n\036SEC programs\n\n\036SEC modes\n\036SEC done\n")
    assert evaluate(CHECK, scheduled_jobs=empty).status == "skip"
    cut = Raw("\036SEC jobs\ncron\t/etc/crontab\troot\tx\tx\n")
    assert evaluate(CHECK, scheduled_jobs=cut).status == "error"
    assert evaluate(CHECK, scheduled_jobs=FactError("needs root")).status == "error"
