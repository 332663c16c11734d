# Shared settings and helpers of the Rackside lab; sourced by the other lab scripts, never run.
#
# Everything the lab creates lives under $LAB_DIR/state (wiped by lab-down.sh), except:
#   network namespaces hv-01 hv-02 hv-03 mail-01, bridge $BRIDGE with 10.200.0.1/24 and the client
#   addresses .101-.105, one veth rs-<host> per host, and (KVM only) the group/mode of /dev/kvm,
#   which lab-down.sh restores. $LAB_DIR/cache keeps the QEMU capability cache between runs (speed only).

LAB_DIR=${RACKSIDE_LAB_DIR:-/tmp/rackside-lab}
ST=$LAB_DIR/state
CACHE=$LAB_DIR/cache
LAB_SRC=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

NET=10.200.0
BRIDGE=rackside-br0
HV_HOSTS=(hv-01 hv-02 hv-03)
MAIL_HOSTS=(mail-01)
HOSTS=("${HV_HOSTS[@]}" "${MAIL_HOSTS[@]}")
# Extra addresses of the root namespace on the bridge: sources for the brute-force load scenario.
CLIENT_ADDRS=($NET.101 $NET.102 $NET.103 $NET.104 $NET.105)

VOLUME=vmstore
BRICK=/srv/gluster/$VOLUME/brick              # same path on every hypervisor (/srv is host-private)
VMSTORE=/var/lib/libvirt/images/$VOLUME       # FUSE mount point of the volume on every hypervisor
VMS=(vm1 vm2)
VM_MEM_MIB=${RACKSIDE_LAB_VM_MEM_MIB:-64}
VIRT_TYPE=${RACKSIDE_LAB_VIRT:-auto}          # auto | kvm | qemu (TCG)

# Non-root account present on every host (key login, /bin/sh like a monitoring account).
LAB_USER=rackside
LAB_UID=2990
MAIL_USERS=(alice bob carol dave erin)         # Dovecot users <name>@lab.test, password <name>-pw
MAIL_DOMAIN=lab.test

CLIENT=$ST/client                             # client key, known_hosts, ssh_config used from the root namespace
SSH_CONFIG=$CLIENT/ssh_config

ip_of() {
  case $1 in
    hv-0[1-9]) echo "$NET.$((10 + 10#${1#hv-}))" ;;
    mail-0[1-9]) echo "$NET.$((20 + 10#${1#mail-}))" ;;
    *) echo "unknown lab host: $1" >&2; return 1 ;;
  esac
}
role_of() { case $1 in hv-*) echo hv ;; mail-*) echo mail ;; esac; }
hdir() { echo "$ST/hosts/$1"; }
veth_of() { echo "rs-$1"; }

# A pid counts only if it is alive (not a zombie) and inside the host's network namespace:
# guards against pid reuse and against zombies that still have a /proc entry.
in_ns() { [ -n "${1:-}" ] && [ -e "/proc/$1" ] && [ "$(ip netns identify "$1" 2>/dev/null)" = "$2" ]; }
keeper_pid() { cat "$(hdir "$1")/keeper.pid" 2>/dev/null; }
# A live process that holds the host's mount + UTS namespaces: the keeper, else one of its daemons.
anchor() {
  local p d; d=$(hdir "$1")
  for p in $(keeper_pid "$1") $(cat "$d/run/sshd.pid" 2>/dev/null); do
    in_ns "$p" "$1" && { echo "$p"; return 0; }
  done
  return 1
}
# Run a command inside a host (network + mount + UTS namespaces), without ssh: setup and teardown only.
hx() {
  local h=$1 a; shift
  a=$(anchor "$h") || { echo "$h: no live process to enter" >&2; return 1; }
  nsenter -t "$a" -n -m -u -- "$@"
}
# ssh from the root namespace, exactly as tests and Rackside do.
hssh() { local h=$1; shift; ssh -F "$SSH_CONFIG" "$h" "$@"; }

# Pid files inside a directory tree, one pid per line (pid files need not end with a newline).
pids_from_files() { local f; for f in "$@"; do [ -s "$f" ] && echo $(cat "$f"); done 2>/dev/null; true; }

# The distribution's python (imports only the standard library); avoids slow shims such as pyenv's.
PYTHON=$(command -v /usr/bin/python3 || command -v python3 || true)

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "[lab $(date +%T)] $*"; }
