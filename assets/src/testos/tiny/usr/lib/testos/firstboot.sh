#!/bin/sh
# The tiny system's stand-in for cloud-init: applies a NoCloud user-data (#cloud-config) once, on
# the first boot, before the SSH server starts. It understands only these keys, with cloud-init's
# meaning (the installer refuses user-data with any other key for this flavour):
#   hostname, fqdn                      the host name (fqdn's first label when hostname is absent)
#   users                               "default" (the installer's identity user) or mappings with
#                                       name, gecos, shell, homedir, hashed_passwd/passwd,
#                                       lock_passwd, ssh_authorized_keys (groups, sudo: ignored)
#   ssh_authorized_keys                 added to the default user
#   write_files                         path, content, encoding (text, b64), permissions, owner, append
#   runcmd                              strings run by sh, lists run as argv, in order
# Locked passwords are written as '*', not '!': dropbear refuses key logins to '!' accounts.
set -u
ud=$1
log() { echo "testos-firstboot: $*"; }
fail=0
warn() { log "WARNING: $*"; fail=1; }
get() { ytool get "$ud" "$1" 2>/dev/null; }
type_of() { ytool type "$ud" "$1"; }
default_user=$(cat /etc/testos/default-user 2>/dev/null || true)

ytool check "$ud" || { warn "user-data is not valid YAML; nothing applied"; exit 1; }

name=$(get hostname || true)
[ -n "$name" ] || { fqdn=$(get fqdn || true); name=${fqdn%%.*}; }
if [ -n "$name" ]; then
  echo "$name" > /etc/hostname
  hostname "$name"
  log "hostname $name"
fi

add_keys() { # USER PATH-of-key-list
  home=$(awk -F: -v u="$1" '$1 == u {print $6}' /etc/passwd)
  [ -n "$home" ] || { warn "no user $1 for ssh keys"; return; }
  ids=$(awk -F: -v u="$1" '$1 == u {print $3 ":" $4}' /etc/passwd)
  mkdir -p "$home/.ssh"
  n=$(ytool len "$ud" "$2" 2>/dev/null || echo 0)
  i=0
  while [ "$i" -lt "$n" ]; do
    { get "$2.$i"; echo; } >> "$home/.ssh/authorized_keys"
    i=$((i + 1))
  done
  chmod 700 "$home/.ssh"; chmod 600 "$home/.ssh/authorized_keys"
  chown -R "$ids" "$home/.ssh"
  log "$n ssh key(s) for $1"
}

if [ "$(type_of users)" = seq ]; then
  n=$(ytool len "$ud" users)
  i=0
  while [ "$i" -lt "$n" ]; do
    p="users.$i"
    if [ "$(type_of "$p")" = str ]; then
      [ "$(get "$p")" = default ] || warn "users[$i]: only 'default' may be a plain string"
      i=$((i + 1)); continue
    fi
    u=$(get "$p.name" || true)
    [ -n "$u" ] || { warn "users[$i] has no name"; i=$((i + 1)); continue; }
    if ! grep -q "^$u:" /etc/passwd; then
      uid=1000
      while cut -d: -f3 /etc/passwd | grep -qx "$uid"; do uid=$((uid + 1)); done
      home=$(get "$p.homedir" || echo "/home/$u")
      echo "$u:x:$uid:$uid:$(get "$p.gecos" || true):$home:$(get "$p.shell" || echo /bin/sh)" >> /etc/passwd
      echo "$u:x:$uid:" >> /etc/group
      hash=$(get "$p.hashed_passwd" || get "$p.passwd" || echo '*')
      [ "$(ytool bool "$ud" "$p.lock_passwd" 2>/dev/null || echo true)" = true ] && hash='*'
      echo "$u:$hash:19000:0:99999:7:::" >> /etc/shadow
      mkdir -p "$home" && chown "$uid:$uid" "$home"
      log "user $u (uid $uid)"
    fi
    [ "$(type_of "$p.ssh_authorized_keys")" = seq ] && add_keys "$u" "$p.ssh_authorized_keys"
    i=$((i + 1))
  done
fi

if [ "$(type_of ssh_authorized_keys)" = seq ]; then
  if [ -n "$default_user" ]; then add_keys "$default_user" ssh_authorized_keys
  else add_keys root ssh_authorized_keys; fi
fi

if [ "$(type_of write_files)" = seq ]; then
  n=$(ytool len "$ud" write_files)
  i=0
  while [ "$i" -lt "$n" ]; do
    p="write_files.$i"
    path=$(get "$p.path" || true)
    if [ -z "$path" ]; then warn "write_files[$i] has no path"; i=$((i + 1)); continue; fi
    mkdir -p "$(dirname "$path")"
    redirect=">"
    [ "$(ytool bool "$ud" "$p.append" 2>/dev/null || echo false)" = true ] && redirect=">>"
    case "$(get "$p.encoding" || echo text)" in
      text|"") eval "get \"\$p.content\" $redirect \"\$path\"" ;;
      b64|base64) eval "get \"\$p.content\" | base64 -d $redirect \"\$path\"" ;;
      *) warn "write_files[$i]: encoding $(get "$p.encoding") not supported" ;;
    esac
    perm=$(get "$p.permissions" || echo 0644)
    chmod "$perm" "$path"
    owner=$(get "$p.owner" || true)
    [ -n "$owner" ] && chown "$owner" "$path"
    log "wrote $path"
    i=$((i + 1))
  done
fi

if [ "$(type_of runcmd)" = seq ]; then
  n=$(ytool len "$ud" runcmd)
  script=/var/lib/testos/runcmd
  echo "#!/bin/sh" > "$script"
  i=0
  while [ "$i" -lt "$n" ]; do
    if [ "$(type_of "runcmd.$i")" = seq ]; then
      m=$(ytool len "$ud" "runcmd.$i")
      j=0 line=""
      while [ "$j" -lt "$m" ]; do
        arg=$(get "runcmd.$i.$j" | sed "s/'/'\\\\''/g")
        line="$line '$arg'"
        j=$((j + 1))
      done
      echo "$line" >> "$script"
    else
      get "runcmd.$i" >> "$script"; echo >> "$script"
    fi
    i=$((i + 1))
  done
  chmod 700 "$script"
  if sh "$script"; then log "runcmd done"; else warn "runcmd failed with exit status $?"; fi
fi

mkdir -p /var/lib/testos
date > /var/lib/testos/firstboot.done
[ "$fail" -eq 0 ] && log "user-data applied" || log "user-data applied with warnings"
