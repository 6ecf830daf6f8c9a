from auditor.facts.base import FactError, Raw, Target


def run(
    evaluate,
    packages,
    processes="process_list/debian_server.txt",
    sockets="listening_sockets/debian_hardened.txt",
    **kw,
):
    return evaluate(
        "remote_desktop_tools",
        remote_access_packages=packages,
        process_list=processes,
        listening_sockets=sockets,
        **kw,
    )


def test_clean_server_passes(evaluate):
    outcome = run(evaluate, "remote_access_packages/debian12_machine.txt")
    assert outcome.status == "pass"
    assert "checked with dpkg" in outcome.message


def test_anydesk_installed(evaluate):
    outcome = run(evaluate, "remote_access_packages/debian12_anydesk.txt")
    assert outcome.status == "fail"
    assert "installed: anydesk 6.3.2" in outcome.message
    assert "installed: /usr/bin/anydesk" in outcome.message
    assert "remmina" not in outcome.message and "libvncclient" not in outcome.message


def test_rhel_vnc_xrdp_and_teamviewer_dir(evaluate):
    outcome = run(evaluate, "remote_access_packages/rhel9_vnc_xrdp.txt")
    assert outcome.status == "fail"
    for part in ("tigervnc-server 1.13.1", "xrdp 0.9.25-1.el9", "/opt/teamviewer"):
        assert part in outcome.message
    assert "tigervnc-license" not in outcome.message


def test_lab_style_vnc_listener_on_own_address(evaluate):
    sockets = Raw(
        "root=yes\n\036SEC ss\n"
        'tcp LISTEN 0 5 127.0.10.7:5900 0.0.0.0:* users:(("x11vnc",pid=41,fd=3))\n'
        'tcp LISTEN 0 5 127.0.10.8:5900 0.0.0.0:* users:(("x11vnc",pid=42,fd=3))\n'
    )
    outcome = run(
        evaluate,
        "remote_access_packages/debian12_machine.txt",
        processes=Raw("\036SEC comm\n41 x11vnc\n\036SEC args\n41 root x11vnc -forever\n"),
        sockets=sockets,
        target=Target("lab7", "127.0.10.7"),
    )
    assert outcome.status == "fail"
    assert "running: x11vnc (pid 41, user root)" in outcome.message
    assert "listening: tcp 127.0.10.7:5900 (x11vnc)" in outcome.message
    assert "127.0.10.8" not in outcome.message


def test_error(evaluate):
    outcome = run(evaluate, FactError("dpkg-query failed"))
    assert outcome.status == "error"
    assert run(evaluate, Raw("garbage\n")).status == "error"
