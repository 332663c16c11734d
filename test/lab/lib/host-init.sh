#!/bin/bash
# Boot one lab host. Runs as the child of keeper.py, already inside the host's network namespace and
# its own new mount + UTS namespace (see lab-up.sh). Everything it mounts vanishes with that namespace.
#   1. hostname, an overlay on /etc (own hostname, hosts, accounts) and host-private directories
#      bind-mounted over the paths the daemons use (all prepared by lib/prepare-*.sh), so every host has
#      its own /run, /var/log, keys, configs…
#   2. the daemons of the host's role; they daemonize and the keeper adopts them.
# Usage: host-init.sh HOST
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../lab-env.sh"
H=$1
D=$(hdir "$H")
ROLE=$(role_of "$H")

step() { echo "$(date +%T.%3N) $H: $*"; }   # into keeper.log: where a slow boot spends its time
step "init"
hostname "$H"

# Own /etc files (hostname, hosts, accounts) over the machine's /etc, see lib/prepare-state.sh.
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$D/etc-upper,workdir=$D/etc-work" /etc
# /run is also /var/run: private sockets and pid files (glusterd.socket, libvirt, dovecot, sshd).
common_mounts=(run:/run root:/root home:/home var-log:/var/log srv:/srv)
hv_mounts=(etc-libvirt:/etc/libvirt lib-libvirt:/var/lib/libvirt cache-libvirt:/var/cache/libvirt
           lib-glusterd:/var/lib/glusterd)
mail_mounts=(etc-dovecot:/etc/dovecot lib-dovecot:/var/lib/dovecot etc-postfix:/etc/postfix
             spool-postfix:/var/spool/postfix lib-postfix:/var/lib/postfix)
if [ "$ROLE" = hv ]; then role_mounts=("${hv_mounts[@]}"); else role_mounts=("${mail_mounts[@]}"); fi
for m in "${common_mounts[@]}" "${role_mounts[@]}"; do
  mount --bind "$D/${m%%:*}" "${m#*:}"
done

step "mounts done"
/usr/sbin/sshd -f "$D/ssh/sshd_config" -E /var/log/auth.log

case $ROLE in
  hv)
    LIBVIRT_LOG_OUTPUTS="3:file:/var/log/libvirt/virtlogd.log" virtlogd -d -p /run/libvirt/virtlogd.pid
    step "virtlogd started"
    LIBVIRT_LOG_OUTPUTS="3:file:/var/log/libvirt/libvirtd.log" libvirtd -d --listen -p /run/libvirt/libvirtd.pid
    step "libvirtd started"
    # Management port bound to this host's address only; plain `gluster` finds /var/run/glusterd.socket.
    glusterd --xlator-option "management.transport.socket.bind-address=$(ip_of "$H")" \
             --pid-file=/run/glusterd.pid --log-file=/var/log/glusterfs/glusterd.log
    ;;
  mail)
    dovecot -c /etc/dovecot/dovecot.conf
    step "dovecot started"
    postfix start 2>>/var/log/mail.log
    ;;
esac
step "daemons started"
