#!/bin/bash
# Regenerate the real tool outputs that parser tests use, captured from the lab (npm run fixtures:capture).
#
# States, in this order, on a freshly started lab:
#   healthy      3 bricks online, vm1 + vm2 on hv-01, data on the volume, two messages deferred + one held
#   mail/<scenario>  Dovecot/Postfix/host views while test/lab/mail-load.py runs normal, brute-force,
#                pop3-storm and busy-imap, plus the log lines each scenario wrote
#   migration    vm1 hv-01 -> hv-02 live at 1 MiB/s (domjobinfo in progress on both ends), then sped up
#                to finish (completed job info); vm2 hv-01 -> hv-03 without --undefinesource (completed
#                outgoing job on the source, which keeps a shut-off definition)
#   brick-down   hv-02's brick process killed, files written while it is down: heals pending; then
#                `gluster volume start vmstore force` and the heal draining
#   host-cut     hv-03's link to the bridge down: peer disconnected, brick unreachable, ssh/ping/virsh
#                to it failing; then the link back up
# Every file gets one line in OUTDIR/manifest.txt: "file | rc=N | seconds | host | tool version | command",
# where host is the lab host the command ran on over ssh, or "machine" for the root namespace.
# A command's stderr, when it wrote any, is kept next to its output as FILE.stderr.
#
# Usage: fixtures-capture.sh [OUTDIR]        default: test/fixtures/lab in this repository
# Starts a fresh lab (tearing down a running one first) and leaves it up only if it was up before.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/lab-env.sh"
[ "$(id -u)" = 0 ] || { echo "fixtures-capture: needs root (it runs the lab)" >&2; exit 2; }
OUT=$(readlink -f "${1:-$LAB_SRC/../fixtures/lab}")
MANIFEST=$OUT/manifest.txt
CLIENT_SSH=(ssh -F "$SSH_CONFIG")
T0=$(now)

was_up=0
[ -f "$ST/lab.up" ] && was_up=1
"$LAB_SRC/lab-down.sh" >/dev/null
"$LAB_SRC/lab-up.sh" || { echo "fixtures-capture: lab-up failed" >&2; exit 1; }
finish() {
  local rc=$?
  # Put the cut link back whatever happened, then leave the lab as it was found.
  ip link set "$(veth_of hv-03)" up 2>/dev/null
  [ $was_up = 1 ] || "$LAB_SRC/lab-down.sh" >/dev/null
  exit $rc
}
trap finish EXIT

rm -rf "$OUT"
mkdir -p "$OUT"

# -- tool versions, recorded once and repeated on each manifest line -------------------------------------
declare -A VERSION
VERSION[gluster]=$(hssh hv-01 'gluster --version | head -1')
VERSION[libvirt]="libvirt $(hssh hv-01 'virsh --version'), $(hssh hv-01 'qemu-system-x86_64 --version | head -1')"
VERSION[dovecot]="dovecot $(hssh mail-01 'dovecot --version')"
VERSION[postfix]="postfix $(hssh mail-01 'postconf -h mail_version')"
VERSION[iproute2]=$(hssh hv-01 'ss -V')
VERSION[procps]=$(hssh hv-01 'vmstat -V')
VERSION[kernel]="linux $(uname -r)"
VERSION[openssh]=$(ssh -V 2>&1)
VERSION[iputils]=$(hssh hv-01 'ping -V' | head -1)
VERSION[coreutils]=$(hssh hv-01 'uptime -V' | head -1)
VERSION[bash]=$(hssh hv-02 'bash --version' | head -1)
VERSION[python]="mail-load.py, $($PYTHON --version 2>&1)"
{
  echo "# Versions of the tools captured by test/lab/fixtures-capture.sh on $(date -u +%Y-%m-%d)"
  for k in "${!VERSION[@]}"; do echo "$k: ${VERSION[$k]}"; done | sort
  echo "virt type: $(sed -n 's/^virtType=//p' "$ST/lab.up")"
  echo "machine: $(nproc) CPUs, $(. /etc/os-release && echo "$PRETTY_NAME")"
} > "$OUT/versions.txt"
echo "# file | rc=exit code | wall time incl. ssh | host (machine = root namespace) | tool version | command" > "$MANIFEST"

# cap FILE HOST TOOL COMMAND: run COMMAND on HOST (over ssh) or on "machine", keep stdout in FILE.
cap() {
  local file=$1 host=$2 tool=$3 cmd=$4 rc started
  mkdir -p "$(dirname "$OUT/$file")"
  started=$(now)
  if [ "$host" = machine ]; then
    timeout 120 bash -c "$cmd" > "$OUT/$file" 2> "$OUT/$file.stderr"; rc=$?
  else
    timeout 120 "${CLIENT_SSH[@]}" "$host" "$cmd" > "$OUT/$file" 2> "$OUT/$file.stderr"; rc=$?
  fi
  [ -s "$OUT/$file.stderr" ] || rm -f "$OUT/$file.stderr"
  echo "$file | rc=$rc | $(since "$started")s | $host | ${VERSION[$tool]} | $cmd" >> "$MANIFEST"
}
# poll SECONDS WHAT CMD...: retry CMD every 0.5 s; a failure to reach the state is recorded, not fatal.
poll() {
  local limit=$1 what=$2 end; shift 2
  end=$((SECONDS + limit))
  while ((SECONDS < end)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "fixtures-capture: gave up after ${limit}s waiting for $what" | tee -a "$OUT/capture-warnings.txt" >&2
  return 1
}
step() { log "capture: $*"; }

gluster_set() { # gluster_set STATE HOST: the Gluster views a poller takes, as HOST's glusterd answers
  local s=$1 h=$2 d=gluster
  cap "$d/volume-info.$s.xml" "$h" gluster "gluster --xml volume info"
  cap "$d/volume-info.$s.txt" "$h" gluster "gluster volume info"
  cap "$d/volume-status.$s.xml" "$h" gluster "gluster --xml volume status $VOLUME"
  cap "$d/volume-status.$s.txt" "$h" gluster "gluster volume status $VOLUME"
  cap "$d/volume-status-detail.$s.xml" "$h" gluster "gluster --xml volume status $VOLUME detail"
  cap "$d/volume-status-detail.$s.txt" "$h" gluster "gluster volume status $VOLUME detail"
  cap "$d/volume-status-all-detail.$s.xml" "$h" gluster "gluster --xml volume status all detail"
  cap "$d/volume-heal-info.$s.xml" "$h" gluster "gluster --xml volume heal $VOLUME info"
  cap "$d/volume-heal-info.$s.txt" "$h" gluster "gluster volume heal $VOLUME info"
  cap "$d/volume-heal-info-summary.$s.xml" "$h" gluster "gluster --xml volume heal $VOLUME info summary"
  cap "$d/volume-heal-info-summary.$s.txt" "$h" gluster "gluster volume heal $VOLUME info summary"
  cap "$d/volume-heal-info-split-brain.$s.xml" "$h" gluster "gluster --xml volume heal $VOLUME info split-brain"
  cap "$d/peer-status.$s.xml" "$h" gluster "gluster --xml peer status"
  cap "$d/peer-status.$s.txt" "$h" gluster "gluster peer status"
  cap "$d/pool-list.$s.xml" "$h" gluster "gluster --xml pool list"
  cap "$d/pool-list.$s.txt" "$h" gluster "gluster pool list"
}
host_set() { # host_set DIR HOST: what a host probe reads
  local d=$1 h=$2
  cap "$d/proc-loadavg.txt" "$h" kernel "cat /proc/loadavg"
  cap "$d/proc-meminfo.txt" "$h" kernel "cat /proc/meminfo"
  cap "$d/proc-stat.txt" "$h" kernel "cat /proc/stat"
  cap "$d/proc-pressure-cpu.txt" "$h" kernel "cat /proc/pressure/cpu"
  cap "$d/proc-pressure-io.txt" "$h" kernel "cat /proc/pressure/io"
  cap "$d/proc-pressure-memory.txt" "$h" kernel "cat /proc/pressure/memory"
  cap "$d/vmstat-1-2.txt" "$h" procps "vmstat 1 2"
  cap "$d/uptime.txt" "$h" coreutils "uptime"
  cap "$d/nproc.txt" "$h" coreutils "nproc"
  cap "$d/hostname.txt" "$h" coreutils "hostname"
}
# Conditions to poll for, all seen from hv-01 unless named.
online_count() { hssh hv-01 "gluster --xml volume status $VOLUME" | grep -c '<status>1</status>'; }
bricks_and_shd_online() { [ "$(online_count)" -ge 6 ]; }
a_brick_offline() { [ "$(online_count)" -le 5 ]; }
heals_drained() { # every brick answered and reports 0 entries
  hssh hv-01 "gluster volume heal $VOLUME info summary" \
    | awk '/^Total Number of entries: / { seen++; if ($5 != "0") bad = 1 } END { exit !(seen == 3 && !bad) }'
}
peer_state_is() { hssh hv-01 'gluster peer status' | grep -A2 "Hostname: $1" | grep -q "($2)"; }
deferred_at_least() { [ "$(hssh mail-01 'postqueue -j' | grep -c '"queue_name": "deferred"')" -ge "$1" ]; }
job_running() { hssh "$1" "virsh domjobinfo $2" | grep -q 'Outgoing migration'; }
not_defined_on() { ! hssh "$1" 'virsh list --all --name' | grep -qx "$2"; }

# == healthy ==============================================================================================
step "healthy"
hssh hv-01 "mkdir -p $VMSTORE/data && for i in \$(seq 1 20); do echo \"record \$i\" > $VMSTORE/data/f\$i.txt; done \
  && dd if=/dev/urandom of=$VMSTORE/data/blob.img bs=1M count=8 status=none"
# Two messages to the outside world (deferred: the relay port is closed) and one put on hold.
hssh mail-01 'for i in 1 2 3; do printf "Subject: invoice %s\n\nbody %s\n" $i $i | sendmail -f billing@lab.test "customer$i@example.net"; done'
poll 20 "3 deferred messages in the Postfix queue" deferred_at_least 3
held=$(hssh mail-01 'postqueue -j' | "$PYTHON" -c 'import json, sys; print(json.loads(sys.stdin.readline())["queue_id"])')
hssh mail-01 "postsuper -h $held" 2>/dev/null

gluster_set healthy hv-01
cap libvirt/virsh-list-all.hv-01.healthy.txt hv-01 libvirt "virsh list --all"
cap libvirt/virsh-list-all.hv-02.healthy.txt hv-02 libvirt "virsh list --all"
cap libvirt/virsh-dominfo-vm1.healthy.txt hv-01 libvirt "virsh dominfo vm1"
cap libvirt/virsh-domstats-raw.healthy.txt hv-01 libvirt "virsh domstats --raw"
cap libvirt/virsh-domstats-raw-empty-host.txt hv-02 libvirt "virsh domstats --raw"
cap libvirt/virsh-nodeinfo.txt hv-01 libvirt "virsh nodeinfo"
cap libvirt/virsh-nodememstats.txt hv-01 libvirt "virsh nodememstats"
cap libvirt/virsh-domjobinfo-vm1.idle.txt hv-01 libvirt "virsh domjobinfo vm1"
cap libvirt/virsh-domblklist-details-vm1.txt hv-01 libvirt "virsh domblklist vm1 --details"
cap libvirt/virsh-dumpxml-vm1.xml hv-01 libvirt "virsh dumpxml vm1"
cap libvirt/virsh-domstate-reason-vm1.txt hv-01 libvirt "virsh domstate vm1 --reason"
host_set host/hv-01.healthy hv-01
cap host/hv-01.healthy/ss-tn-established.txt hv-01 iproute2 "ss -tn state established"

# == mail scenarios ========================================================================================
step "mail: queue and config"
cap mail/postqueue-j.jsonl mail-01 postfix "postqueue -j"
cap mail/postqueue-p.txt mail-01 postfix "postqueue -p"
cap mail/mailq.txt mail-01 postfix "mailq"
cap mail/doveconf-n.txt mail-01 dovecot "doveconf -n"
cap mail/postconf-n.txt mail-01 postfix "postconf -n"
# Bounds keep each scenario's log excerpt to a few hundred KiB at most.
declare -A LOAD_ARGS=(
  [normal]="--duration-s 12"
  [brute-force]="--max-ops 300"
  [pop3-storm]="--duration-s 10 --max-ops 800 --concurrency 4"
  [busy-imap]="--duration-s 10"
)
# busy-imap appends its seed messages first; do that now so its capture sees the loops, not the seeding.
"$PYTHON" "$LAB_SRC/mail-load.py" busy-imap --duration-s 0.5 >/dev/null
for scenario in normal brute-force pop3-storm busy-imap; do
  step "mail: $scenario"
  d=mail/$scenario
  mark=$(hssh mail-01 "wc -l < /var/log/mail.log")
  mkdir -p "$OUT/$d"
  cmd="python3 test/lab/mail-load.py $scenario ${LOAD_ARGS[$scenario]}"
  "$PYTHON" "$LAB_SRC/mail-load.py" "$scenario" ${LOAD_ARGS[$scenario]} > "$OUT/$d/mail-load-summary.json" 2> "$OUT/$d/mail-load-summary.json.stderr" &
  load_pid=$!
  load_started=$(now)
  sleep 3   # the load is at full speed by now
  cap "$d/doveadm-who.txt" mail-01 dovecot "doveadm who"
  cap "$d/doveadm-who-1.txt" mail-01 dovecot "doveadm who -1"
  cap "$d/doveadm-service-status.txt" mail-01 dovecot "doveadm service status"
  cap "$d/doveadm-process-status.txt" mail-01 dovecot "doveadm process status"
  cap "$d/doveadm-penalty.txt" mail-01 dovecot "doveadm penalty"
  cap "$d/doveadm-stats-dump.txt" mail-01 dovecot "doveadm stats dump"
  cap "$d/ss-tn-established-143-110.txt" mail-01 iproute2 "ss -tn state established '( sport = :143 or sport = :110 )'"
  cap "$d/ss-tnp-established.txt" mail-01 iproute2 "ss -tnp state established"
  cap "$d/ss-tan-143-110.txt" mail-01 iproute2 "ss -tan '( sport = :143 or sport = :110 )'"
  cap "$d/ss-s.txt" mail-01 iproute2 "ss -s"
  host_set "$d" mail-01
  wait $load_pid
  load_rc=$?
  echo "$d/mail-load-summary.json | rc=$load_rc | $(since "$load_started")s | machine | ${VERSION[python]} | $cmd" >> "$MANIFEST"
  [ -s "$OUT/$d/mail-load-summary.json.stderr" ] || rm -f "$OUT/$d/mail-load-summary.json.stderr"
  sleep 1
  cap "$d/mail-log.txt" mail-01 dovecot "tail -n +$((mark + 1)) /var/log/mail.log"
done

# == migration ================================================================================================
step "migration: vm1 hv-01 -> hv-02 at 1 MiB/s"
d=libvirt/migration
migrate="virsh migrate --live --persistent --undefinesource --verbose --bandwidth 1 vm1 qemu+ssh://$(ip_of hv-02)/system"
hssh hv-01 "nohup $migrate > /root/migrate-vm1.out 2>&1 &"
poll 20 "vm1's migration to start" job_running hv-01 vm1
sleep 2
cap "$d/virsh-domjobinfo-vm1.source-in-progress.txt" hv-01 libvirt "virsh domjobinfo vm1"
cap "$d/virsh-domjobinfo-vm1.destination-in-progress.txt" hv-02 libvirt "virsh domjobinfo vm1"
cap "$d/virsh-list-all.hv-01.in-progress.txt" hv-01 libvirt "virsh list --all"
cap "$d/virsh-list-all.hv-02.in-progress.txt" hv-02 libvirt "virsh list --all"
cap "$d/virsh-domstats-raw-vm1.source-in-progress.txt" hv-01 libvirt "virsh domstats --raw vm1"
sleep 2
cap "$d/virsh-domjobinfo-vm1.source-in-progress-later.txt" hv-01 libvirt "virsh domjobinfo vm1"
cap "$d/virsh-migrate-setspeed-vm1.txt" hv-01 libvirt "virsh migrate-setspeed vm1 --bandwidth 1000"
poll 30 "vm1's migration to finish" not_defined_on hv-01 vm1
cap "$d/virsh-migrate-vm1.verbose-output.txt" hv-01 libvirt "cat /root/migrate-vm1.out"
sed -i "\$s#\$# (output of: $migrate)#" "$MANIFEST"
cap "$d/virsh-domjobinfo-completed-vm1.destination.txt" hv-02 libvirt "virsh domjobinfo --completed vm1"
cap "$d/virsh-domjobinfo-completed-vm1.source-undefined.txt" hv-01 libvirt "virsh domjobinfo --completed vm1"
cap "$d/virsh-list-all.hv-01.after.txt" hv-01 libvirt "virsh list --all"
cap "$d/virsh-list-all.hv-02.after.txt" hv-02 libvirt "virsh list --all"
cap "$d/virsh-dominfo-vm1.destination-after.txt" hv-02 libvirt "virsh dominfo vm1"

step "migration: vm2 hv-01 -> hv-03, source keeps its definition"
cap "$d/virsh-migrate-vm2.keep-source.txt" hv-01 libvirt "virsh migrate --live --persistent --verbose vm2 qemu+ssh://$(ip_of hv-03)/system"
cap "$d/virsh-domjobinfo-completed-vm2.source.txt" hv-01 libvirt "virsh domjobinfo --completed vm2"
cap "$d/virsh-list-all.hv-01.vm2-shut-off.txt" hv-01 libvirt "virsh list --all"
cap "$d/virsh-domstate-reason-vm2.source-migrated.txt" hv-01 libvirt "virsh domstate vm2 --reason"
# Back to the starting placement (not captured): both guests running on hv-01, defined only there.
hssh hv-01 'virsh undefine vm2' >/dev/null
hssh hv-02 "virsh migrate --live --persistent --undefinesource vm1 qemu+ssh://$(ip_of hv-01)/system"
hssh hv-03 "virsh migrate --live --persistent --undefinesource vm2 qemu+ssh://$(ip_of hv-01)/system"

# == brick down ===============================================================================================
step "brick-down: kill hv-02's brick"
brick_pid=$(hssh hv-02 "gluster --xml volume status $VOLUME" | "$PYTHON" -c '
import sys, xml.etree.ElementTree as ET
for n in ET.parse(sys.stdin).getroot().iter("node"):
    if n.findtext("hostname") == sys.argv[1] and n.findtext("path") == sys.argv[2]:
        print(n.findtext("pid"))' "$(ip_of hv-02)" "$BRICK")
cap gluster/brick-kill.brick-down.txt hv-02 bash "kill $brick_pid"
poll 30 "hv-01 to see hv-02's brick offline" a_brick_offline
hssh hv-01 "for i in \$(seq 21 30); do echo \"late \$i\" > $VMSTORE/data/f\$i.txt; done; echo changed >> $VMSTORE/data/f1.txt; \
  dd if=/dev/urandom of=$VMSTORE/data/blob.img bs=1M count=1 seek=2 conv=notrunc status=none"
sleep 2
gluster_set brick-down hv-01
cap libvirt/virsh-list-all.hv-01.brick-down.txt hv-01 libvirt "virsh list --all"
cap gluster/volume-start-force.brick-down.txt hv-01 gluster "gluster volume start $VOLUME force"
sleep 0.5
cap gluster/volume-heal-info-summary.brick-restarted.txt hv-01 gluster "gluster volume heal $VOLUME info summary"
cap gluster/volume-status.brick-restarted.txt hv-01 gluster "gluster volume status $VOLUME"
poll 90 "heals to drain" heals_drained
cap gluster/volume-heal-info-summary.healed.txt hv-01 gluster "gluster volume heal $VOLUME info summary"

# == host cut off ==============================================================================================
step "host-cut: hv-03's link down"
cap gluster/link-down.host-cut.txt machine iproute2 "ip link set $(veth_of hv-03) down"
hssh hv-01 "for i in \$(seq 31 35); do echo \"while cut \$i\" > $VMSTORE/data/f\$i.txt; done"
poll 90 "hv-01 to see hv-03 disconnected" peer_state_is "$(ip_of hv-03)" Disconnected
gluster_set host-cut hv-01
cap host/hv-03.host-cut/ssh-hostname.txt machine openssh "ssh -F $SSH_CONFIG hv-03 hostname"
cap host/hv-03.host-cut/ping-from-hv-01.txt hv-01 iputils "ping -c 2 -W 1 $(ip_of hv-03)"
cap libvirt/virsh-list-qemu-tcp-hv-03.host-cut.txt hv-01 libvirt "virsh -c qemu+tcp://$(ip_of hv-03)/system list --all"
cap libvirt/virsh-migrate-vm2.host-cut.txt hv-01 libvirt "virsh migrate --live --persistent --undefinesource --verbose vm2 qemu+ssh://$(ip_of hv-03)/system"
cap libvirt/virsh-list-all.hv-01.host-cut.txt hv-01 libvirt "virsh list --all"
step "host-cut: link back up"
ip link set "$(veth_of hv-03)" up
poll 60 "hv-03 reconnected" peer_state_is "$(ip_of hv-03)" Connected
poll 60 "3 bricks and 3 self-heal daemons online" bricks_and_shd_online
poll 90 "heals to drain after reconnect" heals_drained
cap gluster/peer-status.host-reconnected.txt hv-01 gluster "gluster peer status"
cap gluster/volume-heal-info-summary.host-reconnected.txt hv-01 gluster "gluster volume heal $VOLUME info summary"

cat > "$OUT/README.md" <<'TEXT'
# Lab captures

Real outputs of the tools Rackside parses, captured from the lab (test/lab, a mini datacenter of network
namespaces) by `test/lab/fixtures-capture.sh` (`npm run fixtures:capture`). Regenerate them, do not edit.

- `manifest.txt`: one line per file: file, exit code, wall time (including ssh), the lab host it ran on
  (`machine` = the root namespace), tool version, and the exact command. A command's stderr, when it wrote
  any, is in `FILE.stderr` beside it. `versions.txt` lists the versions once.
- Hosts: hv-01..hv-03 (10.200.0.11-13) run libvirt + GlusterFS, replica-3 volume `vmstore` with one brick
  each, VMs vm1 and vm2 (64 MiB, disks on the volume) on hv-01; mail-01 (10.200.0.21) runs Dovecot and
  Postfix. The load tool connects from 10.200.0.1 (brute-force: from 10.200.0.101-105).

States (the suffix or folder in the file name):

| state | what was done |
|---|---|
| healthy | fresh lab; 20 small files and an 8 MiB file on the volume; 3 messages deferred, 1 of them on hold |
| mail/normal, brute-force, pop3-storm, busy-imap | `test/lab/mail-load.py SCENARIO` running (summary in `mail-load-summary.json`); Dovecot, ss and /proc views taken about 3 s in; `mail-log.txt` = the lines that scenario added to /var/log/mail.log (Dovecot log_path and Postfix maillog_file) |
| libvirt/migration | vm1 hv-01 -> hv-02 with `--bandwidth 1` (the guest keeps dirtying memory, so it cannot converge): domjobinfo in progress on both ends, then `migrate-setspeed` lets it finish; vm2 hv-01 -> hv-03 without `--undefinesource` (completed outgoing job, shut-off definition left on the source) |
| brick-down | hv-02's brick process killed, 10 files added and 2 changed while it was down: heals pending; then `volume start vmstore force` (`brick-restarted`) and the drained heal (`healed`) |
| host-cut | hv-03's veth to the bridge set down: peer Disconnected, its brick gone from status, heal info "Transport endpoint is not connected", ssh/ping/virsh/migration to it failing; `host-reconnected` after the link came back |

Lab quirks visible in the data: Dovecot's auth penalty is off (so `doveadm penalty` is empty) and
`auth_failure_delay` is the default 2 s; bricks live on the root filesystem (created with `force`);
`volume status detail` lacks `inodeSize` because tune2fs cannot read the disk in this sandbox; all
hosts share one kernel, so /proc files describe the whole machine.
TEXT
log "captured $(($(wc -l < "$MANIFEST") - 1)) files into $OUT in $(since "$T0") s"
