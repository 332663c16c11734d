#!/bin/bash
# Tear the Rackside lab down completely; idempotent and safe on a half-built lab.
#   1. destroy the guests and unmount the Gluster FUSE mounts while every brick still answers
#      (unmounting after the bricks are gone can hang);
#   2. per host, stop processes found through its pid files (each pid must be inside that host's netns,
#      against pid reuse), then whatever is still in the netns (ssh sessions, daemon children), then the
#      keeper, whose exit drops the host's mount namespace and so all its bind mounts;
#   3. delete namespaces, veths and the bridge; put /dev/kvm's group and mode back;
#   4. keep the logs in $RACKSIDE_LAB_DIR/last-logs and wipe the state (RACKSIDE_LAB_KEEP_STATE=1 keeps it).
# Never looks processes up by name. Exit codes: 0 down and clean, 1 something was left behind, 2 not root.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/lab-env.sh"

[ "$(id -u)" = 0 ] || { echo "lab-down: needs root" >&2; exit 2; }
mkdir -p "$LAB_DIR"
if [ -z "${RACKSIDE_LAB_LOCK_HELD:-}" ]; then exec 9>"$LAB_DIR/lock"; flock 9; fi
T0=$(now)

netns_exists() { ip netns list | grep -qE "^$1( |$)"; }
# kill_pids HOST PID...: TERM, wait up to 5 s, then KILL; pids outside HOST's netns are ignored.
kill_pids() {
  local h=$1 p i alive targets=""; shift
  for p in "$@"; do in_ns "$p" "$h" && { kill "$p" 2>/dev/null; targets+=" $p"; }; done
  [ -z "$targets" ] && return 0
  for ((i = 0; i < 50; i++)); do
    alive=""; for p in $targets; do in_ns "$p" "$h" && alive+=" $p"; done
    [ -z "$alive" ] && return 0
    sleep 0.1
  done
  for p in $alive; do in_ns "$p" "$h" && { kill -9 "$p" 2>/dev/null; echo "  $h: killed $p with SIGKILL"; }; done
  sleep 0.2
}

stop_host() {
  local h=$1 D k rest; D=$(hdir "$h")
  kill_pids "$h" $(pids_from_files "$D"/run/libvirt/qemu/*.pid)
  kill_pids "$h" $(pids_from_files $(find "$D/run/gluster" -name '*.pid' 2>/dev/null) "$D/run/glusterd.pid")
  kill_pids "$h" $(pids_from_files "$D/run/libvirt/libvirtd.pid" "$D/run/libvirt/virtlogd.pid" \
                                   "$D/run/dovecot/master.pid" "$D/spool-postfix/pid/master.pid")
  kill_pids "$h" $(pids_from_files "$D/run/sshd.pid")
  k=$(keeper_pid "$h")
  rest=$(ip netns pids "$h" 2>/dev/null | grep -vx "${k:-none}" | tr '\n' ' ')
  [ -n "${rest// }" ] && kill_pids "$h" $rest
  kill_pids "$h" $k
  rest=$(ip netns pids "$h" 2>/dev/null | tr '\n' ' ')
  [ -n "${rest// }" ] && { echo "  $h: still in the namespace: $rest"; kill_pids "$h" $rest; }
  return 0
}

# -- 1. guests and FUSE mounts -----------------------------------------------------------------------
for h in "${HV_HOSTS[@]}"; do
  anchor "$h" >/dev/null || continue
  for vm in $(hx "$h" virsh list --name 2>/dev/null); do hx "$h" virsh -q destroy "$vm" >/dev/null 2>&1; done
done
for h in "${HV_HOSTS[@]}"; do
  a=$(anchor "$h") || continue
  if grep -q " $VMSTORE fuse.glusterfs " "/proc/$a/mounts" 2>/dev/null; then
    hx "$h" timeout 5 umount "$VMSTORE" 2>/dev/null || hx "$h" umount -l "$VMSTORE"
  fi
done

# -- 2. processes, all hosts at once -------------------------------------------------------------------
for h in "${HOSTS[@]}"; do
  netns_exists "$h" && stop_host "$h" &
done
wait

# -- 3. network and /dev/kvm ------------------------------------------------------------------------
for h in "${HOSTS[@]}"; do
  netns_exists "$h" && ip netns del "$h"
  ip link del "$(veth_of "$h")" 2>/dev/null
done
ip link del "$BRIDGE" 2>/dev/null
if [ -f "$ST/kvm.orig" ]; then
  read -r uid gid mode < "$ST/kvm.orig"
  chown "$uid:$gid" /dev/kvm && chmod "$mode" /dev/kvm && rm -f "$ST/kvm.orig"
fi

# -- 4. logs and state ----------------------------------------------------------------------------------
if [ -d "$ST" ]; then
  rm -rf "$LAB_DIR/last-logs"; mkdir -p "$LAB_DIR/last-logs"
  for h in "${HOSTS[@]}"; do
    D=$(hdir "$h"); [ -d "$D" ] || continue
    mkdir -p "$LAB_DIR/last-logs/$h"
    cp -a "$D/log" "$D/var-log" "$LAB_DIR/last-logs/$h/" 2>/dev/null
  done
  [ "${RACKSIDE_LAB_KEEP_STATE:-0}" = 1 ] || rm -rf "$ST"
fi

# -- 5. verify ---------------------------------------------------------------------------------------------
left=()
for h in "${HOSTS[@]}"; do netns_exists "$h" && left+=("netns $h"); done
ip link show "$BRIDGE" >/dev/null 2>&1 && left+=("bridge $BRIDGE")
[ -f "$ST/kvm.orig" ] && left+=("/dev/kvm mode not restored")
if [ ${#left[@]} -gt 0 ]; then echo "lab-down: left behind: ${left[*]}" >&2; exit 1; fi
log "lab down in $(since "$T0") s"
