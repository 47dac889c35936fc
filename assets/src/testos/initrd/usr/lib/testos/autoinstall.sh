#!/bin/sh
# The test OS installer's reading of Ubuntu autoinstall: which keys it supports, and what a valid
# value of each looks like. Sourced by installer.sh; also runnable on the build host, which is how
# the assets module's tests check it:
#
#   autoinstall.sh validate USER_DATA      exit 0, or print the first problem and exit 1
#
#   autoinstall.sh validate USER_DATA FLAVOUR   also check the user-data keys FLAVOUR's first boot applies
#
# What happens to each section is the test OS's contract (contract.yaml next to this file, the same
# file pxelab's validator reads): honoured sections are applied as Ubuntu's subiquity applies them,
# ignored ones are accepted with a warning, refused and unknown ones are refused by name with why.

CONTRACT=${TESTOS_CONTRACT:-/usr/lib/testos/contract.yaml}

# The flavour whose contract applies: the installer sets it from the kernel command line.
FLAVOUR=${FLAVOUR:-tiny}

fate() { # SECTION: honoured, ignored, refused (also for a section the contract does not know, or
         # one that only other flavours honour)
  _fate=$(ytool get "$CONTRACT" "sections.$1.fate" 2>/dev/null) || { echo refused; return 0; }
  if [ "$_fate" != refused ] && [ "$(ytool type "$CONTRACT" "sections.$1.flavours")" = seq ]; then
    case " $(contract_list "sections.$1.flavours") " in *" $FLAVOUR "*) ;; *) _fate=refused ;; esac
  fi
  echo "$_fate"
}
why() { ytool get "$CONTRACT" "sections.$1.why" 2>/dev/null; }
contract_list() { # PATH: the contract's list at PATH, space-separated
  _n=$(ytool len "$CONTRACT" "$1" 2>/dev/null || echo 0)
  _i=0 _out=""
  while [ "$_i" -lt "$_n" ]; do _out="$_out $(ytool get "$CONTRACT" "$1.$_i")"; _i=$((_i + 1)); done
  echo "${_out# }"
}
# ignored_sections FILE: the sections of FILE the contract ignores (the installer warns about each).
ignored_sections() {
  for _k in $(ytool keys "$1" autoinstall 2>/dev/null); do
    [ "$(fate "$_k")" = ignored ] && echo "$_k"
  done
  return 0
}

# ignored_keys FILE: the sub-keys of honoured sections that the contract accepts without effect,
# as SECTION.KEY (the installer warns about each).
ignored_keys() {
  for _k in $(ytool keys "$1" autoinstall 2>/dev/null); do
    [ "$(fate "$_k")" = honoured ] && [ "$(ytool type "$CONTRACT" "sections.$_k.ignored-keys")" = seq ] \
      && [ "$(ytool type "$1" "autoinstall.$_k")" = map ] || continue
    _ignored=" $(contract_list "sections.$_k.ignored-keys") "
    for _s in $(ytool keys "$1" "autoinstall.$_k"); do
      case "$_ignored" in *" $_s "*) echo "$_k.$_s" ;; esac
    done
  done
  return 0
}

# problem MESSAGE: the validation result, for the caller to report.
problem() {
  echo "$*"
  return 1
}

# only_keys FILE PATH ALLOWED...: every key of the mapping at PATH is one of ALLOWED.
only_keys() {
  _f=$1 _p=$2
  shift 2
  _keys=$(ytool keys "$_f" "$_p") || return 1
  _allowed=" $* "
  _old_ifs=$IFS
  IFS='
'
  for _k in $_keys; do
    case "$_allowed" in
      *" $_k "*) ;;
      *) IFS=$_old_ifs
         _where=${_p#autoinstall}
         _where=${_where#.}
         problem "unsupported autoinstall key '${_where:+$_where.}$_k' (supported${_where:+ under '$_where'}:$(echo "$_allowed" | sed 's/ *$//'))"
         return 1 ;;
    esac
  done
  IFS=$_old_ifs
}

honoured_sections() {
  _out=""
  for _k in $(ytool keys "$CONTRACT" sections); do
    [ "$(fate "$_k")" = honoured ] && _out="$_out $_k"
  done
  echo "${_out# }"
}

expect_type() { # FILE PATH TYPE...: the node at PATH is of one of the given ytool types
  _t=$(ytool type "$1" "$2")
  _f=$1 _p=$2
  shift 2
  case " $* " in *" $_t "*) return 0;; esac
  problem "autoinstall: '${_p#autoinstall.}' must be a $(echo "$*" | sed 's/ / or /g'), not a $_t"
}

expect_bool() { # FILE PATH
  [ "$(ytool type "$1" "$2")" = missing ] && return 0
  ytool bool "$1" "$2" >/dev/null 2>&1 || problem "autoinstall: '${2#autoinstall.}' must be true or false, not '$(ytool get "$1" "$2" 2>/dev/null)'"
}

expect_commands() { # FILE PATH: a list of commands, each a string or a list of strings (argv)
  [ "$(ytool type "$1" "$2")" = missing ] && return 0
  expect_type "$1" "$2" seq || return 1
  _n=$(ytool len "$1" "$2")
  _i=0
  while [ "$_i" -lt "$_n" ]; do
    expect_type "$1" "$2.$_i" str seq || return 1
    _i=$((_i + 1))
  done
}

validate_user_data() { # FILE [FLAVOUR]
  f=$1
  [ -n "${2:-}" ] && FLAVOUR=$2
  [ -s "$f" ] || { problem "user-data is empty"; return 1; }
  head -n 1 "$f" | grep -q '^#cloud-config' \
    || { problem "user-data does not start with '#cloud-config' (first line: $(head -n 1 "$f" | cut -c1-60))"; return 1; }
  err=$(ytool check "$f" 2>&1) || { problem "user-data is not valid YAML: ${err#$f: }"; return 1; }
  [ "$(ytool type "$f" .)" = map ] || { problem "user-data is not a YAML mapping"; return 1; }
  keys=$(ytool keys "$f" .)
  for k in $keys; do
    [ "$k" = autoinstall ] || { problem "unsupported key '$k' at the top level of user-data (this installer reads only 'autoinstall')"; return 1; }
  done
  [ "$(ytool type "$f" autoinstall)" = map ] || { problem "user-data has no 'autoinstall' mapping"; return 1; }
  for k in $(ytool keys "$f" autoinstall); do
    case "$(fate "$k")" in
      honoured|ignored) ;;
      *) _why=$(why "$k")
         problem "unsupported autoinstall key '$k'${_why:+: $_why} (supported: $(honoured_sections))"
         return 1 ;;
    esac
  done

  [ "$(ytool get "$f" autoinstall.version 2>/dev/null)" = 1 ] \
    || { problem "autoinstall: 'version' must be 1, not '$(ytool get "$f" autoinstall.version 2>/dev/null || echo missing)'"; return 1; }

  if [ "$(ytool type "$f" autoinstall.identity)" != missing ]; then
    expect_type "$f" autoinstall.identity map || return 1
    only_keys "$f" autoinstall.identity $(contract_list sections.identity.keys) || return 1
    for k in hostname username password; do
      [ "$(ytool type "$f" "autoinstall.identity.$k")" = str ] || { problem "autoinstall: 'identity.$k' is required"; return 1; }
    done
    ytool get "$f" autoinstall.identity.hostname | grep -Eq '^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$' \
      || { problem "autoinstall: 'identity.hostname' '$(ytool get "$f" autoinstall.identity.hostname)' is not a valid host name"; return 1; }
    ytool get "$f" autoinstall.identity.username | grep -Eq '^[a-z_][a-z0-9_-]{0,31}$' \
      || { problem "autoinstall: 'identity.username' '$(ytool get "$f" autoinstall.identity.username)' is not a valid user name"; return 1; }
    case "$(ytool get "$f" autoinstall.identity.password)" in
      *:*|*"
"*) problem "autoinstall: 'identity.password' must be a crypt(3) hash"; return 1 ;;
    esac
  elif [ "$(ytool type "$f" autoinstall.user-data)" = missing ]; then
    problem "autoinstall: 'identity' is required when there is no 'user-data'"; return 1
  fi

  if [ "$(ytool type "$f" autoinstall.ssh)" != missing ]; then
    expect_type "$f" autoinstall.ssh map || return 1
    only_keys "$f" autoinstall.ssh $(contract_list sections.ssh.keys) || return 1
    expect_bool "$f" autoinstall.ssh.install-server || return 1
    expect_bool "$f" autoinstall.ssh.allow-pw || return 1
    if [ "$(ytool type "$f" autoinstall.ssh.authorized-keys)" != missing ]; then
      expect_type "$f" autoinstall.ssh.authorized-keys seq || return 1
    fi
  fi

  if [ "$(ytool type "$f" autoinstall.storage)" != missing ]; then
    expect_type "$f" autoinstall.storage map || return 1
    only_keys "$f" autoinstall.storage $(contract_list sections.storage.keys) || return 1
    expect_type "$f" autoinstall.storage.layout map || return 1
    only_keys "$f" autoinstall.storage.layout name sizing-policy match || return 1
    layout=$(ytool get "$f" autoinstall.storage.layout.name 2>/dev/null)
    case "$layout" in direct|lvm) ;; *) problem "autoinstall: storage layout '$layout' is not supported (direct, lvm)"; return 1 ;; esac
    case "$(ytool get "$f" autoinstall.storage.layout.sizing-policy 2>/dev/null || echo scaled)" in
      scaled|all) ;;
      *) problem "autoinstall: storage layout sizing-policy '$(ytool get "$f" autoinstall.storage.layout.sizing-policy)' is not supported (scaled, all)"; return 1 ;;
    esac
    if [ "$(ytool type "$f" autoinstall.storage.swap)" != missing ]; then
      expect_type "$f" autoinstall.storage.swap map || return 1
      only_keys "$f" autoinstall.storage.swap size filename maxsize || return 1
      ytool get "$f" autoinstall.storage.swap.size 2>/dev/null | grep -Eq '^[0-9]+([KMGT]B?)?$' \
        || { problem "autoinstall: 'storage.swap.size' must be a size like 0, 512M or 2G"; return 1; }
    fi
    if [ "$(ytool type "$f" autoinstall.storage.layout.match)" != missing ]; then
      expect_type "$f" autoinstall.storage.layout.match map || return 1
      only_keys "$f" autoinstall.storage.layout.match size || return 1
      case "$(ytool get "$f" autoinstall.storage.layout.match.size 2>/dev/null)" in
        largest|smallest) ;;
        *) problem "autoinstall: storage layout match size '$(ytool get "$f" autoinstall.storage.layout.match.size)' is not supported (largest, smallest)"; return 1 ;;
      esac
    fi
  fi

  for k in locale timezone; do
    [ "$(ytool type "$f" "autoinstall.$k")" = missing ] || expect_type "$f" "autoinstall.$k" str || return 1
  done
  if [ "$(ytool type "$f" autoinstall.locale)" = str ]; then
    ytool get "$f" autoinstall.locale | grep -Eq '^([A-Za-z]{2,3}(_[A-Za-z]{2})?|C|POSIX)([.][A-Za-z0-9-]+)?(@[a-z]+)?$' \
      || { problem "autoinstall: 'locale' '$(ytool get "$f" autoinstall.locale)' is not a locale name like en_US.UTF-8"; return 1; }
  fi
  if [ "$(ytool type "$f" autoinstall.timezone)" = str ]; then
    ytool get "$f" autoinstall.timezone | grep -Eq '^(geoip|[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*)$' \
      || { problem "autoinstall: 'timezone' '$(ytool get "$f" autoinstall.timezone)' is not a time zone name like Europe/Berlin"; return 1; }
  fi
  if [ "$(ytool type "$f" autoinstall.keyboard)" != missing ]; then
    expect_type "$f" autoinstall.keyboard map || return 1
    only_keys "$f" autoinstall.keyboard $(contract_list sections.keyboard.keys) || return 1
    [ "$(ytool type "$f" autoinstall.keyboard.layout)" = str ] || { problem "autoinstall: 'keyboard.layout' is required"; return 1; }
  fi
  if [ "$(ytool type "$f" autoinstall.network)" != missing ]; then
    expect_type "$f" autoinstall.network map || return 1
    net=autoinstall.network
    [ "$(ytool type "$f" autoinstall.network.network)" = map ] && net=autoinstall.network.network
    [ "$(ytool get "$f" "$net.version" 2>/dev/null)" = 2 ] \
      || { problem "autoinstall: '${net#autoinstall.}.version' must be 2 (netplan), not '$(ytool get "$f" "$net.version" 2>/dev/null || echo missing)'"; return 1; }
  fi
  if [ "$(ytool type "$f" autoinstall.packages)" != missing ]; then
    expect_type "$f" autoinstall.packages seq || return 1
    _n=$(ytool len "$f" autoinstall.packages)
    _i=0
    while [ "$_i" -lt "$_n" ]; do
      ytool get "$f" "autoinstall.packages.$_i" 2>/dev/null | grep -Eq '^[a-z0-9][a-z0-9+.-]+$' \
        || { problem "autoinstall: 'packages[$_i]' is not a package name"; return 1; }
      _i=$((_i + 1))
    done
  fi
  if [ "$(ytool type "$f" autoinstall.apt)" != missing ]; then
    expect_type "$f" autoinstall.apt map || return 1
    only_keys "$f" autoinstall.apt $(contract_list sections.apt.keys) || return 1
    [ "$(ytool type "$f" autoinstall.apt.preferences)" = missing ] || expect_type "$f" autoinstall.apt.preferences seq || return 1
  fi
  [ "$(ytool type "$f" autoinstall.debconf-selections)" = missing ] || expect_type "$f" autoinstall.debconf-selections str || return 1

  expect_commands "$f" autoinstall.early-commands || return 1
  expect_commands "$f" autoinstall.late-commands || return 1
  expect_commands "$f" autoinstall.error-commands || return 1

  if [ "$(ytool type "$f" autoinstall.reporting)" != missing ]; then
    expect_type "$f" autoinstall.reporting map || return 1
    for r in $(ytool keys "$f" autoinstall.reporting); do
      p="autoinstall.reporting.$r"
      expect_type "$f" "$p" map || return 1
      type=$(ytool get "$f" "$p.type" 2>/dev/null)
      case "$type" in
        webhook)
          only_keys "$f" "$p" type endpoint level || return 1
          ytool get "$f" "$p.endpoint" 2>/dev/null | grep -q '^http://' \
            || { problem "autoinstall: 'reporting.$r.endpoint' must be an http:// URL"; return 1; } ;;
        print|none) only_keys "$f" "$p" type level || return 1 ;;
        *) problem "autoinstall: reporting type '$type' of 'reporting.$r' is not supported (webhook, print, none)"; return 1 ;;
      esac
    done
  fi

  if [ "$(ytool type "$f" autoinstall.user-data)" != missing ]; then
    expect_type "$f" autoinstall.user-data map || return 1
    if [ "$(ytool type "$CONTRACT" "flavours.$FLAVOUR.user-data")" = seq ]; then
      applied=" $(contract_list "flavours.$FLAVOUR.user-data") "
      for k in $(ytool keys "$f" autoinstall.user-data); do
        case "$applied" in
          *" $k "*) ;;
          *) problem "user-data key '$k' is not applied by the $FLAVOUR test OS's first boot (applied:$(echo "$applied" | sed 's/ *$//'))"
             return 1 ;;
        esac
      done
    fi
  fi

  case "$(ytool get "$f" autoinstall.shutdown 2>/dev/null || echo reboot)" in
    reboot|poweroff) ;;
    *) problem "autoinstall: 'shutdown' must be reboot or poweroff, not '$(ytool get "$f" autoinstall.shutdown)'"; return 1 ;;
  esac
  return 0
}

# unsupported_cloud_config_keys FILE ALLOWED_KEYS_FILE: the user-data keys a flavour cannot apply.
unsupported_cloud_config_keys() {
  for k in $(ytool keys "$1" autoinstall.user-data); do
    grep -qx "$k" "$2" || echo "$k"
  done
}

if [ "${1:-}" = validate ] && { [ $# -eq 2 ] || [ $# -eq 3 ]; }; then
  CONTRACT=${TESTOS_CONTRACT:-$(dirname "$0")/contract.yaml}
  validate_user_data "$2" "${3:-}"
  exit $?
fi
