#!/bin/bash
# Private Dovecot and Postfix of the mail host (root namespace, before it starts).
#   Dovecot: IMAP 143 and POP3 110 on every address of the host, passwd-file users, plaintext auth
#            (no TLS in the lab), log_path /var/log/mail.log, metrics for `doveadm stats dump`.
#   Postfix: SMTP on 127.0.0.1 and the host address; every remote message is relayed to a closed
#            port on loopback, so it defers and stays in the queue (postqueue -j has something to show).
#   Both write /var/log/mail.log (the host's private /var/log), so `tail -F` over ssh sees one stream.
# Usage: prepare-mail.sh HOST
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../lab-env.sh"
H=$1; D=$(hdir "$H"); IP=$(ip_of "$H")
VMAIL_UID=$((LAB_UID + 1))

mkdir -p "$D"/{etc-dovecot,lib-dovecot,etc-postfix,spool-postfix,lib-postfix,srv/mail}
E=$D/etc-upper
for f in passwd shadow group; do sed -i '/^vmail:/d' "$E/$f"; done
echo "vmail:x:$VMAIL_UID:$VMAIL_UID:virtual mail:/srv/mail:/usr/sbin/nologin" >> "$E/passwd"
echo "vmail:!:19000:0:99999:7:::" >> "$E/shadow"
echo "vmail:x:$VMAIL_UID:" >> "$E/group"
chown $VMAIL_UID:$VMAIL_UID "$D/srv/mail"
# Created before either daemon opens it: root:adm 0640 as Debian's rsyslog would make it.
install -m 640 -g adm /dev/null "$D/var-log/mail.log"

# -- Dovecot ------------------------------------------------------------------------------------------
: > "$D/etc-dovecot/users"
for u in "${MAIL_USERS[@]}"; do echo "$u@$MAIL_DOMAIN:{PLAIN}$u-pw::::::" >> "$D/etc-dovecot/users"; done
chown root:dovecot "$D/etc-dovecot/users"; chmod 640 "$D/etc-dovecot/users"
cat > "$D/etc-dovecot/dovecot.conf" <<CONF
# Dovecot of lab host $H (users: ${MAIL_USERS[*]} @$MAIL_DOMAIN, password <name>-pw).
protocols = imap pop3
listen = *
base_dir = /run/dovecot
log_path = /var/log/mail.log
ssl = no
# The lab network carries no secrets; real servers would require TLS here.
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
mail_location = maildir:~/Maildir
mail_uid = vmail
mail_gid = vmail
first_valid_uid = $VMAIL_UID
last_valid_uid = $VMAIL_UID

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u /etc/dovecot/users
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=/srv/mail/%d/%n
}

service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
# Dovecot's per-IP auth penalty (2, 4, 8, then 15 s before each reply) would stretch the brute-force
# scenario's hundreds of failed logins over minutes; the lab turns it off and keeps the plain 2 s
# auth_failure_delay. So \`doveadm penalty\` lists no addresses here, unlike a default install.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0666
  }
}

# Metrics so that \`doveadm stats dump\` has numbers to show.
metric auth_success {
  filter = event=auth_request_finished AND success=yes
}
metric auth_failures {
  filter = event=auth_request_finished AND NOT success=yes
}
metric imap_command {
  filter = event=imap_command_finished
  group_by = cmd_name tagged_reply_state
}
metric pop3_command {
  filter = event=pop3_command_finished
  group_by = cmd_name
}
CONF
doveconf -c "$D/etc-dovecot/dovecot.conf" -n >/dev/null

# -- Postfix ------------------------------------------------------------------------------------------
cp -a /etc/postfix/. "$D/etc-postfix/"
# post-install creates the queue directories with Postfix's owners and modes (it also appends the
# paths it used to main.cf, which is rewritten below).
/etc/postfix/post-install create-missing config_directory="$D/etc-postfix" meta_directory=/etc/postfix \
  queue_directory="$D/spool-postfix" data_directory="$D/lib-postfix" >/dev/null
chown postfix:postfix "$D/lib-postfix"
cat > "$D/etc-postfix/main.cf" <<CONF
# Postfix of lab host $H: accepts mail, cannot deliver anything remote (the relay port is closed).
compatibility_level = 3.6
queue_directory = /var/spool/postfix
data_directory = /var/lib/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = $H.$MAIL_DOMAIN
mydomain = $MAIL_DOMAIN
myorigin = \$myhostname
mydestination = \$myhostname, localhost
inet_interfaces = 127.0.0.1, $IP
inet_protocols = ipv4
mynetworks = 127.0.0.0/8, $NET.0/24
relayhost = [127.0.0.1]:2525
smtp_dns_support_level = disabled
smtp_connect_timeout = 2s
smtpd_banner = \$myhostname ESMTP \$mail_name (Debian/GNU)
smtpd_relay_restrictions = permit_mynetworks defer_unauth_destination
alias_maps =
alias_database =
biff = no
append_dot_mydomain = no
readme_directory = no
maillog_file = /var/log/mail.log
CONF
# No chroot: the private spool has no copies of /etc files that chrooted services would need.
postconf -c "$D/etc-postfix" -F '*/*/chroot = n'
