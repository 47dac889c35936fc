#!/bin/sh
# busybox-static 1.35 wget crashes (SIGSEGV) with -T: time limits come from the timeout applet.
# The test OS installer: what Ubuntu's subiquity does for the autoinstall subset in autoinstall.sh,
# in busybox shell. Reads the kernel command line `autoinstall ds=nocloud-net;s=URL/`, fetches
# NoCloud user-data and meta-data from URL, installs onto the largest disk, reports curtin events
# to the reporting webhook, then reboots (or powers off).
#
# Kernel command line extras (all optional):
#   testos.image=URL    the system image to unpack, .tar or .tar.gz (default: http://<seed host>/testos/<uname -m>/tiny-rootfs.tar)
#   testos.report=URL   webhook used when user-data names none, or cannot be read at all
#   testos.flavour=NAME the flavour of the image (tiny, debian): whose contract the user-data is read by
#   testos.packages=URL the lab's package repository (a flat apt repository), for `packages`
#   --- ARGS            kernel parameters for the installed system too, as Debian's installer
#                       reads them: everything after `---` goes onto its GRUB kernel line
. /usr/lib/testos/autoinstall.sh
. /usr/lib/testos/storage-config.sh

TARGET=/target
export TARGET_MOUNT_POINT=$TARGET
# The machine this installer runs on decides the boot loader it installs and the console the
# installed system talks on: a PC boots GRUB by BIOS or UEFI (ttyS0), an arm64 `virt` machine by
# UEFI only (its serial port is the PL011, ttyAMA0).
machine=$(uname -m)
case "$machine" in
  x86_64) efi_loader=BOOTX64.EFI console=ttyS0 ;;
  aarch64) efi_loader=BOOTAA64.EFI console=ttyAMA0 ;;
  *) efi_loader="" console=ttyS0 ;;
esac
seed="" image="" fallback_report="" packages_url="" installed_args="" after_dashes=no
for arg in $(cat /proc/cmdline); do
  if [ "$after_dashes" = yes ]; then installed_args="${installed_args:+$installed_args }$arg"; continue; fi
  case "$arg" in
    ---) after_dashes=yes ;;
    ds=nocloud*) for part in $(echo "${arg#ds=}" | tr ';' ' '); do
                   case "$part" in s=*) seed=${part#s=} ;; seedfrom=*) seed=${part#seedfrom=} ;; esac
                 done ;;
    testos.image=*) image=${arg#testos.image=} ;;
    testos.report=*) fallback_report=${arg#testos.report=} ;;
    testos.flavour=*) FLAVOUR=${arg#testos.flavour=} ;;
    testos.packages=*) packages_url=${arg#testos.packages=} ;;
  esac
done

log() { echo "testos-installer [$(cut -d' ' -f1 /proc/uptime)s]: $*"; }

# Reporting: curtin's JSON events to every webhook (or the command line's, until user-data is read).
endpoints=$fallback_report
print_events=no
report() { # NAME start|finish DESCRIPTION [RESULT]
  event=$(ytool event "$@") || return 0
  [ "$print_events" = yes ] && echo "event: $event"
  for url in $endpoints; do
    timeout 5 wget -q -O /dev/null --header 'Content-Type: application/json' --post-data "$event" "$url" \
      || log "could not POST event $1 to $url"
  done
}

stage=""
begin() { stage=$1; log "$2"; report "$1" start "$2"; }
done_stage() { report "$stage" finish "$1" SUCCESS; stage=""; }

# error-commands: run once when the install fails, as subiquity does, before the failure is reported;
# their own failures are logged, never fatal (the install has failed already).
error_commands_ran=no
run_error_commands() {
  [ "$error_commands_ran" = no ] && [ -n "${ud:-}" ] && [ "$(ytool type "$ud" autoinstall.error-commands 2>/dev/null)" = seq ] \
    || return 0
  error_commands_ran=yes
  log "running error-commands"
  report subiquity/Error/run start "running error-commands"
  n=$(ytool len "$ud" autoinstall.error-commands)
  i=0
  while [ "$i" -lt "$n" ]; do
    if [ "$(ytool type "$ud" "autoinstall.error-commands.$i")" = seq ]; then
      m=$(ytool len "$ud" "autoinstall.error-commands.$i")
      set --
      j=0
      while [ "$j" -lt "$m" ]; do set -- "$@" "$(ytool get "$ud" "autoinstall.error-commands.$i.$j")"; j=$((j + 1)); done
    else
      set -- sh -c "$(ytool get "$ud" "autoinstall.error-commands.$i")"
    fi
    log "error-commands[$i]: $*"
    "$@" </dev/null || log "error-commands[$i] exited $?"
    i=$((i + 1))
  done
  report subiquity/Error/run finish "error-commands done" SUCCESS
}

die() {
  log "FAILED: $*"
  [ -n "$stage" ] && report "$stage" finish "$*" FAIL
  run_error_commands
  report subiquity/Install finish "$*" FAIL
  log "installation failed; the machine stays up for inspection"
  while :; do sleep 3600; done
}

# ------------------------------------------------------------------------------------------------
log "starting: seed ${seed:-none}"
[ -n "$seed" ] || die "no NoCloud seed on the kernel command line (expected ds=nocloud-net;s=http://.../)"
case "$seed" in */) ;; *) seed="$seed/" ;; esac

# Network: DHCP on the first interface that gets a lease.
lease=""
for i in 1 2 3; do
  for dev in $(ls /sys/class/net); do
    [ "$dev" = lo ] && continue
    ip link set "$dev" up
    if udhcpc -i "$dev" -n -q -t 3 -T 1 -s /usr/share/udhcpc/default.script >/dev/null 2>&1; then
      lease=$(cat /run/dhcp-lease); break 2
    fi
  done
done
ip link set lo up
[ -n "$lease" ] || die "no DHCP lease on any interface ($(ls /sys/class/net | tr '\n' ' '))"
log "network: $lease"

mkdir -p /run/nocloud
fetch() { # URL FILE
  for i in 1 2 3 4 5; do
    timeout 10 wget -q -O "$2" "$1" && return 0
    sleep 1
  done
  return 1
}
fetch "${seed}meta-data" /run/nocloud/meta-data || die "cannot fetch ${seed}meta-data"
fetch "${seed}user-data" /run/nocloud/user-data || die "cannot fetch ${seed}user-data"
log "user-data fetched from ${seed}user-data ($(wc -c < /run/nocloud/user-data) bytes)"
ud=/run/nocloud/user-data

# Reporting endpoints from user-data, when it can be read at all.
rsyslog_reporters=""
if ytool check "$ud" >/dev/null 2>&1 && [ "$(ytool type "$ud" autoinstall.reporting)" = map ]; then
  configured=""
  for r in $(ytool keys "$ud" autoinstall.reporting); do
    case "$(ytool get "$ud" "autoinstall.reporting.$r.type" 2>/dev/null)" in
      webhook) configured="$configured $(ytool get "$ud" "autoinstall.reporting.$r.endpoint")" ;;
      print) print_events=yes; configured="$configured " ;;
      rsyslog) rsyslog_reporters="$rsyslog_reporters $r"; configured="$configured " ;;
      none) configured="$configured " ;;
    esac
  done
  [ -n "$configured" ] && endpoints=$configured
fi

report subiquity/Install start "autoinstall from ${seed}"
begin subiquity/Load "validating autoinstall configuration"
# The image says which flavour it is only once unpacked; what its first boot applies is checked then.
problem=$(validate_user_data "$ud") || die "$problem"
for section in $(ignored_sections "$ud"); do
  log "warning: '$section' is accepted but has no effect here: $(why "$section")"
  report "subiquity/Load/ignored/$section" finish "'$section' is accepted but has no effect in a pxelab lab: $(why "$section")" WARN
done
for key in $(ignored_keys "$ud"); do
  log "warning: '$key' is accepted but has no effect here: $(why "${key%%.*}")"
  report "subiquity/Load/ignored/$key" finish "'$key' is accepted but has no effect in a pxelab lab: $(why "${key%%.*}")" WARN
done
for r in $rsyslog_reporters; do
  report "subiquity/Load/ignored/reporting.$r" finish "reporting '$r' (rsyslog) sends nothing from a pxelab lab, which has no syslog server: events go to the console and to pxelab" WARN
done
done_stage "autoinstall configuration is valid"

get() { ytool get "$ud" "autoinstall.$1" 2>/dev/null; }
# A 32-bit number as 4 little-endian bytes (the MBR's fields, GRUB's sector pointers).
le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"; }
has() { [ "$(ytool type "$ud" "autoinstall.$1")" != missing ]; }

run_commands() { # PATH: run each command of the list, a string via sh -c or a list as argv
  list=$1
  n=$(ytool len "$ud" "autoinstall.$list" 2>/dev/null || echo 0)
  i=0
  while [ "$i" -lt "$n" ]; do
    if [ "$(ytool type "$ud" "autoinstall.$list.$i")" = seq ]; then
      m=$(ytool len "$ud" "autoinstall.$list.$i")
      set --
      j=0
      while [ "$j" -lt "$m" ]; do set -- "$@" "$(ytool get "$ud" "autoinstall.$list.$i.$j")"; j=$((j + 1)); done
      shown="$*"
    else
      cmd=$(ytool get "$ud" "autoinstall.$list.$i")
      set -- sh -c "$cmd"
      shown=$cmd
    fi
    log "$list[$i]: $shown"
    "$@" </dev/null
    rc=$?
    [ "$rc" -eq 0 ] || die "$list[$i] failed with exit status $rc: $shown"
    i=$((i + 1))
  done
}

if has early-commands; then
  begin subiquity/Early/run "running early-commands"
  run_commands early-commands
  done_stage "early-commands done"
fi

if [ -z "$image" ]; then
  server=$(echo "$seed" | sed -n 's,^\(http://[^/]*\)/.*,\1,p')
  image="$server/testos/$machine/tiny-rootfs.tar"
fi

# ---- Storage: Ubuntu's guided layouts on the chosen disk (match: size largest, the default, or
# smallest). MBR, so that one disk boots both ways: GRUB's BIOS core image lives in the gap before
# the first partition; the ESP (FAT32, 64 MiB) carries GRUB's EFI image at the removable-media path.
#   direct  ESP + root (ext2 via the kernel's ext4 driver, label testos-root)
#   lvm     ESP + /boot (label testos-boot, sized as subiquity sizes it) + a PV holding volume group
#           ubuntu-vg with ubuntu-lv for / (sizing-policy scaled, the default, or all)
# ---- Or the user's own layout, a curtin action list (storage-config.sh).
layout=$(get storage.layout.name || true)
layout=${layout:-direct}
has storage.config && layout=config
begin subiquity/Install/install/partitioning "partitioning (layout $layout)"
# What the steps after partitioning need to know of the layout (storage-config.sh says what each is).
grub_bios_lba=1 esp="" root_arg=LABEL=testos-root uses_lvm=no late_mounts=""
: > /tmp/mounted
if [ "$layout" = config ]; then
  storage_config_apply
  done_stage "$disk: storage config applied ($(wc -l < /tmp/fstab) fstab entries)"
else
pick_disk "$(get storage.layout.match.size || true)" || die "no disk found (looked for /dev/vd*, /dev/sd*, /dev/nvme*n*)"
case "$disk" in *[0-9]) part=${disk}p ;; *) part=$disk ;; esac
mib=2048   # sectors
# 64 MiB, not 32: with busybox's one-sector clusters a 32 MiB FAT32 has fewer than 65525 clusters,
# which EDK2 (by the FAT specification) takes for FAT16 and then fails to read.
esp_start=$mib esp_size=$((64 * mib))
if [ "$layout" = lvm ]; then
  # subiquity's scale for /boot: its share of the disk by priority (ESP 538, /boot 1024, root
  # 10000), at least 1792 MiB and at most 2048 MiB; root needs 900 MiB at least.
  boot_mib=$((best / 2048 * 1024 / 11562))
  [ "$boot_mib" -lt 1792 ] && boot_mib=1792
  [ "$boot_mib" -gt 2048 ] && boot_mib=2048
  need=$((1 + 64 + boot_mib + 900))
  [ "$((best / 2048))" -ge "$need" ] || die "disk $disk is too small for layout lvm ($((best / 2048)) MiB; /boot takes $boot_mib MiB as Ubuntu sizes it, at least $need MiB in all)"
  boot_start=$((esp_start + esp_size)) boot_size=$((boot_mib * mib))
  root_start=$((boot_start + boot_size)) root_type=142   # 0x8E Linux LVM
else
  [ "$best" -ge 262144 ] || die "disk $disk is too small ($((best / 2048)) MiB; at least 128 MiB)"
  root_start=$((esp_start + esp_size)) root_type=131     # 0x83 Linux
fi
root_size=$((best - root_start))
mbr_entry() { # ACTIVE TYPE START SIZE (CHS fields say "use LBA")
  printf "\\$(printf %03o "$1")\\376\\377\\377\\$(printf %03o "$2")\\376\\377\\377"; le32 "$3"; le32 "$4"
}
{
  head -c 440 /dev/zero
  head -c 4 /dev/urandom          # disk signature
  printf '\000\000'
  mbr_entry 0 239 "$esp_start" "$esp_size"      # 0xEF EFI system partition
  if [ "$layout" = lvm ]; then
    mbr_entry 128 131 "$boot_start" "$boot_size"  # /boot, active
    mbr_entry 0 "$root_type" "$root_start" "$root_size"
    head -c 16 /dev/zero
  else
    mbr_entry 128 "$root_type" "$root_start" "$root_size"
    head -c 32 /dev/zero
  fi
  printf '\125\252'
} > /tmp/mbr
dd if=/tmp/mbr of="$disk" bs=512 count=1 conv=notrunc 2>/dev/null || die "cannot write the partition table to $disk"
dd if=/dev/zero of="$disk" bs=512 seek=1 count=2047 conv=notrunc 2>/dev/null
blockdev --rereadpt "$disk" || die "the kernel did not re-read the partition table of $disk"
last=2
[ "$layout" = lvm ] && last=3
for i in $(seq 1 50); do [ -b "${part}$last" ] && break; sleep 0.1; done
[ -b "${part}$last" ] || die "${part}$last did not appear after partitioning $disk"
mkdosfs -n TESTOS-ESP "${part}1" >/dev/null || die "mkdosfs ${part}1 failed"
mkdir -p "$TARGET"
if [ "$layout" = lvm ]; then
  # lvm and its libraries come as an add-on next to the system image: only this layout needs them.
  fetch_addon lvm.cpio.gz /sbin/lvm "LVM tools"
  dd if=/dev/zero of="${part}3" bs=1M count=1 2>/dev/null
  lvm pvcreate -ff -y "${part}3" >/tmp/lvm.log 2>&1 || die "pvcreate ${part}3 failed: $(tail -n 2 /tmp/lvm.log | tr '\n' ' ')"
  lvm vgcreate ubuntu-vg "${part}3" >>/tmp/lvm.log 2>&1 || die "vgcreate ubuntu-vg failed: $(tail -n 2 /tmp/lvm.log | tr '\n' ' ')"
  free_mib=$(lvm vgs --noheadings --units m --nosuffix -o vg_free ubuntu-vg | tr -d ' ' | cut -d. -f1)
  case "$(get storage.layout.sizing-policy || echo scaled)" in
    all) lv_size="-l 100%FREE" ;;
    # subiquity's scaled root: everything below 10 GiB, 10 GiB below 20 GiB, else half
    *) if [ "$free_mib" -lt 10240 ]; then lv_size="-l 100%FREE"
       elif [ "$free_mib" -lt 20480 ]; then lv_size="-L 10240m"
       else lv_size="-L $((free_mib / 2))m"; fi ;;
  esac
  lvm lvcreate -y -n ubuntu-lv $lv_size ubuntu-vg >>/tmp/lvm.log 2>&1 || die "lvcreate ubuntu-lv failed: $(tail -n 2 /tmp/lvm.log | tr '\n' ' ')"
  lvm vgmknodes >/dev/null 2>&1
  rootdev=/dev/mapper/ubuntu--vg-ubuntu--lv
  [ -b "$rootdev" ] || die "$rootdev did not appear after lvcreate"
  mke2fs -F -m 0 -i 65536 -L testos-root "$rootdev" >/dev/null 2>&1 || die "mke2fs $rootdev failed"
  mke2fs -F -m 0 -i 65536 -L testos-boot "${part}2" >/dev/null 2>&1 || die "mke2fs ${part}2 failed"
  mount -t ext4 "$rootdev" "$TARGET" || die "cannot mount $rootdev on $TARGET"
  mkdir -p "$TARGET/boot"
  mount -t ext4 "${part}2" "$TARGET/boot" || die "cannot mount ${part}2 on $TARGET/boot"
  done_stage "$disk: ${part}1 ESP 64 MiB, ${part}2 /boot $boot_mib MiB, ${part}3 LVM PV: ubuntu-vg/ubuntu-lv for / ($(lvm lvs --noheadings --units m -o lv_size ubuntu-vg/ubuntu-lv | tr -d ' '))"
else
  mke2fs -F -m 0 -i 65536 -L testos-root "${part}2" >/dev/null 2>&1 || die "mke2fs ${part}2 failed"
  mount -t ext4 "${part}2" "$TARGET" || die "cannot mount ${part}2 on $TARGET"
  done_stage "$disk: ${part}1 ESP $((esp_size / 2048)) MiB, ${part}2 root $((root_size / 2048)) MiB"
fi
esp=${part}1
echo "$TARGET" > /tmp/mounted
if [ "$layout" = lvm ]; then
  uses_lvm=yes
  echo "$TARGET/boot" >> /tmp/mounted
fi
{
  echo "LABEL=testos-root / auto defaults 0 1"
  [ "$layout" = lvm ] && echo "LABEL=testos-boot /boot auto defaults 0 2"
  echo "LABEL=TESTOS-ESP /boot/efi vfat defaults,nofail 0 2"
} > /tmp/fstab
fi

begin subiquity/Install/install/extract "unpacking the system image"
case "$image" in *.gz|*.tgz) unzip_flag=z ;; *) unzip_flag="" ;; esac
# Downloaded to a file on the target and unpacked from there, not through a pipe from wget: under
# TCG every switch between a pipe's two ends flushes the emulated TLB, and busybox tar unpacking
# the 244 MiB debian image from a pipe took 15 s where from a file it took 5 s (docs/benchmarks.md).
# A root too small to hold the image and the system at once falls back to the pipe, which
# overwrites whatever the first try unpacked.
download="$TARGET/.pxelab-image"
if timeout 300 wget -q -O "$download" "$image" && tar -x${unzip_flag}f "$download" -C "$TARGET"; then
  rm -f "$download"
else
  rm -f "$download"
  log "could not keep the image on the target; unpacking it as it downloads"
  set -o pipefail
  timeout 300 wget -q -O - "$image" | tar -x${unzip_flag}f - -C "$TARGET" || die "cannot unpack the system image $image"
  set +o pipefail
fi
[ -x "$TARGET/sbin/init" ] || [ -L "$TARGET/sbin/init" ] || die "the system image $image has no /sbin/init"
[ "$layout" = config ] && storage_config_late_mounts
if [ "$uses_lvm" = yes ]; then
  # The installed system's initramfs must activate its volume groups before it can mount its root.
  cat /tmp/lvm.cpio.gz >> "$TARGET/boot/initrd.img" || die "cannot add the LVM tools to $TARGET/boot/initrd.img"
fi
done_stage "unpacked $image"

[ -n "$efi_loader" ] || die "no boot loader for this machine's architecture ($machine): the test OS boots x86_64 and aarch64"
if [ "$machine" = x86_64 ]; then
  begin subiquity/Install/install/bootloader "installing GRUB (BIOS and UEFI)"
else
  begin subiquity/Install/install/bootloader "installing GRUB (UEFI)"
  grub_bios_lba=""   # no BIOS on this architecture: the MBR gap stays empty
fi
grub=$TARGET/usr/lib/testos/grub
[ -f "$grub/$efi_loader" ] || die "the system image has no GRUB image for $machine ($efi_loader) in /usr/lib/testos/grub"
[ -z "$grub_bios_lba" ] || { [ -f "$grub/core.img" ] && [ -f "$grub/boot.img" ]; } \
  || die "the system image has no BIOS GRUB images (core.img, boot.img) in /usr/lib/testos/grub"
[ -n "$grub_bios_lba" ] || [ -n "$esp" ] \
  || die "nowhere to install GRUB: the layout has no EFI system partition${efi_loader:+ (an $machine machine boots by UEFI only)}"
grub_places=""
if [ -n "$grub_bios_lba" ]; then
  # What grub-bios-setup does: boot.img learns the sector of core.img, whose first sector learns
  # where the rest of it starts (both little-endian 64-bit).
  le64() { le32 "$1"; le32 0; }
  dd if="$grub/boot.img" of="$disk" bs=440 count=1 conv=notrunc 2>/dev/null || die "cannot write GRUB's boot sector"
  le64 "$grub_bios_lba" | dd of="$disk" bs=1 seek=92 conv=notrunc 2>/dev/null || die "cannot write GRUB's boot sector"
  dd if="$grub/core.img" of="$disk" bs=512 seek="$grub_bios_lba" conv=notrunc 2>/dev/null || die "cannot write GRUB's core image"
  le64 $((grub_bios_lba + 1)) | dd of="$disk" bs=1 seek=$((grub_bios_lba * 512 + 500)) conv=notrunc 2>/dev/null \
    || die "cannot write GRUB's core image"
  grub_places="BIOS at sector $grub_bios_lba of $disk"
fi
if [ -n "$esp" ]; then
  mkdir -p /tmp/esp
  mount -t vfat "$esp" /tmp/esp || die "cannot mount the ESP $esp"
  mkdir -p /tmp/esp/EFI/BOOT
  cp "$grub/$efi_loader" "/tmp/esp/EFI/BOOT/$efi_loader" || die "cannot copy GRUB to the ESP"
  umount /tmp/esp
  grub_places="${grub_places:+$grub_places, }UEFI at $esp:/EFI/BOOT/$efi_loader"
fi
# GRUB looks for /boot/grub/grub.cfg; on a separate /boot a link boot -> . puts it there too.
grep -qx "$TARGET/boot" /tmp/mounted && ln -sfn . "$TARGET/boot/boot"
mkdir -p "$TARGET/boot/grub"
cat > "$TARGET/boot/grub/grub.cfg" <<EOF
set timeout=0
set default=0
menuentry 'pxelab test OS' {
  # BIOS: the 16-bit boot protocol; GRUB's 32-bit one starts this kernel ~10 s later under TCG.
  if [ "\$grub_platform" = pc ]; then
    linux16 /boot/vmlinuz root=$root_arg rw console=$console${installed_args:+ $installed_args}
    initrd16 /boot/initrd.img
  else
    linux /boot/vmlinuz root=$root_arg rw console=$console${installed_args:+ $installed_args}
    initrd /boot/initrd.img
  fi
}
EOF
done_stage "GRUB installed: $grub_places"

begin subiquity/Install/install/configure "configuring identity, SSH and cloud-init"
cp /tmp/fstab "$TARGET/etc/fstab"
# storage.swap: a swap file as curtin makes it (size 0: none). Without the key Ubuntu sizes one
# itself; the test OS then makes none.
swap_size=$(get storage.swap.size || true)
if [ -n "$swap_size" ] && [ "$swap_size" != 0 ]; then
  number=${swap_size%%[KMGT]*}
  case "$swap_size" in
    *K*) swap_mib=$(((number + 1023) / 1024)) ;;
    *M*) swap_mib=$number ;;
    *G*) swap_mib=$((number * 1024)) ;;
    *T*) swap_mib=$((number * 1048576)) ;;
    *) swap_mib=$(((number + 1048575) / 1048576)) ;;
  esac
  swap_file=$(get storage.swap.filename || echo /swap.img)
  dd if=/dev/zero of="$TARGET$swap_file" bs=1M count="$swap_mib" 2>/dev/null \
    || die "storage.swap: cannot write a $swap_size swap file $swap_file (the disk is too small?)"
  chmod 600 "$TARGET$swap_file"
  mkswap "$TARGET$swap_file" >/dev/null || die "storage.swap: mkswap $swap_file failed"
  echo "$swap_file none swap sw 0 0" >> "$TARGET/etc/fstab"
  log "swap file $swap_file, $swap_mib MiB"
fi
mkdir -p "$TARGET/etc/testos"
user=""
if has identity; then
  hostname=$(get identity.hostname)
  user=$(get identity.username)
  echo "$hostname" > "$TARGET/etc/hostname"
  printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$hostname" > "$TARGET/etc/hosts"
  grep -q "^$user:" "$TARGET/etc/passwd" && die "identity.username '$user' already exists in the system image"
  uid=1000
  while cut -d: -f3 "$TARGET/etc/passwd" | grep -qx "$uid"; do uid=$((uid + 1)); done
  # Ubuntu's installer gives the user bash and these groups, those of them the system has.
  shell=/bin/sh
  [ -x "$TARGET/bin/bash" ] && shell=/bin/bash
  echo "$user:x:$uid:$uid:$(get identity.realname):/home/$user:$shell" >> "$TARGET/etc/passwd"
  echo "$user:x:$uid:" >> "$TARGET/etc/group"
  [ -f "$TARGET/etc/gshadow" ] && echo "$user:!::" >> "$TARGET/etc/gshadow"
  for group in adm cdrom dip lxd plugdev sudo; do
    for file in "$TARGET/etc/group" "$TARGET/etc/gshadow"; do
      # append to the member list (the last field); ":," is what an empty list becomes
      [ -f "$file" ] && grep -q "^$group:" "$file" && sed -i -e "/^$group:/s/\$/,$user/" -e "/^$group:/s/:,/:/" "$file"
    done
  done
  echo "$user:$(get identity.password):$(($(date +%s) / 86400)):0:99999:7:::" >> "$TARGET/etc/shadow"
  mkdir -p "$TARGET/home/$user/.ssh"
  chmod 755 "$TARGET/home/$user"
  chmod 700 "$TARGET/home/$user/.ssh"
  echo "$user" > "$TARGET/etc/testos/default-user"
fi
keys=0
if has ssh.authorized-keys; then
  keys=$(ytool len "$ud" autoinstall.ssh.authorized-keys)
  [ -n "$user" ] || [ "$keys" -eq 0 ] || die "ssh.authorized-keys needs an identity user to install them for"
  i=0
  while [ "$i" -lt "$keys" ]; do
    get "ssh.authorized-keys.$i" >> "$TARGET/home/$user/.ssh/authorized_keys"
    echo >> "$TARGET/home/$user/.ssh/authorized_keys"
    i=$((i + 1))
  done
  [ "$keys" -gt 0 ] && chmod 600 "$TARGET/home/$user/.ssh/authorized_keys"
fi
[ -n "$user" ] && chown -R "$uid:$uid" "$TARGET/home/$user"
# Subiquity's defaults: no server unless asked; passwords allowed only when there are no keys.
install_server=$(ytool bool "$ud" autoinstall.ssh.install-server 2>/dev/null || echo false)
if has ssh.allow-pw; then allow_pw=$(ytool bool "$ud" autoinstall.ssh.allow-pw)
elif [ "$keys" -gt 0 ]; then allow_pw=false; else allow_pw=true; fi
printf 'INSTALL_SERVER=%s\nALLOW_PW=%s\n' "$install_server" "$allow_pw" > "$TARGET/etc/testos/ssh"
[ -x "$TARGET/usr/lib/testos/configure-ssh.sh" ] && chroot "$TARGET" /usr/lib/testos/configure-ssh.sh
# cloud-init: the user-data section becomes the installed system's NoCloud seed.
if has user-data; then
  if [ -f "$TARGET/etc/testos/cloud-config-keys" ]; then
    bad=$(unsupported_cloud_config_keys "$ud" "$TARGET/etc/testos/cloud-config-keys" | tr '\n' ' ')
    [ -z "$bad" ] || die "user-data key(s) ${bad% } not supported by this system's first-boot applier (supported: $(tr '\n' ' ' < "$TARGET/etc/testos/cloud-config-keys"))"
  fi
  mkdir -p "$TARGET/var/lib/cloud/seed/nocloud"
  { echo "#cloud-config"; ytool json "$ud" autoinstall.user-data; } > "$TARGET/var/lib/cloud/seed/nocloud/user-data"
  cp /run/nocloud/meta-data "$TARGET/var/lib/cloud/seed/nocloud/meta-data"
fi
done_stage "hostname ${hostname:-unchanged}, user ${user:-none}, $keys SSH key(s), ssh server $install_server, passwords $allow_pw"

# ---- The system sections only the debian image honours, applied by the image's own script in a
# chroot (it has python3, netplan, apt and locales; this initramfs has none of them).
in_target() { # STEP [ARG]: configure-system.py STEP, streamed to the console; its error line ends the install
  set -o pipefail
  chroot "$TARGET" /usr/lib/testos/configure-system.py "$1" /run/testos-user-data ${2:+"$2"} </dev/null 2>&1 \
    | tee /tmp/in-target.log
  rc=$?
  set +o pipefail
  if [ -f "$TARGET/run/testos-warnings" ]; then
    while IFS= read -r warning; do
      report "subiquity/Install/install/$1/warning" finish "$warning" WARN
    done < "$TARGET/run/testos-warnings"
    rm -f "$TARGET/run/testos-warnings"
  fi
  [ "$rc" -eq 0 ] || die "$(sed -n 's/^error: //p' /tmp/in-target.log | tail -n 1)"
}
system_sections=""
for section in locale keyboard timezone network; do has "$section" && system_sections="$system_sections $section"; done
package_sections=""
for section in apt debconf-selections packages; do has "$section" && package_sections="$package_sections $section"; done
if [ -n "$system_sections$package_sections" ]; then
  [ -x "$TARGET/usr/lib/testos/configure-system.py" ] \
    || die "the system image $image cannot apply$system_sections$package_sections (it has no /usr/lib/testos/configure-system.py): use the debian test OS"
  cp "$ud" "$TARGET/run/testos-user-data"
  for fs in dev proc sys; do mount --bind "/$fs" "$TARGET/$fs"; done
  if [ -n "$system_sections" ]; then
    begin subiquity/Install/install/system "applying${system_sections}"
    in_target system
    done_stage "applied${system_sections}"
  fi
  if [ -n "$package_sections" ]; then
    begin subiquity/Install/install/packages "applying${package_sections}${packages_url:+ from $packages_url}"
    in_target packages "$packages_url"
    done_stage "applied${package_sections}"
  fi
  for fs in sys proc dev; do umount "$TARGET/$fs"; done
  rm -f "$TARGET/run/testos-user-data"
fi

if has late-commands; then
  begin subiquity/Late/run "running late-commands"
  for fs in dev proc sys; do mount --bind "/$fs" "$TARGET/$fs"; done
  run_commands late-commands
  for fs in sys proc dev; do umount "$TARGET/$fs"; done
  done_stage "late-commands done"
fi

sync
for m in $(sort -r /tmp/mounted); do umount "$m" || die "cannot unmount $m"; done
[ "$uses_lvm" = yes ] && lvm vgchange -an >/dev/null 2>&1
action=$(get shutdown || true)
action=${action:-reboot}
report subiquity/Install finish "installation complete; ${action}ing" SUCCESS
log "installation complete; $action"
sync
if [ "$action" = poweroff ]; then poweroff -f; else reboot -f; fi
