#!/usr/bin/env bash
# Run the whole test suite: install what it needs (idempotent, quick when already there), build
# the lab's cached Debian images, then pytest. Arguments are passed to pytest.
#   AUDITOR_VENV       virtualenv to use/create (default .venv)
#   AUDITOR_LAB_CACHE  where the lab images are cached (default /var/cache/auditor-lab)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
    debootstrap openssh-server openssh-client sudo nmap qemu-system-x86 e2fsprogs
    util-linux mount iproute2 procps ca-certificates python3 python3-venv postgresql
    minisign poppler-utils fonts-liberation2 fonts-dejavu-core chromium libpango-1.0-0 time
    libpangoft2-1.0-0 libharfbuzz-subset0 strace
)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    echo "test.sh: installing ${missing[*]}" >&2
    local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends)
    if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
        as_root apt-get update -q
    fi
    as_root "${install[@]}" "${missing[@]}" \
        || { as_root apt-get update -q && as_root "${install[@]}" "${missing[@]}"; }
}

install_python_packages() {
    local venv=${AUDITOR_VENV:-.venv} stamp
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    stamp=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ "$(cat "$venv/.auditor-installed" 2>/dev/null)" != "$stamp" ]; then
        "$venv/bin/python" -m pip install -q --upgrade pip
        "$venv/bin/python" -m pip install -q -e '.[test]'
        echo "$stamp" > "$venv/.auditor-installed"
    fi
    PYTHON=$venv/bin/python
}

install_system_packages
install_python_packages

if [ "$(id -u)" -eq 0 ]; then
    start=$SECONDS
    "$PYTHON" -m tests.lab build
    echo "test.sh: lab cache ready in $((SECONDS - start))s" >&2
else
    echo "test.sh: not root, the lab cannot be built; lab tests will be skipped (fail under CI)" >&2
fi

exec "$PYTHON" -m pytest -q "$@"
