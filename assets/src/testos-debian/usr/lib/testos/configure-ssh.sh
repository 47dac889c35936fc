#!/bin/sh
# Run by the installer, chrooted into the installed system, after it wrote /etc/testos/ssh
# (INSTALL_SERVER, ALLOW_PW: subiquity's ssh section). OpenSSH under systemd.
set -eu
. /etc/testos/ssh
if [ "$INSTALL_SERVER" = true ]; then
  ln -sf /lib/systemd/system/ssh.service /etc/systemd/system/multi-user.target.wants/ssh.service
  ln -sf /lib/systemd/system/ssh.service /etc/systemd/system/sshd.service
else
  rm -f /etc/systemd/system/multi-user.target.wants/ssh.service /etc/systemd/system/sshd.service
fi
if [ "$ALLOW_PW" = true ]; then pw=yes; else pw=no; fi
printf 'PasswordAuthentication %s\nKbdInteractiveAuthentication no\n' "$pw" > /etc/ssh/sshd_config.d/50-testos-installer.conf
