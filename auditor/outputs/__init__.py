"""Machine-readable and terminal renderings of a scan."""
