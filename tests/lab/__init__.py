"""A lab of real Debian hosts (overlayfs + namespaces, no containers) reachable over SSH.

Layers are cached under ``$AUDITOR_LAB_CACHE`` (``/var/cache/auditor-lab``); running hosts keep
their state under ``$AUDITOR_LAB_RUN`` (``/run/auditor-lab``). See ``tests/lab/README.md``.
"""
