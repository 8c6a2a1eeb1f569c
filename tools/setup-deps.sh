#!/bin/sh
# Installs the Debian 12 packages e2k-rr needs to build and test, only those
# that are missing. Runs as root (as the README's commands do); prints what it
# installs. Safe to run repeatedly: a machine that has everything is left alone.
set -eu
PKGS="cmake make gcc clang liblz4-dev libreadline-dev libcmocka-dev pkg-config python3"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi
echo "setup: installing:$missing" >&2
if [ "$(id -u)" != 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
