from auditor.facts.base import FactError, Raw


def test_passes_on_the_lab_baseline(evaluate):
    outcome = evaluate("home_directories", user_homes="user_homes/debian12_baseline.txt")
    assert outcome.status == "pass"
    assert outcome.message == (
        "the home directories of root, auditor are theirs, closed to others, with safe dot files"
    )


def test_fails_on_open_home_dot_files_and_missing_home(evaluate):
    outcome = evaluate("home_directories", user_homes="user_homes/debian12_open.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "home directories or dot files too open: /home/auditor mode 0755 (at most 0750); "
        "/home/auditor/.bashrc owned by root; /home/auditor/.profile mode 0666 (at most 0644); "
        "/home/auditor/.netrc mode 0644 (at most 0600); /home/auditor/.rhosts exists; "
        "canbo: home directory /home/canbo does not exist"
    )
    assert "canbo: no /home/canbo" in outcome.evidence


def test_home_owned_by_another_user(evaluate):
    raw = Raw("\036SEC home canbo\n700 root root d /home/canbo\n\036SEC end\n")
    outcome = evaluate("home_directories", user_homes=raw)
    assert outcome.message == "home directories or dot files too open: /home/canbo owned by root"


def test_modes_are_parameters(evaluate):
    params = {
        "home_mode": "0755",
        "dot_file_mode": "0666",
        "private_file_mode": "0644",
        "forbidden_files": [".rhosts"],
        "private_files": [".netrc"],
    }
    outcome = evaluate("home_directories", params, user_homes="user_homes/debian12_open.txt")
    assert outcome.message == (
        "home directories or dot files too open: /home/auditor/.bashrc owned by root; "
        "/home/auditor/.rhosts exists; canbo: home directory /home/canbo does not exist"
    )


def test_skip_and_errors(evaluate):
    assert evaluate("home_directories", user_homes=Raw("\036SEC end\n")).status == "skip"
    cut = Raw("\036SEC home root\n700 root root d /root\n")
    assert evaluate("home_directories", user_homes=cut).status == "error"
    assert evaluate("home_directories", user_homes=FactError("root")).status == "error"
