#!/bin/bash
# Bring up the Rackside lab: a small real datacenter made of network namespaces on one Linux machine.
#
#   bridge rackside-br0 10.200.0.1/24 in the root namespace (+ client addresses .101-.105), no default
#   route anywhere; every host is a netns with its own mount + UTS namespace, hostname and sshd:22:
#     hv-01..hv-03  10.200.0.11-13  libvirtd + virtlogd, glusterd; replica-3 volume vmstore (one brick per
#                                   host) FUSE-mounted at /var/lib/libvirt/images/vmstore on each;
#                                   VMs vm1 and vm2 (qcow2 on vmstore) running on hv-01
#     mail-01       10.200.0.21     Dovecot IMAP 143 / POP3 110, Postfix (remote mail defers),
#                                   both logging to /var/log/mail.log
#   ssh: ssh -F $RACKSIDE_LAB_DIR/state/client/ssh_config hv-01      (root, or rackside@ with /bin/sh)
#
# Idempotent: a complete running lab is left alone; leftovers of a broken one are torn down first.
# Env: RACKSIDE_LAB_DIR (default /tmp/rackside-lab), RACKSIDE_LAB_VIRT=auto|kvm|qemu.
# `lab-up.sh --check` only tells whether this machine can run the lab (same exit codes, nothing started).
# Exit codes: 0 up, 1 failed (see the message and $RACKSIDE_LAB_DIR/state/hosts/*/log),
#             2 not root, 3 missing packages (test/lab/install-packages.sh), 4 lab addresses taken,
#             5 no /dev/fuse.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lab-env.sh"

# -- preflight: can this machine run the lab at all? (also `lab-up.sh --check`) ---------------------------
preflight() {
  [ "$(id -u)" = 0 ] || { echo "lab-up: needs root (network namespaces, bridges, mounts)" >&2; exit 2; }
  local missing=()
  need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || missing+=("$1 ($2)"); }
  need ip iproute2; need nsenter util-linux; need unshare util-linux; need flock util-linux
  need python3 python3; need ssh openssh-client; need ssh-keygen openssh-client; need sshd openssh-server
  need glusterd glusterfs-server; need glusterfs glusterfs-client; need gluster glusterfs-server
  need libvirtd libvirt-daemon; need virtlogd libvirt-daemon; need virsh libvirt-clients
  need qemu-system-x86_64 qemu-system-x86; need qemu-img qemu-utils
  need dovecot dovecot-core; need doveadm dovecot-core; need postfix postfix
  [ -x /usr/lib/dovecot/imap ] || missing+=("/usr/lib/dovecot/imap (dovecot-imapd)")
  [ -x /usr/lib/dovecot/pop3 ] || missing+=("/usr/lib/dovecot/pop3 (dovecot-pop3d)")
  ls /usr/lib/*/libvirt/connection-driver/libvirt_driver_qemu.so >/dev/null 2>&1 \
    || missing+=("libvirt QEMU driver (libvirt-daemon-driver-qemu)")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "lab-up: missing: ${missing[*]}; run test/lab/install-packages.sh" >&2; exit 3
  fi
  [ -c /dev/fuse ] || { echo "lab-up: no /dev/fuse: the Gluster volume cannot be FUSE-mounted here" >&2; exit 5; }
  if ! ip link show "$BRIDGE" >/dev/null 2>&1 && ip -o addr show | grep -q " $NET.1/"; then
    echo "lab-up: $NET.1 is already assigned outside the lab (another lab or recipe running?)" >&2; exit 4
  fi
}
preflight
[ "${1:-}" = --check ] && exit 0

mkdir -p "$LAB_DIR"
exec 9>"$LAB_DIR/lock"
flock 9
export RACKSIDE_LAB_LOCK_HELD=1
T0=$(now)

# -- 0. already up? leftovers? ----------------------------------------------------------------------------
lab_complete() {
  [ -f "$ST/lab.up" ] || return 1
  local h; for h in "${HOSTS[@]}"; do in_ns "$(keeper_pid "$h")" "$h" || return 1; done
  hssh hv-01 true 2>/dev/null
}
if lab_complete; then log "lab already up (since $(sed -n 's/^upSince=//p' "$ST/lab.up"))"; exit 0; fi
if [ -d "$ST" ] || ip link show "$BRIDGE" >/dev/null 2>&1 || ip netns list | grep -qE "^(hv-0[1-3]|mail-01)( |$)"; then
  log "leftovers of an earlier lab: tearing them down first"
  "$LAB_SRC/lab-down.sh"
fi

# KVM only if /dev/kvm answers KVM_GET_API_VERSION; otherwise TCG, which always works.
kvm_usable() {
  [ -c /dev/kvm ] && "$PYTHON" -c 'import fcntl, os; fd = os.open("/dev/kvm", os.O_RDWR); assert fcntl.ioctl(fd, 0xAE00) == 12' 2>/dev/null
}
case $VIRT_TYPE in
  auto) if kvm_usable; then VIRT_TYPE=kvm; else VIRT_TYPE=qemu; fi ;;
  kvm) kvm_usable || { echo "lab-up: RACKSIDE_LAB_VIRT=kvm but /dev/kvm is not usable" >&2; exit 1; } ;;
  qemu) ;;
  *) echo "lab-up: RACKSIDE_LAB_VIRT must be auto, kvm or qemu" >&2; exit 1 ;;
esac

# -- 2. state: keys, private directories, configs ---------------------------------------------------------
log "preparing $ST (virt type $VIRT_TYPE)"
mkdir -p "$ST"
# Any failure from here on leaves a half-built lab: tear it down so the machine stays clean.
trap 'rc=$?; if [ $rc != 0 ]; then log "lab-up failed (rc $rc): tearing down"; "$LAB_SRC/lab-down.sh" >&2 || true; fi' EXIT
if [ $VIRT_TYPE = kvm ]; then
  # qemu runs as libvirt-qemu:kvm; lab-down.sh puts the original owner and mode back.
  stat -c '%u %g %a' /dev/kvm > "$ST/kvm.orig"
  chgrp kvm /dev/kvm; chmod 660 /dev/kvm
fi
printf 'virtType=%s\n' "$VIRT_TYPE" > "$ST/config"
RACKSIDE_LAB_VIRT=$VIRT_TYPE bash "$LAB_SRC/lib/prepare-state.sh"

# -- 3. network --------------------------------------------------------------------------------------
ip link add "$BRIDGE" type bridge
ip addr add "$NET.1/24" dev "$BRIDGE"
for a in "${CLIENT_ADDRS[@]}"; do ip addr add "$a/24" dev "$BRIDGE"; done
ip link set "$BRIDGE" up
for h in "${HOSTS[@]}"; do
  ip netns add "$h"
  ip link add "$(veth_of "$h")" type veth peer name eth0 netns "$h"
  ip link set "$(veth_of "$h")" master "$BRIDGE" up
  ip -n "$h" addr add "$(ip_of "$h")/24" dev eth0
  ip -n "$h" link set lo up
  ip -n "$h" link set eth0 up
done

# -- 4. hosts: keeper (namespace anchor + subreaper) runs host-init.sh inside new mount + UTS ns --------
T1=$(now)
for h in "${HOSTS[@]}"; do
  D=$(hdir "$h")
  setsid ip netns exec "$h" unshare --mount --uts --propagation private -- \
    "$PYTHON" "$LAB_SRC/lib/keeper.py" "$D" bash "$LAB_SRC/lib/host-init.sh" "$h" \
    </dev/null >>"$D/log/keeper.log" 2>&1 9>&- &
done
wait_for() { # wait_for SECONDS WHAT CMD... : poll CMD every 0.1 s until it succeeds or time is up
  local limit=$1 what=$2 end; shift 2
  end=$((SECONDS + limit))
  while ((SECONDS < end)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "lab-up: timed out after ${limit}s waiting for $what" >&2; return 1
}
init_ok() { [ "$(cat "$(hdir "$1")/init.rc" 2>/dev/null)" = 0 ]; }
init_done() { [ -s "$(hdir "$1")/init.rc" ]; }
for h in "${HOSTS[@]}"; do
  wait_for 30 "$h to boot" init_done "$h"
  init_ok "$h" || { echo "lab-up: $h failed to boot:" >&2; cat "$(hdir "$h")/log/keeper.log" >&2; exit 1; }
done
for h in "${HOSTS[@]}"; do wait_for 20 "sshd on $h" hssh "$h" true; done
log "hosts booted, sshd answering in $(since "$T1") s"

# -- 5. GlusterFS: trusted pool, replica-3 volume, FUSE mount on every hypervisor ----------------------------
T2=$(now)
for h in "${HV_HOSTS[@]}"; do wait_for 20 "glusterd on $h" hx "$h" gluster --mode=script pool list; done
for h in "${HV_HOSTS[@]:1}"; do hx hv-01 gluster --mode=script peer probe "$(ip_of "$h")" >/dev/null; done
peers_connected() {
  local h; for h in "${HV_HOSTS[@]}"; do
    [ "$(hx "$h" gluster --mode=script peer status | grep -c 'Peer in Cluster (Connected)')" = 2 ] || return 1
  done
}
wait_for 30 "gluster peers to connect" peers_connected
bricks=(); for h in "${HV_HOSTS[@]}"; do bricks+=("$(ip_of "$h"):$BRICK"); done
# force: the bricks sit on the root filesystem, which gluster warns about.
hx hv-01 gluster --mode=script volume create "$VOLUME" replica 3 "${bricks[@]}" force >/dev/null
hx hv-01 gluster --mode=script volume start "$VOLUME" >/dev/null
bricks_online() { # 3 bricks and 3 self-heal daemons
  [ "$(hx hv-01 gluster --mode=script --xml volume status "$VOLUME" | grep -c '<status>1</status>')" -ge 6 ]
}
wait_for 30 "bricks of $VOLUME to come online" bricks_online
mount_jobs=()
for h in "${HV_HOSTS[@]}"; do
  # The glusterfs client itself (not mount.glusterfs) so the FUSE process has a pid file; started over
  # ssh so it descends from the host's keeper, which reaps it.
  hssh "$h" glusterfs --volfile-server="$(ip_of "$h")" --volfile-id="$VOLUME" \
    --pid-file=/run/gluster/$VOLUME-fuse.pid --log-file=/var/log/glusterfs/$VOLUME-fuse.log "$VMSTORE" &
  mount_jobs+=($!)
done
wait "${mount_jobs[@]}"
fuse_ready() { hx "$1" sh -c "grep -q ' $VMSTORE fuse.glusterfs ' /proc/mounts && stat -f $VMSTORE"; }
for h in "${HV_HOSTS[@]}"; do wait_for 20 "FUSE mount on $h" fuse_ready "$h"; done
log "gluster volume $VOLUME created, started and mounted in $(since "$T2") s"

# -- 6. VMs on hv-01, disks on the shared volume --------------------------------------------------------
T3=$(now)
for h in "${HV_HOSTS[@]}"; do wait_for 60 "libvirtd on $h" hx "$h" virsh -q version; done
log "libvirtd answering on every hypervisor after $(since "$T3") s"
for vm in "${VMS[@]}"; do
  bash "$LAB_SRC/lib/make-guest-disk.sh" "$ST/$vm.qcow2" 64M
  hx hv-01 cp "$ST/$vm.qcow2" "$VMSTORE/$vm.qcow2"
  rm -f "$ST/$vm.qcow2"
  sed -e "s/@NAME@/$vm/g" -e "s/@TYPE@/$VIRT_TYPE/" -e "s/@MEM@/$VM_MEM_MIB/" -e "s#@DISK@#$VMSTORE/$vm.qcow2#" \
    "$LAB_SRC/lib/vm.xml" > "$ST/$vm.xml"
  hx hv-01 virsh -q define "$ST/$vm.xml" >/dev/null
  hx hv-01 virsh -q start "$vm" >/dev/null
done
log "VMs ${VMS[*]} ($VIRT_TYPE) running on hv-01 in $(since "$T3") s"

# -- 7. mail host answers -----------------------------------------------------------------------------
imap_ready() { timeout 2 bash -c "exec 3<>/dev/tcp/$(ip_of mail-01)/143; head -c 4 <&3 | grep -q '^\* OK'"; }
smtp_ready() { timeout 2 bash -c "exec 3<>/dev/tcp/$(ip_of mail-01)/25; head -c 3 <&3 | grep -q '^220'"; }
wait_for 20 "Dovecot IMAP on mail-01" imap_ready
wait_for 20 "Postfix SMTP on mail-01" smtp_ready

# Keep the QEMU capability cache for the next run (libvirtd's first start probes QEMU for seconds).
# One per virt type: the cache records whether qemu's user can open /dev/kvm, so a KVM cache is stale
# for a TCG run and the reverse.
caps=$CACHE/libvirt-qemu-$VIRT_TYPE
if [ ! -d "$caps" ] && [ -d "$(hdir hv-01)/cache-libvirt/qemu/capabilities" ]; then
  rm -rf "$caps.tmp"; cp -a "$(hdir hv-01)/cache-libvirt/qemu" "$caps.tmp"; mv "$caps.tmp" "$caps"
fi

printf 'upSince=%s\nvirtType=%s\nupSeconds=%s\n' "$(date -Is)" "$VIRT_TYPE" "$(since "$T0")" > "$ST/lab.up"
trap - EXIT
log "lab up in $(since "$T0") s: ssh -F $SSH_CONFIG hv-01"
