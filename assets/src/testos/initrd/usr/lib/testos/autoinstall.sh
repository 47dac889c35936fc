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

# --- ytool's answers without a process each ---------------------------------------------------------
# Validation asks a file a hundred questions or more, and a process for each made it slow. `ytool flat`
# prints a whole file as shell variables once; yt answers from them what `ytool CMD FILE PATH` prints
# (as $(...) captures it) in Y, with ytool's exit status, and asks ytool itself whatever they do not
# hold: its error messages, paths written other than plainly, files too big to tabulate. Callers
# copy Y before the next question. The contract is read once a shell; other files when yt_load says.
_yt_n=0 _yt_cf="" _yt_cp="" _yt_uf="" _yt_up=""
yt_load() { # FILE: read FILE's answers (again: the file may have changed)
  _yt_n=$((_yt_n + 1))
  if _yt_code=$(ytool flat "$1" "_y${_yt_n}_" 2>/dev/null); then
    eval "$_yt_code"
    _yt_p="_y${_yt_n}_"
  else
    _yt_p=""
  fi
  _yt_code=""
  if [ "$1" = "$CONTRACT" ]; then _yt_cf=$1 _yt_cp=$_yt_p; else _yt_uf=$1 _yt_up=$_yt_p; fi
}
yt() { # CMD FILE PATH, CMD one of type get bool keys len
  yt_held "$@" && return "$_yt_rc"
  Y=$(ytool "$@")
}
yt_held() { # CMD FILE PATH: yt's answer in Y and _yt_rc, if the variables hold it (else status 1)
  if [ "$2" = "$_yt_uf" ]; then
    _yt_p=$_yt_up
  elif [ "$2" = "$CONTRACT" ]; then
    [ "$_yt_cf" = "$CONTRACT" ] || yt_load "$CONTRACT"
    _yt_p=$_yt_cp
  else
    _yt_p=""
  fi
  case "$1" in type|get|bool|keys|len) ;; *) _yt_p="" ;; esac
  case "$_yt_p:$3" in
    :*) return 1 ;;
    *:.) _yt_e=_d ;;   # the root
    *:|*:.*|*.|*..*|*:*[!A-Za-z0-9_.-]*|*:0[0-9]*|*.0[0-9]*|*:-0*|*.-0*) return 1 ;;   # paths written otherwise
    *) _yt_e=${3//_/_u}; _yt_e=${_yt_e//./_d}; _yt_e=${_yt_e//-/_m} ;;
  esac
  eval "_yt_t=\${${_yt_p}t_$_yt_e-missing}"
  case "$1:$_yt_t" in
    type:*) Y=$_yt_t _yt_rc=0; return 0 ;;
    *:missing) Y="" _yt_rc=1; return 0 ;;   # ytool says nothing and exits 1
    get:str|get:null) _yt_v=v ;;
    bool:str|bool:null) _yt_v=b ;;
    keys:map) _yt_v=k ;;
    len:seq) _yt_v=l ;;
    *) return 1 ;;   # the wrong type: ytool's message
  esac
  eval "_yt_t=\${${_yt_p}${_yt_v}_$_yt_e+set}"
  [ -n "$_yt_t" ] || return 1
  eval "Y=\$${_yt_p}${_yt_v}_$_yt_e"
  _yt_rc=0
}
yt_grep() { # FILE PATH GREP_ARG...: `ytool get FILE PATH | grep GREP_ARG...`
  _yg_f=$1 _yg_p=$2
  shift 2
  if yt_held get "$_yg_f" "$_yg_p"; then
    [ "$_yt_rc" = 0 ] && printf '%s\n' "$Y" | grep "$@"
  else
    ytool get "$_yg_f" "$_yg_p" | grep "$@"
  fi
}

fate() { # SECTION: in _fate honoured, ignored, refused (also for a section the contract does not
         # know, or one that only other flavours honour)
  yt get "$CONTRACT" "sections.$1.fate" 2>/dev/null || { _fate=refused; return 0; }
  _fate=$Y
  if [ "$_fate" != refused ]; then
    yt type "$CONTRACT" "sections.$1.flavours"
    if [ "$Y" = seq ]; then
      contract_list "sections.$1.flavours"
      case " $_list " in *" $FLAVOUR "*) ;; *) _fate=refused ;; esac
    fi
  fi
  return 0
}
why() { yt get "$CONTRACT" "sections.$1.why" 2>/dev/null; _why_rc=$?; printf '%s' "$Y"; return $_why_rc; }
contract_list() { # PATH: in _list the contract's list at PATH, space-separated
  yt len "$CONTRACT" "$1" 2>/dev/null || Y=0
  _cl_n=$Y _cl_i=0 _list=""
  while [ "$_cl_i" -lt "$_cl_n" ]; do yt get "$CONTRACT" "$1.$_cl_i"; _list="$_list $Y"; _cl_i=$((_cl_i + 1)); done
  _list=${_list# }
}
# ignored_sections FILE: the sections of FILE the contract ignores (the installer warns about each).
ignored_sections() {
  yt_load "$1"
  yt keys "$1" autoinstall 2>/dev/null
  for _k in $Y; do
    fate "$_k"
    [ "$_fate" = ignored ] && echo "$_k"
  done
  return 0
}

# ignored_keys FILE: the sub-keys of honoured sections that the contract accepts without effect,
# as SECTION.KEY (the installer warns about each).
ignored_keys() {
  yt_load "$1"
  yt keys "$1" autoinstall 2>/dev/null
  for _k in $Y; do
    fate "$_k"
    [ "$_fate" = honoured ] || continue
    yt type "$CONTRACT" "sections.$_k.ignored-keys"
    [ "$Y" = seq ] || continue
    yt type "$1" "autoinstall.$_k"
    [ "$Y" = map ] || continue
    contract_list "sections.$_k.ignored-keys"
    _ignored=" $_list "
    yt keys "$1" "autoinstall.$_k"
    for _s in $Y; do
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
  yt keys "$_f" "$_p" || return 1
  _keys=$Y
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

honoured_sections() { # in _honoured, space-separated
  _hs_out=""
  yt keys "$CONTRACT" sections
  for _hs_k in $Y; do
    fate "$_hs_k"
    [ "$_fate" = honoured ] && _hs_out="$_hs_out $_hs_k"
  done
  _honoured=${_hs_out# }
}

expect_type() { # FILE PATH TYPE...: the node at PATH is of one of the given ytool types
  yt type "$1" "$2"
  _t=$Y
  _f=$1 _p=$2
  shift 2
  case " $* " in *" $_t "*) return 0;; esac
  problem "autoinstall: '${_p#autoinstall.}' must be a $(echo "$*" | sed 's/ / or /g'), not a $_t"
}

expect_bool() { # FILE PATH
  yt type "$1" "$2"
  [ "$Y" = missing ] && return 0
  yt bool "$1" "$2" 2>/dev/null && return 0
  yt get "$1" "$2" 2>/dev/null
  problem "autoinstall: '${2#autoinstall.}' must be true or false, not '$Y'"
}

expect_commands() { # FILE PATH: a list of commands, each a string or a list of strings (argv)
  yt type "$1" "$2"
  [ "$Y" = missing ] && return 0
  expect_type "$1" "$2" seq || return 1
  yt len "$1" "$2"
  _n=$Y
  _i=0
  while [ "$_i" -lt "$_n" ]; do
    expect_type "$1" "$2.$_i" str seq || return 1
    _i=$((_i + 1))
  done
}

# curtin's action lists (storage: config:), the subset the test OS installs: one blank disk with a
# GPT or MBR table, partitions, ext2/3/4, FAT and swap, LVM, mounts. Sizes are curtin's (512M, 1.5G,
# bytes) or subiquity's -1 for the rest.
STORAGE_TYPES="disk partition format mount lvm_volgroup lvm_partition"
FSTYPES="ext2 ext3 ext4 vfat fat fat16 fat32 swap"
FLAGS="bios_grub boot swap lvm linux home"
check_storage_config() { # FILE
  _c=autoinstall.storage.config
  yt len "$1" "$_c"
  _sn=$Y
  _ids="" _disks=0 _root=no
  _si=0
  while [ "$_si" -lt "$_sn" ]; do   # first pass: types, keys and ids
    _sp="$_c.$_si"
    expect_type "$1" "$_sp" map || return 1
    yt get "$1" "$_sp.type" 2>/dev/null
    _st=$Y
    yt get "$1" "$_sp.id" 2>/dev/null
    _id=$Y
    [ -n "$_id" ] || { problem "autoinstall: 'storage.config[$_si]' has no 'id'"; return 1; }
    case " $STORAGE_TYPES " in
      *" $_st "*) ;;
      *) problem "autoinstall: 'storage.config[$_si]' ($_id) is of type '$_st', which the test OS does not install (supported: $STORAGE_TYPES)"; return 1 ;;
    esac
    case "$_st" in
      # keys subiquity writes into an installed system's autoinstall-user-data are accepted too:
      # serial/wwn (the disk is found by path or match), a partition's path/uuid/partition_name
      disk) only_keys "$1" "$_sp" type id ptable path match grub_device wipe preserve name serial wwn || return 1
            _disks=$((_disks + 1)) ;;
      partition) only_keys "$1" "$_sp" type id device size flag number wipe preserve grub_device name offset \
                   partition_type partition_name path uuid resize || return 1 ;;
      format) only_keys "$1" "$_sp" type id volume fstype label preserve uuid || return 1 ;;
      mount) only_keys "$1" "$_sp" type id device path options || return 1 ;;
      lvm_volgroup) only_keys "$1" "$_sp" type id name devices preserve || return 1 ;;
      lvm_partition) only_keys "$1" "$_sp" type id name volgroup size wipe preserve path || return 1 ;;
    esac
    expect_bool "$1" "$_sp.preserve" || return 1
    yt bool "$1" "$_sp.preserve" 2>/dev/null
    [ "$Y" = true ] \
      && { problem "autoinstall: 'storage.config[$_si]' ($_id) has preserve: true, but a lab machine's disks are blank"; return 1; }
    case " $_ids " in *" $_id="*) problem "autoinstall: 'storage.config' has the id '$_id' twice"; return 1 ;; esac
    _ids="$_ids $_id=$_st"
    _si=$((_si + 1))
  done
  [ "$_disks" -eq 1 ] || { problem "autoinstall: 'storage.config' must have one disk, not $_disks (the test OS installs onto one disk)"; return 1; }
  _si=0
  while [ "$_si" -lt "$_sn" ]; do   # second pass: values and references
    _sp="$_c.$_si"
    yt get "$1" "$_sp.type"
    _st=$Y
    yt get "$1" "$_sp.id"
    _id=$Y
    case "$_st" in
      disk)
        yt get "$1" "$_sp.ptable" 2>/dev/null
        case "$Y" in
          gpt|msdos) ;;
          *) problem "autoinstall: disk '$_id' needs ptable gpt or msdos"; return 1 ;;
        esac
        yt type "$1" "$_sp.match"
        if [ "$Y" != missing ]; then
          expect_type "$1" "$_sp.match" map || return 1
          only_keys "$1" "$_sp.match" size || return 1
          yt get "$1" "$_sp.match.size" 2>/dev/null
          case "$Y" in
            largest|smallest) ;;
            *) problem "autoinstall: disk '$_id' match size must be largest or smallest"; return 1 ;;
          esac
        fi ;;
      partition)
        storage_ref "$1" "$_sp" device "$_id" disk || return 1
        storage_size "$1" "$_sp" "$_id" || return 1
        yt type "$1" "$_sp.offset"
        if [ "$Y" != missing ]; then
          yt_grep "$1" "$_sp.offset" -Eq '^[0-9]+(\.[0-9]+)?[KMGT]?B?$' \
            || { yt get "$1" "$_sp.offset"; problem "autoinstall: partition '$_id' offset '$Y' is not a size like 1048576 or 1M"; return 1; }
        fi
        expect_bool "$1" "$_sp.resize" || return 1
        yt bool "$1" "$_sp.resize" 2>/dev/null
        [ "$Y" = true ] && { problem "autoinstall: partition '$_id' has resize: true, but a lab machine's disks are blank"; return 1; }
        yt get "$1" "$_sp.flag" 2>/dev/null
        _flag=$Y
        if [ -n "$_flag" ]; then
          case " $FLAGS " in
            *" $_flag "*) ;;
            *) problem "autoinstall: partition '$_id' has flag '$_flag', which the test OS does not install (supported: $FLAGS)"; return 1 ;;
          esac
        fi
        yt type "$1" "$_sp.number"
        if [ "$Y" != missing ]; then
          yt_grep "$1" "$_sp.number" -Eq '^[1-9][0-9]?$' \
            || { problem "autoinstall: partition '$_id' number must be a whole number from 1"; return 1; }
        fi ;;
      format)
        storage_ref "$1" "$_sp" volume "$_id" partition lvm_partition || return 1
        yt get "$1" "$_sp.fstype" 2>/dev/null
        _fs=$Y
        case " $FSTYPES " in
          *" $_fs "*) ;;
          *) problem "autoinstall: format '$_id' has fstype '$_fs', which the test OS cannot make (supported: $FSTYPES)"; return 1 ;;
        esac ;;
      mount)
        storage_ref "$1" "$_sp" device "$_id" format || return 1
        yt get "$1" "$_sp.path" 2>/dev/null
        _path=$Y
        case "$_path" in
          /) _root=yes ;;
          /*|none|"") ;;
          *) problem "autoinstall: mount '$_id' path '$_path' is not an absolute path"; return 1 ;;
        esac ;;
      lvm_volgroup)
        yt get "$1" "$_sp.name" 2>/dev/null
        [ -n "$Y" ] || { problem "autoinstall: lvm_volgroup '$_id' has no 'name'"; return 1; }
        expect_type "$1" "$_sp.devices" seq || return 1
        yt len "$1" "$_sp.devices"
        _sm=$Y
        [ "$_sm" -gt 0 ] || { problem "autoinstall: lvm_volgroup '$_id' has no devices"; return 1; }
        _sj=0
        while [ "$_sj" -lt "$_sm" ]; do
          storage_ref "$1" "$_sp" "devices.$_sj" "$_id" partition || return 1
          _sj=$((_sj + 1))
        done ;;
      lvm_partition)
        yt get "$1" "$_sp.name" 2>/dev/null
        [ -n "$Y" ] || { problem "autoinstall: lvm_partition '$_id' has no 'name'"; return 1; }
        storage_ref "$1" "$_sp" volgroup "$_id" lvm_volgroup || return 1
        yt type "$1" "$_sp.size"
        [ "$Y" = missing ] || storage_size "$1" "$_sp" "$_id" || return 1 ;;
    esac
    _si=$((_si + 1))
  done
  [ "$_root" = yes ] || { problem "autoinstall: 'storage.config' mounts nothing at /"; return 1; }
}
storage_ref() { # FILE PATH KEY ID TYPE...: PATH.KEY names an id of one of the TYPEs
  yt get "$1" "$2.$3" 2>/dev/null
  _ref=$Y
  _f=$1 _rp=$2 _rk=$3 _rid=$4
  shift 4
  [ -n "$_ref" ] || { problem "autoinstall: storage '$_rid' has no '${_rk%%.*}'"; return 1; }
  for _rt in "$@"; do
    case " $_ids " in *" $_ref=$_rt "*) return 0 ;; esac
  done
  problem "autoinstall: storage '$_rid' refers to '$_ref' as its ${_rk%%.*}, but 'storage.config' has no $(echo "$*" | sed 's/ / or /g') with that id"
}
storage_size() { # FILE PATH ID: a size as curtin reads it (512M, 1.5G, 1073741824) or -1 for the rest
  yt get "$1" "$2.size" 2>/dev/null
  _size=$Y
  echo "$_size" | grep -Eq '^(-1|[0-9]+(\.[0-9]+)?[KMGT]?B?)$' \
    || { problem "autoinstall: storage '$3' size '$_size' is not a size like 512M, 1.5G or -1 (the rest)"; return 1; }
}

validate_user_data() { # FILE [FLAVOUR]
  f=$1
  [ -n "${2:-}" ] && FLAVOUR=$2
  [ -s "$f" ] || { problem "user-data is empty"; return 1; }
  head -n 1 "$f" | grep -q '^#cloud-config' \
    || { problem "user-data does not start with '#cloud-config' (first line: $(head -n 1 "$f" | cut -c1-60))"; return 1; }
  err=$(ytool check "$f" 2>&1) || { problem "user-data is not valid YAML: ${err#$f: }"; return 1; }
  yt_load "$f"
  yt type "$f" .
  [ "$Y" = map ] || { problem "user-data is not a YAML mapping"; return 1; }
  yt keys "$f" .
  keys=$Y
  for k in $keys; do
    [ "$k" = autoinstall ] || { problem "unsupported key '$k' at the top level of user-data (this installer reads only 'autoinstall')"; return 1; }
  done
  yt type "$f" autoinstall
  [ "$Y" = map ] || { problem "user-data has no 'autoinstall' mapping"; return 1; }
  yt keys "$f" autoinstall
  for k in $Y; do
    fate "$k"
    case "$_fate" in
      honoured|ignored) ;;
      *) yt get "$CONTRACT" "sections.$k.why" 2>/dev/null
         _why=$Y
         honoured_sections
         problem "unsupported autoinstall key '$k'${_why:+: $_why} (supported: $_honoured)"
         return 1 ;;
    esac
  done

  yt get "$f" autoinstall.version 2>/dev/null || Y=missing
  [ "$Y" = 1 ] \
    || { problem "autoinstall: 'version' must be 1, not '$Y'"; return 1; }

  yt type "$f" autoinstall.identity
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.identity map || return 1
    contract_list sections.identity.keys
    only_keys "$f" autoinstall.identity $_list || return 1
    for k in hostname username password; do
      yt type "$f" "autoinstall.identity.$k"
      [ "$Y" = str ] || { problem "autoinstall: 'identity.$k' is required"; return 1; }
    done
    yt_grep "$f" autoinstall.identity.hostname -Eq '^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$' \
      || { yt get "$f" autoinstall.identity.hostname; problem "autoinstall: 'identity.hostname' '$Y' is not a valid host name"; return 1; }
    yt_grep "$f" autoinstall.identity.username -Eq '^[a-z_][a-z0-9_-]{0,31}$' \
      || { yt get "$f" autoinstall.identity.username; problem "autoinstall: 'identity.username' '$Y' is not a valid user name"; return 1; }
    yt get "$f" autoinstall.identity.password
    case "$Y" in
      *:*|*"
"*) problem "autoinstall: 'identity.password' must be a crypt(3) hash"; return 1 ;;
    esac
  else
    yt type "$f" autoinstall.user-data
    [ "$Y" = missing ] && { problem "autoinstall: 'identity' is required when there is no 'user-data'"; return 1; }
  fi

  yt type "$f" autoinstall.ssh
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.ssh map || return 1
    contract_list sections.ssh.keys
    only_keys "$f" autoinstall.ssh $_list || return 1
    expect_bool "$f" autoinstall.ssh.install-server || return 1
    expect_bool "$f" autoinstall.ssh.allow-pw || return 1
    yt type "$f" autoinstall.ssh.authorized-keys
    if [ "$Y" != missing ]; then
      expect_type "$f" autoinstall.ssh.authorized-keys seq || return 1
    fi
  fi

  yt type "$f" autoinstall.storage
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.storage map || return 1
    contract_list sections.storage.keys
    only_keys "$f" autoinstall.storage $_list || return 1
    yt type "$f" autoinstall.storage.layout
    _lt=$Y
    yt type "$f" autoinstall.storage.config
    case "$_lt $Y" in
      "missing seq") check_storage_config "$f" || return 1 ;;
      "missing missing") problem "autoinstall: 'storage' needs a 'layout' or a 'config'"; return 1 ;;
      "missing "*) expect_type "$f" autoinstall.storage.config seq || return 1 ;;
      *" missing") ;;
      *) problem "autoinstall: 'storage' has both 'layout' and 'config': give one (Ubuntu's installer would use only the layout)"; return 1 ;;
    esac
  fi
  yt type "$f" autoinstall.storage.layout
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.storage.layout map || return 1
    only_keys "$f" autoinstall.storage.layout name sizing-policy match || return 1
    yt get "$f" autoinstall.storage.layout.name 2>/dev/null
    layout=$Y
    case "$layout" in direct|lvm) ;; *) problem "autoinstall: storage layout '$layout' is not supported (direct, lvm)"; return 1 ;; esac
    yt get "$f" autoinstall.storage.layout.sizing-policy 2>/dev/null || Y=scaled
    case "$Y" in
      scaled|all) ;;
      *) problem "autoinstall: storage layout sizing-policy '$Y' is not supported (scaled, all)"; return 1 ;;
    esac
  fi
  yt type "$f" autoinstall.storage.layout.match
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.storage.layout.match map || return 1
    only_keys "$f" autoinstall.storage.layout.match size || return 1
    yt get "$f" autoinstall.storage.layout.match.size 2>/dev/null
    case "$Y" in
      largest|smallest) ;;
      *) yt get "$f" autoinstall.storage.layout.match.size
         problem "autoinstall: storage layout match size '$Y' is not supported (largest, smallest)"; return 1 ;;
    esac
  fi
  yt type "$f" autoinstall.storage.swap
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.storage.swap map || return 1
    only_keys "$f" autoinstall.storage.swap size filename maxsize || return 1
    yt_grep "$f" autoinstall.storage.swap.size -Eq '^[0-9]+([KMGT]B?)?$' 2>/dev/null \
      || { problem "autoinstall: 'storage.swap.size' must be a size like 0, 512M or 2G"; return 1; }
  fi

  for k in locale timezone; do
    yt type "$f" "autoinstall.$k"
    [ "$Y" = missing ] || expect_type "$f" "autoinstall.$k" str || return 1
  done
  yt type "$f" autoinstall.locale
  if [ "$Y" = str ]; then
    yt_grep "$f" autoinstall.locale -Eq '^([A-Za-z]{2,3}(_[A-Za-z]{2})?|C|POSIX)([.][A-Za-z0-9-]+)?(@[a-z]+)?$' \
      || { yt get "$f" autoinstall.locale; problem "autoinstall: 'locale' '$Y' is not a locale name like en_US.UTF-8"; return 1; }
  fi
  yt type "$f" autoinstall.timezone
  if [ "$Y" = str ]; then
    yt_grep "$f" autoinstall.timezone -Eq '^(geoip|[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*)$' \
      || { yt get "$f" autoinstall.timezone; problem "autoinstall: 'timezone' '$Y' is not a time zone name like Europe/Berlin"; return 1; }
  fi
  yt type "$f" autoinstall.keyboard
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.keyboard map || return 1
    contract_list sections.keyboard.keys
    only_keys "$f" autoinstall.keyboard $_list || return 1
    yt type "$f" autoinstall.keyboard.layout
    [ "$Y" = str ] || { problem "autoinstall: 'keyboard.layout' is required"; return 1; }
  fi
  yt type "$f" autoinstall.network
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.network map || return 1
    net=autoinstall.network
    yt type "$f" autoinstall.network.network
    [ "$Y" = map ] && net=autoinstall.network.network
    yt get "$f" "$net.version" 2>/dev/null || Y=missing
    [ "$Y" = 2 ] \
      || { problem "autoinstall: '${net#autoinstall.}.version' must be 2 (netplan), not '$Y'"; return 1; }
  fi
  yt type "$f" autoinstall.packages
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.packages seq || return 1
    yt len "$f" autoinstall.packages
    _n=$Y
    _i=0
    while [ "$_i" -lt "$_n" ]; do
      yt_grep "$f" "autoinstall.packages.$_i" -Eq '^[a-z0-9][a-z0-9+.-]+$' 2>/dev/null \
        || { problem "autoinstall: 'packages[$_i]' is not a package name"; return 1; }
      _i=$((_i + 1))
    done
  fi
  yt type "$f" autoinstall.apt
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.apt map || return 1
    contract_list sections.apt.keys
    only_keys "$f" autoinstall.apt $_list || return 1
    yt type "$f" autoinstall.apt.preferences
    [ "$Y" = missing ] || expect_type "$f" autoinstall.apt.preferences seq || return 1
  fi
  yt type "$f" autoinstall.debconf-selections
  [ "$Y" = missing ] || expect_type "$f" autoinstall.debconf-selections str || return 1

  expect_commands "$f" autoinstall.early-commands || return 1
  expect_commands "$f" autoinstall.late-commands || return 1
  expect_commands "$f" autoinstall.error-commands || return 1

  yt type "$f" autoinstall.reporting
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.reporting map || return 1
    yt keys "$f" autoinstall.reporting
    for r in $Y; do
      p="autoinstall.reporting.$r"
      expect_type "$f" "$p" map || return 1
      yt get "$f" "$p.type" 2>/dev/null
      type=$Y
      case "$type" in
        webhook)
          only_keys "$f" "$p" type endpoint level || return 1
          yt_grep "$f" "$p.endpoint" -q '^http://' 2>/dev/null \
            || { problem "autoinstall: 'reporting.$r.endpoint' must be an http:// URL"; return 1; } ;;
        print|none) only_keys "$f" "$p" type level || return 1 ;;
        # accepted, with a warning from the installer: a lab has no syslog server to send to
        rsyslog) only_keys "$f" "$p" type destination level || return 1 ;;
        *) problem "autoinstall: reporting type '$type' of 'reporting.$r' is not supported (webhook, print, rsyslog, none)"; return 1 ;;
      esac
    done
  fi

  yt type "$f" autoinstall.user-data
  if [ "$Y" != missing ]; then
    expect_type "$f" autoinstall.user-data map || return 1
    yt type "$CONTRACT" "flavours.$FLAVOUR.user-data"
    if [ "$Y" = seq ]; then
      contract_list "flavours.$FLAVOUR.user-data"
      applied=" $_list "
      yt keys "$f" autoinstall.user-data
      for k in $Y; do
        case "$applied" in
          *" $k "*) ;;
          *) problem "user-data key '$k' is not applied by the $FLAVOUR test OS's first boot (applied:$(echo "$applied" | sed 's/ *$//'))"
             return 1 ;;
        esac
      done
    fi
  fi

  yt get "$f" autoinstall.shutdown 2>/dev/null || Y=reboot
  case "$Y" in
    reboot|poweroff) ;;
    *) problem "autoinstall: 'shutdown' must be reboot or poweroff, not '$Y'"; return 1 ;;
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
