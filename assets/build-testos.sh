#!/bin/sh
# Builds pxelab's hermetic test OS from Debian packages only (the machine's configured apt mirror),
# for one target architecture <arch> (x86_64, the default, or aarch64):
#
#   <out>/<arch>/vmlinuz              Debian cloud kernel: the installer's and the installed system's
#   <out>/<arch>/installer.initrd     busybox initramfs: the autoinstall installer, and (same file) the
#                                     installed system's initrd that mounts the root disk
#   <out>/<arch>/tiny-rootfs.tar      the `tiny` system the installer unpacks onto the disk
#   <out>/<arch>/manifest.json        package versions, sizes and sha256 of the above
#
# aarch64 is cross-built on an x86_64 host: Debian's arm64 packages are only unpacked (dpkg-deb -x
# runs nothing of them), the one program of our own (ytool) is compiled with Debian's cross compiler
# (gcc-aarch64-linux-gnu) against the static libyaml of libyaml-dev:arm64, and GRUB's arm64-efi
# image is made by the host's grub-mkimage from grub-efi-arm64-bin's modules. Nothing arm64 runs
# here. The host's apt must know arm64 packages (dpkg --add-architecture arm64; tools/setup does it).
#
# The result is cached under ${XDG_CACHE_HOME:-~/.cache}/pxelab/testos/<key>/, where <key> hashes
# the exact .deb files (name = package + version), the host tools that shape the output, and this
# module's sources; a second build with the same inputs only links the cached files into <out>.
#
# usage: build-testos.sh [--flavour tiny|debian] [--arch x86_64|aarch64] [OUT_DIR]
#   (defaults: tiny, x86_64, assets/target/testos). Each architecture has its own folder in OUT_DIR,
#   so one OUT_DIR serves a lab of x86_64 and aarch64 machines.
#   --flavour debian also builds <out>/<arch>/debian-rootfs.tar (build-testos-debian.sh: debootstrap,
#   root only, minutes when cold; for aarch64 under QEMU's user mode emulation) after the above,
#   which it reuses.
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
src="$here/src/testos"
flavour=tiny
arch=x86_64
while [ $# -gt 0 ]; do
  case "$1" in
    --flavour) flavour=${2:?--flavour needs tiny or debian}; shift 2 ;;
    --flavour=*) flavour=${1#--flavour=}; shift ;;
    --arch) arch=${2:?--arch needs x86_64 or aarch64}; shift 2 ;;
    --arch=*) arch=${1#--arch=}; shift ;;
    *) break ;;
  esac
done
case "$flavour" in tiny|debian) ;; *) echo "build-testos: ERROR: unknown flavour '$flavour' (tiny or debian)" >&2; exit 2 ;; esac
out="${1:-$here/target/testos}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pxelab/testos"
started=$(date +%s.%N)

say() { echo "build-testos: $*" >&2; }
die() { echo "build-testos: ERROR: $*" >&2; exit 1; }

# What differs per target architecture: Debian's name for it, the multiarch triplet, the dynamic
# loader, the tools that read and make its binaries, its GRUB platforms and its serial console.
case "$arch" in
  x86_64)
    deb_arch=amd64 triplet=x86_64-linux-gnu cross="" interp=/lib64/ld-linux-x86-64.so.2
    grub_packages="grub-pc-bin grub-efi-amd64-bin" efi_loader=BOOTX64.EFI console=ttyS0 ;;
  aarch64)
    deb_arch=arm64 triplet=aarch64-linux-gnu cross=aarch64-linux-gnu- interp=/lib/ld-linux-aarch64.so.1
    grub_packages="grub-efi-arm64-bin" efi_loader=BOOTAA64.EFI console=ttyAMA0 ;;
  *) echo "build-testos: ERROR: unknown architecture '$arch' (x86_64 or aarch64)" >&2; exit 2 ;;
esac

for tool in apt-get apt-cache dpkg-deb gcc grub-mkimage cpio gzip tar sha256sum objdump ${cross}gcc ${cross}objcopy ${cross}strip; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; run tools/setup (it installs the build's Debian packages)"
done
[ -f /usr/lib/x86_64-linux-gnu/libyaml.a ] || die "static libyaml missing (/usr/lib/x86_64-linux-gnu/libyaml.a); run tools/setup (libyaml-dev)"
if [ "$arch" != x86_64 ]; then
  dpkg --print-foreign-architectures | grep -qx "$deb_arch" \
    || die "apt knows no $deb_arch packages on this host: run 'dpkg --add-architecture $deb_arch && apt-get update' as root (tools/setup does)"
fi

# --- 1. Which .deb files: resolved from the local apt lists, nothing downloaded yet -------------
# Asking apt takes seconds on a busy machine; the answer only changes when the apt lists do, so it
# is remembered per state of /var/lib/apt/lists.
# dropbear-bin is dynamically linked: its libraries come from the same archive.
# lvm2 and the libraries its `lvm` needs: an add-on for the initramfs (lvm.cpio.gz) that the installer
# fetches only for `storage: layout: lvm`, and that an LVM-rooted system's initrd carries.
lvm_packages="lvm2 libdevmapper1.02.1 libdevmapper-event1.02.1 libaio1 libblkid1 libudev1 libsystemd0 libselinux1
              libpcre2-8-0 libedit2 libbsd0 libmd0 libtinfo6 libcap2 libgcrypt20 libgpg-error0 liblz4-1 liblzma5 libzstd1"
# sfdisk and e2fsprogs' mke2fs: the storage tools add-on (storage-tools.cpio.gz) for curtin action lists
# (`storage: config:`), which ask for GPT and for ext3/ext4 that busybox cannot make.
storage_packages="fdisk libfdisk1 libsmartcols1 libreadline8 e2fsprogs libext2fs2 libcom-err2 libuuid1"
libs_and_tools="busybox-static dropbear-bin libc6 libcrypt1 libtomcrypt1 libtommath1 libgmp10 zlib1g
                $grub_packages $lvm_packages $storage_packages"
# A cross build links ytool against the target's static libyaml, unpacked like the rest.
[ "$arch" = x86_64 ] || libs_and_tools="$libs_and_tools libyaml-dev"
# apt names a foreign architecture's package as package:arch.
for_arch() { if [ "$arch" = x86_64 ]; then echo "$@"; else for p in "$@"; do printf '%s:%s ' "$p" "$deb_arch"; done; fi; }
lists_id=$( { stat -c '%n %Y %s' /var/lib/apt/lists/*Packages* 2>/dev/null; cat /etc/apt/preferences 2>/dev/null || true; echo $arch $libs_and_tools; } \
  | sha256sum | cut -c1-16)
resolved="$cache_root/resolved/$lists_id"
if [ -f "$resolved" ]; then
  kernel_pkg=$(head -n 1 "$resolved")
  debs=$(tail -n +2 "$resolved")
else
  kernel_pkg=$(apt-cache show --no-all-versions "$(for_arch linux-image-cloud-$deb_arch | tr -d ' ')" 2>/dev/null \
    | sed -n 's/^Depends: \(linux-image-[^ ,]*\).*/\1/p' | head -n 1)
  [ -n "$kernel_pkg" ] || die "apt does not know linux-image-cloud-$deb_arch (run 'apt-get update'?)"
  uris=$(cd "$(mktemp -d)" && apt-get download --print-uris $(for_arch $kernel_pkg $libs_and_tools) 2>/dev/null) \
    || die "apt-get download --print-uris failed for: $(for_arch $kernel_pkg $libs_and_tools)"
  debs=$(printf '%s\n' "$uris" | awk '{print $2}' | sort)
  [ "$(printf '%s\n' "$debs" | wc -l)" -eq "$(echo $kernel_pkg $libs_and_tools | wc -w)" ] \
    || die "could not resolve all of: $kernel_pkg $libs_and_tools"
  mkdir -p "$cache_root/resolved"
  printf '%s\n%s\n' "$kernel_pkg" "$debs" > "$resolved.$$" && mv "$resolved.$$" "$resolved"
fi
packages=$(for_arch $kernel_pkg $libs_and_tools)

key=$( {
  echo "$arch"
  printf '%s\n' "$debs"
  gcc --version | head -n 1
  [ -z "$cross" ] || ${cross}gcc --version | head -n 1
  grub-mkimage --version
  dpkg-query -W libyaml-dev libc6-dev 2>/dev/null || true
  cd "$here" && find build-testos.sh src/testos -type f | sort | xargs sha256sum
} | sha256sum | cut -c1-16)
final="$cache_root/$key"

# Links the cached build into <out>/<arch>, afresh: whatever else was there goes (a tiny build
# leaves no debian image behind for tests to find). Only on the way to the debian flavour is a
# folder that holds this very build left as it is, debian files and all: a lab may be serving it.
link_out() {
  if [ "$flavour" = debian ] && [ -f "$out/$arch/manifest.json" ] \
     && cmp -s "$out/$arch/manifest.json" "$final/$arch/manifest.json"; then
    return 0
  fi
  mkdir -p "$out"
  rm -rf "$out/$arch.tmp" && mkdir -p "$out/$arch.tmp"
  for f in "$final/$arch"/*; do
    ln "$f" "$out/$arch.tmp/" 2>/dev/null || cp "$f" "$out/$arch.tmp/"
  done
  rm -rf "$out/$arch" && mv "$out/$arch.tmp" "$out/$arch"
  # build-testos-debian.sh keys its image on the x86_64 build it reuses.
  [ "$arch" = x86_64 ] && echo "$key" > "$out/cache-key"
  return 0
}

if [ -f "$final/$arch/manifest.json" ]; then
  link_out
  say "cached ($final) -> $out/$arch in $(echo "$(date +%s.%N) $started" | awk '{printf "%.1f", $1-$2}') s"
  [ "$flavour" = debian ] && exec sh "$here/build-testos-debian.sh" --arch "$arch" "$out"
  exit 0
fi

# --- 2. Download what the cache lacks --------------------------------------------------------------
debcache="$cache_root/debs"
mkdir -p "$debcache"
missing=""
for d in $debs; do [ -f "$debcache/$d" ] || missing="$missing $d"; done
if [ -n "$missing" ]; then
  say "downloading$missing"
  dl=$(mktemp -d "$debcache/.dl.XXXXXX")
  (cd "$dl" && apt-get -q -o APT::Sandbox::User=root download $packages >/dev/null) || die "apt-get download failed"
  for d in "$dl"/*.deb; do mv -f "$d" "$debcache/"; done
  rmdir "$dl" 2>/dev/null || rm -rf "$dl"
fi

# --- 3. Unpack ---------------------------------------------------------------------------------------
mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
pkgs="$work/pkgs"
mkdir -p "$pkgs"
for d in $debs; do
  name=${d%%_*}
  mkdir -p "$pkgs/$name"
  dpkg-deb -x "$debcache/$d" "$pkgs/$name"
done
kdir="$pkgs/$kernel_pkg"
kver=$(ls "$kdir/lib/modules")
[ -f "$kdir/boot/vmlinuz-$kver" ] || die "no vmlinuz in $kernel_pkg"
busybox="$pkgs/busybox-static/bin/busybox"
[ -x "$busybox" ] || die "no busybox in busybox-static"
# The applet list comes from a busybox that runs here: the target's own, or for a cross build the
# host's (tools/setup installs busybox-static; Debian builds both from one source and config).
busybox_lister=$busybox
if [ -n "$cross" ]; then
  busybox_lister=$(command -v busybox) || die "a cross build lists busybox's applets with the host's busybox: run tools/setup (busybox-static)"
fi

# --- 4. ytool: the installer's YAML reader (static, against Debian's libyaml) -----------------------
# $work/bin/ytool runs on this host (the build reads the contract with it); $work/bin/ytool.target
# goes into the images. Both are one binary on x86_64.
mkdir -p "$work/bin"
gcc -O2 -Wall -Wextra -Werror -static -o "$work/bin/ytool" "$src/ytool/ytool.c" -lyaml
strip "$work/bin/ytool"
if [ -n "$cross" ]; then
  yaml="$pkgs/libyaml-dev/usr"
  [ -f "$yaml/lib/$triplet/libyaml.a" ] || die "no libyaml.a in libyaml-dev:$deb_arch"
  ${cross}gcc -O2 -Wall -Wextra -Werror -static -I"$yaml/include" -o "$work/bin/ytool.target" "$src/ytool/ytool.c" \
    "$yaml/lib/$triplet/libyaml.a"
  ${cross}strip "$work/bin/ytool.target"
else
  cp "$work/bin/ytool" "$work/bin/ytool.target"
fi

# --- 5. Kernel modules: virtio disk/net/pci and FAT for the ESP, with their dependencies -----------
# The cloud kernel builds ext4, AF_PACKET and devtmpfs in, but virtio and vfat are modules.
modroot="$kdir/lib/modules/$kver"
find_module() { find "$modroot/kernel" -name "$(echo "$1" | sed 's/[-_]/[-_]/g').ko" | head -n 1; }
ordered=""
add_module() {
  case " $ordered " in *" $1 "*) return 0;; esac
  file=$(find_module "$1")
  [ -n "$file" ] || die "kernel module $1 not found in $kernel_pkg"
  # objcopy writes its output by seeking: to a file, never to a pipe (that gives nothing, silently).
  ${cross}objcopy -O binary --only-section=.modinfo "$file" "$work/modinfo"
  deps=$(tr '\0' '\n' < "$work/modinfo" | sed -n 's/^depends=//p' | tr ',' ' ')
  for dep in $deps; do add_module "$dep"; done
  ordered="$ordered $1"
}
for m in virtio_pci virtio_blk virtio_net virtio_scsi sd_mod virtio_rng vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859_1 dm_mod; do
  add_module "$m"
done

# --- 6. The initramfs ------------------------------------------------------------------------------
ird="$work/initrd"
mkdir -p "$ird/bin" "$ird/usr/bin" "$ird/etc/testos" "$ird/lib/modules/$kver" "$ird/proc" "$ird/sys" \
         "$ird/dev" "$ird/run" "$ird/tmp" "$ird/target" "$ird/newroot"
cp "$busybox" "$ird/bin/busybox"
cp "$work/bin/ytool.target" "$ird/usr/bin/ytool"
cp -R "$src/initrd/." "$ird/"
: > "$ird/etc/testos/modules"
for m in $ordered; do
  file=$(find_module "$m")
  cp "$file" "$ird/lib/modules/$kver/"
  echo "$(basename "$file")" >> "$ird/etc/testos/modules"
done
echo "$kver" > "$ird/etc/testos/kernel-release"
mknod -m 600 "$ird/dev/console" c 5 1 2>/dev/null || true
chmod 755 "$ird/init" "$ird/usr/bin/curtin" "$ird/usr/lib/testos/"*.sh "$ird/usr/share/udhcpc/default.script"
mkdir -p "$work/$arch"
find "$ird" -exec touch -h -d @0 {} +   # reproducible: the archive must not carry build times
(cd "$ird" && find . | sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 > "$work/$arch/installer.initrd"
cp "$kdir/boot/vmlinuz-$kver" "$work/$arch/vmlinuz"
# ytool also runs on the build host: the module's tests check the installer's logic with it.
[ "$arch" = x86_64 ] && cp "$work/bin/ytool" "$work/$arch/ytool"

# --- 7. GRUB: BIOS boot.img + core.img for the MBR gap, and a removable-path EFI binary ---------
# Both find the file system holding /boot/grub/grub.cfg (the root's, or a separate /boot's, which
# carries a boot -> . link for this) and read the configuration from it; the modules they
# need are built in, so the installed system carries no /boot/grub/<platform>/ directory.
# BIOS boots the kernel with linux16 (the 16-bit boot protocol, as QEMU's -kernel does): with
# GRUB's 32-bit `linux` the cloud kernel took ~10 s longer to start under TCG (measured).
# aarch64 has no BIOS: only the EFI image, made for arm64-efi from grub-efi-arm64-bin's modules.
grubmods="part_msdos part_gpt lvm ext2 fat search search_fs_file search_label normal linux echo test configfile serial terminal"
grubdir="$work/grub"
mkdir -p "$grubdir"
if [ "$arch" = x86_64 ]; then
  grub-mkimage -O i386-pc -d "$pkgs/grub-pc-bin/usr/lib/grub/i386-pc" -c "$src/grub/early.cfg" -p /boot/grub \
    -o "$grubdir/core.img" biosdisk linux16 $grubmods
  cp "$pkgs/grub-pc-bin/usr/lib/grub/i386-pc/boot.img" "$grubdir/boot.img"
  grub-mkimage -O x86_64-efi -d "$pkgs/grub-efi-amd64-bin/usr/lib/grub/x86_64-efi" -c "$src/grub/early.cfg" -p /boot/grub \
    -o "$grubdir/$efi_loader" $grubmods efi_gop
  core_sectors=$(( ($(stat -c %s "$grubdir/core.img") + 511) / 512 ))
  [ "$core_sectors" -lt 2047 ] || die "GRUB core.img ($core_sectors sectors) does not fit the 1 MiB MBR gap"
else
  grub-mkimage -O arm64-efi -d "$pkgs/grub-efi-arm64-bin/usr/lib/grub/arm64-efi" -c "$src/grub/early.cfg" -p /boot/grub \
    -o "$grubdir/$efi_loader" $grubmods
fi

# --- 8. The tiny system ------------------------------------------------------------------------------
root="$work/tiny"
mkdir -p "$root"
cp -R "$src/tiny/." "$root/"
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/boot" "$root/proc" "$root/sys" \
         "$root/dev" "$root/run" "$root/tmp" "$root/root" "$root/home" "$root/var/log" "$root/var/lib/testos" \
         "$root/usr/lib/testos/grub" "$root/etc/dropbear" "$root/mnt"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
cp "$busybox" "$root/bin/busybox"
# Applet links at their usual places (busybox --list-full knows them), never over our own files.
"$busybox_lister" --list-full | while read -r applet; do
  [ "$applet" = bin/busybox ] && continue
  [ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
cp "$work/bin/ytool.target" "$root/usr/bin/ytool"
# The serial console's getty: ttyS0 on a PC, the PL011 ttyAMA0 on an arm64 `virt` machine.
sed -i "s/ttyS0/$console/g" "$root/etc/inittab"
# What the tiny first boot applies of cloud-config comes from the test OS's contract, the file the
# installer and pxelab's validator read too: the image states it for the installer to check.
mkdir -p "$root/etc/testos"
n=$("$work/bin/ytool" len "$src/initrd/usr/lib/testos/contract.yaml" flavours.tiny.user-data) \
  || die "the contract names no user-data keys for the tiny flavour"
i=0
while [ "$i" -lt "$n" ]; do
  printf '%s\n' "$("$work/bin/ytool" get "$src/initrd/usr/lib/testos/contract.yaml" "flavours.tiny.user-data.$i")"
  i=$((i + 1))
done > "$root/etc/testos/cloud-config-keys"
mkdir -p "$root/usr/share/udhcpc"
cp "$src/initrd/usr/share/udhcpc/default.script" "$root/usr/share/udhcpc/"
cp "$pkgs/dropbear-bin/usr/sbin/dropbear" "$root/usr/sbin/dropbear"
cp "$pkgs/dropbear-bin/usr/bin/dropbearkey" "$root/usr/bin/dropbearkey"
# Shared libraries a binary needs, found (recursively) in the unpacked packages.
# objdump reads any ELF's dynamic section, whatever its machine.
libdirs=$(find "$pkgs" -type d \( -path "*/lib/$triplet" -o -path "*/usr/lib/$triplet" \))
loader=$(basename "$interp")
copy_needed() { # DEST_ROOT BINARY
  for lib in $(objdump -p "$2" | awk '/NEEDED/{print $2}'); do
    [ -e "$1/lib/$triplet/$lib" ] && continue
    found=""
    for d in $libdirs; do [ -e "$d/$lib" ] && { found="$d/$lib"; break; }; done
    [ -n "$found" ] || die "$lib (needed by $(basename "$2")) is in none of the unpacked packages"
    mkdir -p "$1/lib/$triplet"
    cp -L "$found" "$1/lib/$triplet/$lib"
    copy_needed "$1" "$found"
  done
  mkdir -p "$1$(dirname "$interp")"
  [ -e "$1/lib/$triplet/$loader" ] || cp -L "$pkgs/libc6/lib/$triplet/$loader" "$1/lib/$triplet/"
  ln -sf "/lib/$triplet/$loader" "$1$interp"
}
copy_needed "$root" "$root/usr/sbin/dropbear"
copy_needed "$root" "$root/usr/bin/dropbearkey"

# The LVM add-on: an initramfs fragment (newc cpio, gzip) with lvm and its libraries. The installer
# unpacks it into its own root for `layout: lvm` and appends it to the installed system's
# initrd.img (the kernel unpacks concatenated archives in turn), whose init then activates the VGs.
lvm="$work/lvm"
mkdir -p "$lvm/sbin" "$lvm/etc/lvm"
cp "$pkgs/lvm2/sbin/lvm" "$lvm/sbin/lvm"
copy_needed "$lvm" "$lvm/sbin/lvm"
cat > "$lvm/etc/lvm/lvm.conf" <<'EOF'
# pxelab's initramfs has no udev: lvm makes its own device nodes and asks no udev for devices.
devices { obtain_device_list_from_udev = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
EOF
find "$lvm" -exec touch -h -d @0 {} +
(cd "$lvm" && find . | sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 > "$work/$arch/lvm.cpio.gz"
# The storage tools add-on: sfdisk (GPT and MBR tables as curtin writes them with it) and mke2fs
# (ext2/3/4 as asked), unpacked into the installer's root for `storage: config:` only.
tools="$work/storage-tools"
mkdir -p "$tools/sbin" "$tools/etc"
for tool in fdisk/sfdisk e2fsprogs/mke2fs; do
  found=$(find "$pkgs/${tool%/*}" -path "*sbin/${tool#*/}" -type f | head -n 1)
  [ -n "$found" ] || die "${tool#*/} is not in the unpacked package ${tool%/*}"
  cp "$found" "$tools/sbin/${tool#*/}"
  copy_needed "$tools" "$tools/sbin/${tool#*/}"
done
cp "$pkgs/e2fsprogs/etc/mke2fs.conf" "$tools/etc/mke2fs.conf"
find "$tools" -exec touch -h -d @0 {} +
(cd "$tools" && find . | sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 > "$work/$arch/storage-tools.cpio.gz"
cp "$work/$arch/vmlinuz" "$root/boot/vmlinuz"
cp "$work/$arch/installer.initrd" "$root/boot/initrd.img"
cp "$grubdir"/* "$root/usr/lib/testos/grub/"
chmod 755 "$root/etc/init.d/rcS" "$root/usr/lib/testos/"*.sh "$root/usr/share/udhcpc/default.script"
chmod 640 "$root/etc/shadow"
cat > "$root/etc/os-release" <<EOF
PRETTY_NAME="pxelab test OS (tiny) on Debian 12 packages ($deb_arch)"
NAME="pxelab-testos"
ID=pxelab-testos
ID_LIKE=debian
VERSION_ID="1"
VARIANT_ID=tiny
BUILD_ID=$key
EOF
# Not compressed: most of it is the (already compressed) kernel and initrd, and gunzip under TCG
# cost the installer more time than the extra megabytes cost on the wire.
(cd "$root" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - .) > "$work/$arch/tiny-rootfs.tar"

# --- 9. Manifest ---------------------------------------------------------------------------------
{
  echo "{"
  echo "  \"key\": \"$key\","
  echo "  \"arch\": \"$arch\","
  echo "  \"kernelRelease\": \"$kver\","
  echo "  \"packages\": {"
  n=0; total=$(printf '%s\n' "$debs" | wc -l)
  for d in $debs; do
    n=$((n + 1))
    pkg=${d%%_*}; ver=$(echo "$d" | cut -d_ -f2 | sed 's/%3a/:/g')
    sep=","; [ "$n" -eq "$total" ] && sep=""
    echo "    \"$pkg\": \"$ver\"$sep"
  done
  echo "  },"
  echo "  \"files\": {"
  set -- vmlinuz installer.initrd lvm.cpio.gz storage-tools.cpio.gz tiny-rootfs.tar
  for f in "$@"; do
    sep=","; [ "$f" = "$(eval echo \${$#})" ] && sep=""
    echo "    \"$f\": {\"size\": $(stat -c %s "$work/$arch/$f"), \"sha256\": \"$(sha256sum "$work/$arch/$f" | cut -c1-64)\"}$sep"
  done
  echo "  }"
  echo "}"
} > "$work/$arch/manifest.json"

# --- 10. Publish atomically: a parallel build of the same key may have won the race -----------------
mkdir -p "$work/final"
mv "$work/$arch" "$work/final/$arch"
if ! mv -T "$work/final" "$final" 2>/dev/null; then
  [ -f "$final/$arch/manifest.json" ] || die "cannot publish $final"
fi
link_out
say "built $key in $(echo "$(date +%s.%N) $started" | awk '{printf "%.1f", $1-$2}') s -> $out/$arch"
ls -l "$out/$arch" >&2
[ "$flavour" = debian ] && exec sh "$here/build-testos-debian.sh" --arch "$arch" "$out"
exit 0
