#!/bin/sh
# Provision a freshly debootstrapped image (run chrooted, with network, daemons blocked by
# policy-rc.d): point apt at release, -updates and -security, upgrade fully, install packages.
# Usage: provision.sh RELEASE MIRROR SECURITY_MIRROR PACKAGE...
set -eu
release=$1 mirror=$2 security=$3
shift 3

cat > /etc/apt/sources.list <<SOURCES
deb $mirror $release main
deb $mirror $release-updates main
deb $security $release-security main
SOURCES

# Package lists stay in the image: hosts answer apt queries offline.
rm -f /etc/apt/apt.conf.d/docker-clean
apt-get update
apt-get -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold upgrade
apt-get -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install "$@"
apt-get -s upgrade | grep '^Inst ' && { echo "provision: image is not fully upgraded" >&2; exit 1; }
exit 0
