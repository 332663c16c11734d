#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the test suite starts for real: Chromium for the e2e tests,
# OpenSSH, zsh (a login shell the probe session must survive), and the lab's GlusterFS, Dovecot,
# Postfix, libvirt and QEMU. Safe to run again.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
here="$(cd "$(dirname "$0")" && pwd)"

$SUDO apt-get update
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
  chromium fonts-dejavu-core openssh-server openssh-client iproute2 procps psmisc poppler-utils zsh
if [ -x "$here/../test/lab/install-packages.sh" ]; then
  $SUDO "$here/../test/lab/install-packages.sh"
fi
