#!/bin/bash
# Install everything the Rackside lab needs (Debian/Ubuntu, root); idempotent, safe to run every time.
# Daemons are never started here: the lab starts its own copies inside its namespaces. On CI hosts and
# containers a policy-rc.d usually stops postinst scripts from starting them anyway; when the system's
# own copies do get started (a systemd host), they listen on the machine's addresses, not the lab's.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install-packages: needs root" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive

packages=(
  iproute2 util-linux procps python3 bc      # namespaces, nsenter/unshare/flock, ps/vmstat, load tool
  openssh-server openssh-client              # one sshd per host, the client for tests
  glusterfs-server glusterfs-client          # glusterd, bricks, FUSE client
  libvirt-daemon libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients
  qemu-system-x86 qemu-utils                 # guests and their qcow2 disks
  dovecot-core dovecot-imapd dovecot-pop3d   # mail host
  postfix
  iputils-ping                               # used by the fixture capture to show an unreachable host
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} = 0 ]; then echo "install-packages: all ${#packages[@]} packages present"; exit 0; fi

# Postfix asks how mail should leave the machine; the lab writes its own config, so "Local only".
echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
echo "postfix postfix/mailname string lab.test" | debconf-set-selections
apt-get update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
echo "install-packages: installed ${missing[*]}"
