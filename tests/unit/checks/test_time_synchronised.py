from auditor.facts.base import Raw

CHECK = "time_synchronised"
LAB = "process_list/debian12_lab.txt"


def test_lab_chrony_never_synchronised_fails(evaluate):
    outcome = evaluate(CHECK, process_list=LAB, log_time="log_time/chrony_unsynced.txt")
    assert outcome.status == "fail"
    assert outcome.message == "chronyd running but the clock is not synchronised (chrony)"
    assert "chronyc tracking: Leap status: Not synchronised" in outcome.evidence


def test_running_is_enough_when_sync_not_required(evaluate):
    params = {"require_synchronised": False}
    outcome = evaluate(CHECK, params, process_list=LAB, log_time="log_time/chrony_unsynced.txt")
    assert outcome.status == "pass"


def test_chrony_synchronised(evaluate):
    outcome = evaluate(
        CHECK, process_list="process_list/rhel9_systemd.txt", log_time="log_time/chrony_synced.txt"
    )
    assert outcome.status == "pass"
    assert "chronyc tracking: Reference ID: 0A000001 (10.0.0.1)" in outcome.evidence


def test_lab_host_following_a_reference_server(evaluate):
    outcome = evaluate(CHECK, process_list=LAB, log_time="log_time/chrony_synced_lab.txt")
    assert outcome.status == "pass"
    assert "chronyc tracking: Reference ID: 7F006301 (127.0.99.1)" in outcome.evidence


def test_local_reference_is_not_synchronisation(evaluate):
    outcome = evaluate(CHECK, process_list=LAB, log_time="log_time/chrony_local_reference.txt")
    assert outcome.status == "fail"
    assert any("local reference" in line for line in outcome.evidence)


def test_timesyncd(evaluate):
    outcome = evaluate(
        CHECK,
        process_list="process_list/debian12_journald_only.txt",
        log_time="log_time/timesyncd_synced.txt",
    )
    assert outcome.status == "pass"
    assert outcome.message == "systemd-timesyn running and synchronised"


def test_ntpd_peer_states(evaluate):
    daemons = "process_list/busybox_proc.txt"
    assert (
        evaluate(CHECK, process_list=daemons, log_time="log_time/ntpq_synced.txt").status == "pass"
    )
    assert (
        evaluate(CHECK, process_list=daemons, log_time="log_time/ntpq_unsynced.txt").status
        == "fail"
    )


def test_state_unknown_passes_with_note(evaluate):
    outcome = evaluate(CHECK, process_list=LAB, log_time="log_time/chrony_no_daemon.txt")
    assert outcome.status == "pass"
    assert "no tool reported" in outcome.message
    assert "chronyc tracking: 506 Cannot talk to daemon" in outcome.evidence


def test_no_daemon(evaluate):
    outcome = evaluate(
        CHECK, process_list="process_list/debian12_lab_bare.txt", log_time="log_time/nothing.txt"
    )
    assert outcome.status == "fail"
    assert outcome.message.startswith("no time synchronisation daemon running")


def test_error_when_no_process_can_be_listed(evaluate):
    outcome = evaluate(
        CHECK, process_list=Raw("\036SEC proc\n"), log_time="log_time/chrony_synced.txt"
    )
    assert outcome.status == "error"
    assert outcome.message == (
        "fact not available: process_list: no process list: neither ps nor /proc could be read"
    )
