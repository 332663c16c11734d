#!/bin/bash
# Write every host's private directories, keys and daemon configs under $ST/hosts/HOST, plus the
# client key, known_hosts and ssh_config under $ST/client. Runs in the root namespace before any
# host starts; lib/host-init.sh later bind-mounts these directories inside each host.
# Usage: RACKSIDE_LAB_VIRT=kvm|qemu prepare-state.sh
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../lab-env.sh"

mkdir -p "$CLIENT" "$CACHE"
chmod 755 "$LAB_DIR" "$ST"
[ -f "$CLIENT/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C rackside-lab-client -f "$CLIENT/id_ed25519"

for uid in $LAB_UID $((LAB_UID + 1)); do
  if getent passwd "$uid" >/dev/null || getent group "$uid" >/dev/null; then
    echo "uid/gid $uid is taken on this machine; the lab adds users $LAB_USER and vmail with it" >&2; exit 1
  fi
done

known_hosts=$ST/known_hosts.all
root_keys=$ST/root_authorized_keys.all
: > "$known_hosts"
cat "$CLIENT/id_ed25519.pub" > "$root_keys"

# -- per host: directories, host key, root key, identity files ---------------------------------------
for h in "${HOSTS[@]}"; do
  D=$(hdir "$h"); ip=$(ip_of "$h"); role=$(role_of "$h")
  mkdir -p "$D"/{log,ssh,etc-upper,etc-work,run/sshd,run/lock,root/.ssh,home,var-log,srv}
  chmod 755 "$D" "$D/run" "$D/run/sshd" "$D/home" "$D/var-log" "$D/srv"
  chmod 1777 "$D/run/lock"
  chmod 700 "$D/root" "$D/root/.ssh"
  rm -f "$D"/ssh/ssh_host_ed25519_key* "$D"/root/.ssh/id_ed25519*
  ssh-keygen -q -t ed25519 -N '' -C "$h" -f "$D/ssh/ssh_host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C "root@$h" -f "$D/root/.ssh/id_ed25519"
  echo "$h,$ip $(cut -d' ' -f1,2 "$D/ssh/ssh_host_ed25519_key.pub")" >> "$known_hosts"
  cat "$D/root/.ssh/id_ed25519.pub" >> "$root_keys"

  # Host-private /etc files: the upper layer of an overlay on /etc (lib/host-init.sh). An overlay, not
  # file bind mounts: tools like useradd replace /etc/passwd by rename, which would silently detach a
  # bind-mounted copy and show the machine's file again.
  E=$D/etc-upper
  echo "$h" > "$E/hostname"
  { echo "127.0.0.1 localhost"
    for g in "${HOSTS[@]}"; do echo "$(ip_of "$g") $g $g.$MAIL_DOMAIN"; done; } > "$E/hosts"
  # No resolver on the lab network: lookups fail at once instead of waiting on the machine's DNS.
  echo "nameserver 127.0.0.1" > "$E/resolv.conf"
  # The machine's accounts plus the lab's own; same-named accounts of the machine are replaced.
  grep -v "^$LAB_USER:" /etc/passwd > "$E/passwd"
  grep -v "^$LAB_USER:" /etc/group > "$E/group"
  grep -v "^$LAB_USER:" /etc/shadow > "$E/shadow"
  chmod 644 "$E/passwd" "$E/group"; chmod 640 "$E/shadow"; chgrp shadow "$E/shadow" 2>/dev/null || true
  # '*' (no password, not locked): sshd without PAM refuses key logins to locked ('!') accounts.
  echo "$LAB_USER:x:$LAB_UID:$LAB_UID:Rackside lab user:/home/$LAB_USER:/bin/sh" >> "$E/passwd"
  echo "$LAB_USER:*:19000:0:99999:7:::" >> "$E/shadow"
  echo "$LAB_USER:x:$LAB_UID:" >> "$E/group"
  # libvirt: virsh qemu:///system over the group-writable socket; adm: read /var/log files.
  sed -i -E "s/^(libvirt|adm):([^:]*):([^:]*):(.*)$/\1:\2:\3:\4,$LAB_USER/; s/:,$LAB_USER$/:$LAB_USER/" "$E/group"
  install -d -m 755 -o $LAB_UID -g $LAB_UID "$D/home/$LAB_USER"
  install -d -m 700 -o $LAB_UID -g $LAB_UID "$D/home/$LAB_USER/.ssh"
  install -m 600 -o $LAB_UID -g $LAB_UID "$CLIENT/id_ed25519.pub" "$D/home/$LAB_USER/.ssh/authorized_keys"

  cat > "$D/ssh/sshd_config" <<CFG
# sshd of lab host $h: own host key and address; pid file in the host-private /run.
Port 22
ListenAddress $ip
HostKey $D/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
UsePAM no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# Tests open bursts of connections; MaxSessions keeps OpenSSH's default of 10.
MaxStartups 100:30:200
LogLevel VERBOSE
PrintMotd no
Subsystem sftp internal-sftp
CFG
  # `sshd -t` runs here in the root namespace and insists on its privilege separation directory,
  # which a fresh machine whose package postinst could not start sshd does not have.
  mkdir -p /run/sshd
  /usr/sbin/sshd -t -f "$D/ssh/sshd_config"

  case $role in
    hv) bash "$LAB_SRC/lib/prepare-hv.sh" "$h" ;;
    mail) bash "$LAB_SRC/lib/prepare-mail.sh" "$h" ;;
  esac
done

# -- keys shared by all hosts: root logs in from any lab host (qemu+ssh migration needs it) ----------
for h in "${HOSTS[@]}"; do
  D=$(hdir "$h")
  install -m 600 "$root_keys" "$D/root/.ssh/authorized_keys"
  install -m 644 "$known_hosts" "$D/root/.ssh/known_hosts"
  printf 'Host *\n  BatchMode yes\n  StrictHostKeyChecking yes\n  ConnectTimeout 5\n' > "$D/root/.ssh/config"
done

install -m 644 "$known_hosts" "$CLIENT/known_hosts"
{
  echo "# ssh -F $SSH_CONFIG HOST   (root; user $LAB_USER has the same key and a /bin/sh shell)"
  for h in "${HOSTS[@]}"; do printf 'Host %s\n  HostName %s\n' "$h" "$(ip_of "$h")"; done
  cat <<CFG
Host *
  User root
  IdentityFile $CLIENT/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $CLIENT/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  LogLevel ERROR
CFG
} > "$SSH_CONFIG"
