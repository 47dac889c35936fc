#!/bin/sh
# curtin's action lists (`storage: config:`), sourced by installer.sh after validation
# (autoinstall.sh's check_storage_config), which has already refused what is not installed here.
# Laid out as curtin lays it out: partitions in list order, each starting at the next MiB after the
# one before (the first at 1 MiB), written with sfdisk; then volume groups, logical volumes, file
# systems, and mounts under $TARGET, shallowest first.
#
# storage_config_apply sets, for the rest of the installer:
#   disk          the disk (e.g. /dev/vda)
#   root_arg      the kernel's root= (UUID=...)
#   grub_bios_lba where GRUB's BIOS core image goes: 1 (the MBR gap), a bios_grub partition's first
#                 sector, or "" when the layout has no place for it
#   esp           the EFI system partition (flag boot, formatted FAT), or ""
#   uses_lvm      yes when a volume group was made: the installed initrd needs the LVM add-on
#   late_mounts   FAT mount points, mounted after the image is unpacked (tar cannot chown on FAT)
#   /tmp/fstab    the installed system's fstab
#   /tmp/mounted  what is mounted under $TARGET, deepest last

# pick_disk largest|smallest (default largest), as subiquity's match: {size: ...} picks: sets disk
# and best (its size in sectors); waits up to 5 s for the disks to appear.
pick_disk() {
  disk="" best=""
  for _t in $(seq 1 50); do
    for _b in /sys/block/vd* /sys/block/sd* /sys/block/nvme*n*; do
      [ -e "$_b/size" ] || continue
      _size=$(cat "$_b/size")
      if [ -z "$best" ] || { [ "$1" = smallest ] && [ "$_size" -lt "$best" ]; } \
         || { [ "$1" != smallest ] && [ "$_size" -gt "$best" ]; }; then
        best=$_size; disk=/dev/${_b##*/}
      fi
    done
    [ -n "$disk" ] && return 0
    sleep 0.1
  done
  return 1
}

# fetch_addon NAME TOOL WHAT: fetch the initramfs add-on NAME (next to the system image) and unpack
# it over this root, replacing busybox's applet links of the same names; TOOL must then exist.
fetch_addon() {
  timeout 60 wget -q -O "/tmp/$1" "${image%/*}/$1" || die "cannot fetch ${image%/*}/$1 ($3)"
  (cd / && zcat "/tmp/$1" | cpio -i -d -m -u 2>/dev/null) && [ -x "$2" ] || die "cannot unpack $1 ($3)"
}

sc() { ytool get "$ud" "autoinstall.storage.config.$1" 2>/dev/null; }

# The index of the action with id ID.
sc_index() {
  _k=0
  while [ "$_k" -lt "$sc_n" ]; do
    [ "$(sc "$_k.id")" = "$1" ] && { echo "$_k"; return 0; }
    _k=$((_k + 1))
  done
  return 1
}

# curtin's human2bytes: 512M, 1.5G, 1073741824, 512MB (binary multiples); -1 stays -1.
sc_bytes() {
  echo "$1" | awk '{
    s = $0; if (s == "-1") { print -1; exit }
    sub(/B$/, "", s); m = 1
    if (s ~ /K$/) m = 1024; else if (s ~ /M$/) m = 1048576; else if (s ~ /G$/) m = 1073741824; else if (s ~ /T$/) m = 1099511627776
    sub(/[KMGT]$/, "", s); printf "%.0f\n", s * m }'
}

# The block device of a partition or logical volume id (known once created).
sc_device() { eval "echo \"\${sc_dev_$(echo "$1" | tr -c 'A-Za-z0-9\n' _)}\""; }
sc_set_device() { eval "sc_dev_$(echo "$1" | tr -c 'A-Za-z0-9\n' _)=\$2"; }

# The UUID a file system carries, read from its superblock (busybox's blkid does not see
# device-mapper volumes): ext2/3/4 at 1128, swap at 1036, FAT's volume id at 67 (FAT32) or 39.
hex_at() { dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | od -An -tx1 | tr -d ' \n'; }
fs_uuid() { # DEV FSTYPE
  case "$2" in
    ext*) _u=$(hex_at "$1" 1128 16) ;;
    swap) _u=$(hex_at "$1" 1036 16) ;;
    *) if [ "$(dd if="$1" bs=1 skip=82 count=5 2>/dev/null)" = FAT32 ]; then _u=$(hex_at "$1" 67 4); else _u=$(hex_at "$1" 39 4); fi
       echo "$_u" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3-\2\1/' | tr a-f A-F
       return ;;
  esac
  echo "$_u" | sed 's/\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)\(.\{12\}\)/\1-\2-\3-\4-\5/'
}

storage_config_apply() {
  sc_n=$(ytool len "$ud" autoinstall.storage.config)
  : > /tmp/fstab
  : > /tmp/mounted
  uses_lvm=no esp="" late_mounts="" grub_bios_lba="" root_arg=""
  fetch_addon storage-tools.cpio.gz /sbin/sfdisk "sfdisk, mke2fs"

  # ---- the disk
  d=0
  while [ "$(sc "$d.type")" != disk ]; do d=$((d + 1)); done
  disk_id=$(sc "$d.id") ptable=$(sc "$d.ptable")
  disk=$(sc "$d.path" || true)
  if [ -n "$disk" ]; then
    for i in $(seq 1 50); do [ -b "$disk" ] && break; sleep 0.1; done
    [ -b "$disk" ] || die "disk '$disk_id': $disk does not exist (disks: $(ls /sys/block | grep -v '^loop\|^ram' | tr '\n' ' '))"
  else
    pick_disk "$(sc "$d.match.size" || true)" \
      || die "disk '$disk_id': no disk found (looked for /dev/vd*, /dev/sd*, /dev/nvme*n*)"
  fi
  case "$disk" in *[0-9]) part=${disk}p ;; *) part=$disk ;; esac
  sectors=$(cat "/sys/block/${disk#/dev/}/size")
  # GPT keeps its backup table in the last 33 sectors
  last_usable=$((sectors - 1))
  [ "$ptable" = gpt ] && last_usable=$((sectors - 34))

  # ---- partitions, in list order, as curtin places them (sfdisk script)
  {
    [ "$ptable" = gpt ] && echo "label: gpt" || echo "label: dos"
    echo
  } > /tmp/sfdisk.in
  next=2048 number=0 summary=""
  i=0
  while [ "$i" -lt "$sc_n" ]; do
    if [ "$(sc "$i.type")" = partition ] && [ "$(sc "$i.device")" = "$disk_id" ]; then
      id=$(sc "$i.id") flag=$(sc "$i.flag" || true) extra=""
      number=$(sc "$i.number" || echo $((number + 1)))
      [ "$ptable" = msdos ] && [ "$number" -gt 4 ] && die "partition '$id': number $number needs a logical partition, which the test OS does not make (MBR has 4 primary partitions)"
      offset=$(sc "$i.offset" || true)
      if [ -n "$offset" ]; then start=$(($(sc_bytes "$offset") / 512))
      else start=$(( (next + 2047) / 2048 * 2048 )); fi
      bytes=$(sc_bytes "$(sc "$i.size")")
      if [ "$bytes" = -1 ]; then size=$((last_usable - start + 1))
      else size=$((bytes / 512)); fi
      [ "$size" -gt 0 ] && [ $((start + size - 1)) -le "$last_usable" ] \
        || die "partition '$id' ($(sc "$i.size")) does not fit on $disk ($((sectors / 2048)) MiB; it would start at $((start / 2048)) MiB)"
      if [ "$ptable" = gpt ]; then
        case "$flag" in
          bios_grub) type=21686148-6449-6E6F-744E-656564454649 ;;
          boot) type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B ;;
          swap) type=0657FD6D-A4AB-43C4-84E5-0933C84B4F4F ;;
          lvm) type=E6D6D379-F507-44C2-A23C-238F2A3DF928 ;;
          home) type=933AC7E1-2EB4-4F13-B844-0E14E2AEF915 ;;
          *) type=0FC63DAF-8483-4772-8E79-3D69D8477DE4 ;;
        esac
      else
        case "$flag" in boot|bios_grub) type=ef ;; swap) type=82 ;; lvm) type=8e ;; *) type=83 ;; esac
        [ "$flag" = boot ] && extra=", bootable"
      fi
      # partition_type (a GPT GUID or an MBR code) wins over the flag's, as in curtin
      type=$(sc "$i.partition_type" || echo "$type")
      echo "${part}${number} : start=$start, size=$size, type=$type$extra" >> /tmp/sfdisk.in
      sc_set_device "$id" "${part}${number}"
      [ "$flag" = bios_grub ] && grub_bios_lba=$start
      summary="$summary ${part}${number} $((size / 2048))M${flag:+ $flag}"
      next=$((start + size))
    fi
    i=$((i + 1))
  done
  dd if=/dev/zero of="$disk" bs=512 count=2048 conv=notrunc 2>/dev/null
  /sbin/sfdisk --no-reread --no-tell-kernel -q "$disk" < /tmp/sfdisk.in > /tmp/sfdisk.log 2>&1 \
    || die "sfdisk could not write the $ptable table to $disk: $(tail -n 3 /tmp/sfdisk.log | tr '\n' ' ')"
  blockdev --rereadpt "$disk" || die "the kernel did not re-read the partition table of $disk"
  # MBR: GRUB's BIOS core image goes into the gap before the first partition, as grub-install puts it
  if [ "$ptable" = msdos ]; then
    first=$(sed -n 's/.*start=\([0-9]*\),.*/\1/p' /tmp/sfdisk.in | sort -n | head -n 1)
    [ "${first:-2048}" -ge 2048 ] && grub_bios_lba=1
  fi
  i=0
  while [ "$i" -lt "$sc_n" ]; do
    if [ "$(sc "$i.type")" = partition ]; then
      dev=$(sc_device "$(sc "$i.id")")
      for t in $(seq 1 50); do [ -b "$dev" ] && break; sleep 0.1; done
      [ -b "$dev" ] || die "$dev did not appear after partitioning $disk"
      # curtin wipes new partitions' superblocks: no stale signature may survive
      dd if=/dev/zero of="$dev" bs=1M count=1 2>/dev/null
    fi
    i=$((i + 1))
  done
  log "$disk ($ptable):$summary"

  # ---- LVM: volume groups, then logical volumes in list order
  i=0
  while [ "$i" -lt "$sc_n" ]; do
    if [ "$(sc "$i.type")" = lvm_volgroup ]; then
      if [ "$uses_lvm" = no ]; then
        fetch_addon lvm.cpio.gz /sbin/lvm "LVM tools"
        uses_lvm=yes
      fi
      vg=$(sc "$i.name") pvs=""
      j=0
      m=$(ytool len "$ud" "autoinstall.storage.config.$i.devices")
      while [ "$j" -lt "$m" ]; do pvs="$pvs $(sc_device "$(sc "$i.devices.$j")")"; j=$((j + 1)); done
      lvm pvcreate -ff -y $pvs >/tmp/lvm.log 2>&1 || die "lvm_volgroup '$(sc "$i.id")': pvcreate$pvs failed: $(tail -n 2 /tmp/lvm.log | tr '\n' ' ')"
      lvm vgcreate "$vg" $pvs >>/tmp/lvm.log 2>&1 || die "lvm_volgroup '$(sc "$i.id")': vgcreate $vg failed: $(tail -n 2 /tmp/lvm.log | tr '\n' ' ')"
      log "volume group $vg on$pvs"
    fi
    i=$((i + 1))
  done
  i=0
  while [ "$i" -lt "$sc_n" ]; do
    if [ "$(sc "$i.type")" = lvm_partition ]; then
      id=$(sc "$i.id") name=$(sc "$i.name")
      vg=$(sc "$(sc_index "$(sc "$i.volgroup")").name")
      bytes=$(sc_bytes "$(sc "$i.size" || echo -1)")
      if [ "$bytes" = -1 ]; then lv_size="-l 100%FREE"; else lv_size="-L ${bytes}b"; fi
      lvm lvcreate -y -n "$name" $lv_size "$vg" >>/tmp/lvm.log 2>&1 \
        || die "lvm_partition '$id': lvcreate $name in $vg failed: $(tail -n 2 /tmp/lvm.log | tr '\n' ' ')"
      lvm vgmknodes >/dev/null 2>&1
      dev=/dev/mapper/$(echo "$vg" | sed 's/-/--/g')-$(echo "$name" | sed 's/-/--/g')
      [ -b "$dev" ] || die "lvm_partition '$id': $dev did not appear after lvcreate"
      sc_set_device "$id" "$dev"
      log "logical volume $vg/$name: $(lvm lvs --noheadings --units m -o lv_size "$vg/$name" | tr -d ' ')"
    fi
    i=$((i + 1))
  done

  # ---- file systems
  i=0
  while [ "$i" -lt "$sc_n" ]; do
    if [ "$(sc "$i.type")" = format ]; then
      id=$(sc "$i.id") fstype=$(sc "$i.fstype") label=$(sc "$i.label" || true)
      dev=$(sc_device "$(sc "$i.volume")")
      case "$fstype" in
        ext2|ext3|ext4) /sbin/mke2fs -F -q -t "$fstype" ${label:+-L "$label"} "$dev" >/tmp/mkfs.log 2>&1 ;;
        swap) mkswap ${label:+-L "$label"} "$dev" >/tmp/mkfs.log 2>&1 ;;
        *) mkdosfs ${label:+-n "$label"} "$dev" >/tmp/mkfs.log 2>&1 ;;
      esac || die "format '$id': cannot make $fstype on $dev: $(tail -n 2 /tmp/mkfs.log | tr '\n' ' ')"
      # the ESP: a FAT file system on a partition flagged boot
      vi=$(sc_index "$(sc "$i.volume")")
      case "$fstype" in vfat|fat|fat16|fat32) [ "$(sc "$vi.flag")" = boot ] && esp=$dev ;; esac
    fi
    i=$((i + 1))
  done

  # ---- mounts, shallowest first; the installed fstab names file systems by UUID, as curtin does
  i=0
  while [ "$i" -lt "$sc_n" ]; do
    if [ "$(sc "$i.type")" = mount ]; then
      path=$(sc "$i.path" || true)
      depth=$(echo "$path" | tr -cd / | wc -c)
      [ "$path" = / ] && depth=0
      echo "$depth $i"
    fi
    i=$((i + 1))
  done | sort -n > /tmp/mount-order
  while read -r depth i; do
    id=$(sc "$i.id") path=$(sc "$i.path" || true) options=$(sc "$i.options" || echo defaults)
    fi_=$(sc_index "$(sc "$i.device")")
    fstype=$(sc "$fi_.fstype")
    dev=$(sc_device "$(sc "$fi_.volume")")
    uuid=$(fs_uuid "$dev" "$fstype")
    [ -n "$uuid" ] || die "mount '$id': $dev has no file system UUID"
    if [ "$fstype" = swap ]; then
      echo "UUID=$uuid none swap sw 0 0" >> /tmp/fstab
      continue
    fi
    case "$path" in /*) ;; *) continue ;; esac
    case "$fstype" in ext*) mtype=$fstype ;; *) mtype=vfat ;; esac
    echo "UUID=$uuid $path $mtype $options 0 1" >> /tmp/fstab
    [ "$path" = / ] && root_arg=UUID=$uuid
    if [ "$mtype" = vfat ]; then
      late_mounts="$late_mounts $dev:$path"
    else
      mkdir -p "$TARGET$path"
      mount -t "$mtype" "$dev" "$TARGET$path" || die "mount '$id': cannot mount $dev on $path"
      echo "$TARGET$path" >> /tmp/mounted
    fi
  done < /tmp/mount-order
  [ -n "$root_arg" ] || die "storage.config mounts nothing at /"
  case "$ptable $grub_bios_lba" in
    "gpt ") [ -d /sys/firmware/efi ] || die "disk '$disk_id': this BIOS machine cannot boot a GPT disk without a bios_grub partition (GRUB has nowhere to put its core image)" ;;
  esac
  [ -n "$esp" ] || [ ! -d /sys/firmware/efi ] || die "disk '$disk_id': this UEFI machine needs an EFI system partition (a partition with flag boot, formatted fat32)"
}

# After the image is unpacked: FAT mounts (the ESP at /boot/efi, typically).
storage_config_late_mounts() {
  for m in $late_mounts; do
    mkdir -p "$TARGET${m#*:}"
    mount -t vfat "${m%%:*}" "$TARGET${m#*:}" || die "cannot mount ${m%%:*} on ${m#*:}"
    echo "$TARGET${m#*:}" >> /tmp/mounted
  done
}
