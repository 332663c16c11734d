#!/bin/bash
# Private libvirt and GlusterFS directories of one hypervisor host (root namespace, before it starts).
# Usage: prepare-hv.sh HOST
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../lab-env.sh"
H=$1; D=$(hdir "$H"); IP=$(ip_of "$H")

mkdir -p "$D"/{etc-libvirt,lib-libvirt/images,lib-libvirt/qemu,cache-libvirt,lib-glusterd,srv/gluster/$VOLUME}
mkdir -p "$D"/var-log/{libvirt/qemu,glusterfs/bricks} "$D/run/libvirt" "$D/run/gluster"
mkdir -p "$D/lib-libvirt/images/$VOLUME"
chmod 755 "$D/lib-libvirt"; chmod 711 "$D/lib-libvirt/images"

# The system's libvirt config without domain definitions, plus: an own host UUID (migration refuses a
# destination with the source's UUID), TCP on this host's address only (qemu+tcp://IP/system), and the
# unix socket open to group libvirt so the non-root lab user can run virsh too.
cp -a /etc/libvirt/. "$D/etc-libvirt/"
rm -rf "$D/etc-libvirt/qemu/"*.xml "$D/etc-libvirt/qemu/autostart" "$D/etc-libvirt/qemu/networks/autostart"
cat >> "$D/etc-libvirt/libvirtd.conf" <<CONF

# --- Rackside lab host $H ---
host_uuid = "$(cat /proc/sys/kernel/random/uuid)"
listen_tls = 0
listen_tcp = 1
listen_addr = "$IP"
auth_tcp = "none"
unix_sock_group = "libvirt"
unix_sock_rw_perms = "0770"
auth_unix_rw = "none"
auth_unix_ro = "none"
CONF

# QEMU capability probing takes seconds per libvirtd on first start; reuse the last run's cache
# (libvirt re-probes by itself when qemu or libvirt changed).
if [ -d "$CACHE/libvirt-qemu-$VIRT_TYPE" ]; then
  cp -a "$CACHE/libvirt-qemu-$VIRT_TYPE" "$D/cache-libvirt/qemu"
fi

# Volume option groups (`gluster volume set V group virt`) ship in the package's /var/lib/glusterd.
if [ -d /var/lib/glusterd/groups ]; then cp -a /var/lib/glusterd/groups "$D/lib-glusterd/"; fi
