#!/bin/sh
# Builds the `debian` flavour of pxelab's test OS: a real Debian 12 (systemd, OpenSSH, cloud-init
# with the NoCloud datasource) that the test OS installer unpacks like the tiny system:
#
#   <out>/<arch>/debian-rootfs.tar        the system image (select it with testos.image=URL)
#   <out>/<arch>/debian-manifest.json     package versions, file count, size, sha256
#   <out>/<arch>/debian-dpkg-status       the image's var/lib/dpkg/status: what the lab's package
#                                         repository resolves a config's `packages` against
#
# Needs the tiny build in <out> first (build-testos.sh --flavour debian runs both): the image reuses
# its kernel, its initramfs (which mounts root=LABEL=testos-root and starts /sbin/init = systemd)
# and its GRUB images, so both flavours boot the same way.
#
# debootstrap --variant=minbase of bookworm from the machine's configured Debian mirror, plus only
# the packages listed below, no recommends. Cached under ${XDG_CACHE_HOME:-~/.cache}/pxelab/testos/
# debian/<key>/, <key> hashing the state of the apt lists (i.e. the package versions apt and
# debootstrap see), the tiny build's key and this flavour's sources; the .debs are kept in
# .../testos/debian-debs/ for the next cold build.
#
# <arch> is x86_64 (default) or aarch64. An aarch64 image is debootstrapped with --arch=arm64 on
# the x86_64 host: its packages' maintainer scripts (and our chroot steps) run under QEMU's user
# mode emulation, which the kernel starts for arm64 programs through binfmt_misc
# (qemu-user-static + binfmt-support; tools/setup registers it).
#
# usage: build-testos-debian.sh [--arch x86_64|aarch64] [OUT_DIR]   (must be run as root: debootstrap, chroot)
# The whole script is one function, so that sh has read all of it before it runs any of it.
main() {
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
src="$here/src/testos-debian"
arch=x86_64
case "${1:-}" in
  --arch) arch=${2:?--arch needs x86_64 or aarch64}; shift 2 ;;
  --arch=*) arch=${1#--arch=}; shift ;;
esac
out="${1:-$here/target/testos}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pxelab/testos"
case "$arch" in
  x86_64) deb_arch=amd64 ;;
  aarch64) deb_arch=arm64 ;;
  *) echo "build-testos-debian: ERROR: unknown architecture '$arch' (x86_64 or aarch64)" >&2; exit 2 ;;
esac
suite=bookworm
started=$(date +%s.%N)

say() { echo "build-testos-debian [$(echo "$(date +%s.%N) $started" | awk '{printf "%.1f", $1-$2}') s]: $*" >&2; }
die() { echo "build-testos-debian: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "debootstrap and chroot need root"
for tool in debootstrap chroot tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; run tools/setup"
done
[ -f "$out/$arch/manifest.json" ] \
  || die "no tiny build in $out/$arch: run build-testos.sh${arch:+ --arch $arch} first (its kernel, initrd and GRUB images are reused)"
tiny_key=$(sed -n 's/.*"key": "\(.*\)".*/\1/p' "$out/$arch/manifest.json")
if [ "$arch" != x86_64 ]; then
  # debootstrap's second stage and our chroot steps run arm64 programs: the kernel must hand them
  # to qemu-aarch64 (with the F flag, so that it works inside the chroot).
  grep -qx enabled "/proc/sys/fs/binfmt_misc/qemu-$arch" 2>/dev/null \
    || die "this host cannot run $arch programs for debootstrap's second stage: install qemu-user-static and binfmt-support and register them (tools/setup does: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; update-binfmts --enable qemu-$arch)"
fi

# What goes in on top of minbase (their dependencies follow; no recommends).
# python3-cffi-backend: debootstrap's resolver does not follow virtual packages, and
# python3-cryptography (for cloud-init's oauthlib) depends on the ones it provides.
# netplan.io, locales and tzdata: what the installer's configure-system.py applies the autoinstall's
# network, locale and timezone with, as Ubuntu's installer does. sudo: every Ubuntu server has it,
# and configs rely on it (/etc/sudoers.d in late-commands, the identity user in group sudo).
# lvm2: lvs and friends on a system installed with `layout: lvm`.
packages="systemd systemd-sysv udev openssh-server cloud-init python3-cffi-backend netplan.io locales tzdata sudo lvm2"

# The configured Debian mirror: the first URI serving $suite in sources.list or sources.list.d.
mirror=$( {
  for f in /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && cat "$f" && echo; done
} | awk -v s="$suite" '
    /^URIs:/ {u=$2} /^Suites:/ {for (i=2;i<=NF;i++) if ($i==s) ok=1}
    /^$/ {if (ok && u!="") {print u; exit} ok=0; u=""}
    END {if (ok && u!="") print u}' | head -n 1)
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk -v s="$suite" '$1=="deb" {for (i=2;i<=NF;i++) if ($i ~ /^\[/) continue; else {u=$i; if ($(i+1)==s) {print u; exit}; break}}' | head -n 1)
fi
[ -n "$mirror" ] || die "no Debian mirror for '$suite' in /etc/apt/sources.list or /etc/apt/sources.list.d/"

lists_id=$( { stat -c '%n %Y %s' /var/lib/apt/lists/*_dists_${suite}_InRelease /var/lib/apt/lists/*_dists_${suite}_*$deb_arch* 2>/dev/null; echo "$mirror $packages"
  [ "$arch" = x86_64 ] || echo "$arch"; } | sha256sum | cut -c1-16)
key=$( {
  echo "$lists_id"
  echo "$tiny_key"
  debootstrap --version
  cd "$here" && { echo build-testos-debian.sh; find src/testos-debian -type f; } | sort | xargs sha256sum
} | sha256sum | cut -c1-16)
final="$cache_root/debian/$key"

link_out() {
  for f in debian-rootfs.tar debian-manifest.json debian-dpkg-status; do
    rm -f "$out/$arch/$f"
    ln "$final/$f" "$out/$arch/$f" 2>/dev/null || cp "$final/$f" "$out/$arch/$f"
  done
}

if [ -f "$final/debian-manifest.json" ]; then
  link_out
  say "cached ($final) -> $out/$arch/debian-rootfs.tar"
  exit 0
fi

mkdir -p "$cache_root/debian" "$cache_root/debian-debs"
work=$(mktemp -d "$cache_root/debian/.build.XXXXXX")
root="$work/root"
cleanup() {
  for m in proc sys dev; do umount "$root/$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# --- 1. debootstrap minbase + our packages (cached on its own: the slow part) -----------------------
# Kept as a pristine directory keyed by the apt lists' state; changes to our configuration or to
# the tiny build only redo the steps after it.
base="$cache_root/debian-base/$lists_id"
if [ ! -f "$base/.complete" ]; then
  say "debootstrap --variant=minbase $suite from $mirror (+ $packages)"
  mkdir -p "$cache_root/debian-base"
  bwork=$(mktemp -d "$cache_root/debian-base/.build.XXXXXX")
  debootstrap --arch="$deb_arch" --variant=minbase --cache-dir="$cache_root/debian-debs" \
    --include="$(echo $packages | tr ' ' ',')" \
    "$suite" "$bwork/root" "$mirror" > "$bwork/debootstrap.log" 2>&1 \
    || { tail -n 30 "$bwork/debootstrap.log" >&2; die "debootstrap failed (log above; $bwork)"; }
  for p in $packages; do
    chroot "$bwork/root" dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' \
      || die "package $p is not installed in the image (see $bwork/debootstrap.log)"
  done
  mv "$bwork/root" "$bwork/base" && mv "$bwork/debootstrap.log" "$bwork/base/.debootstrap.log"
  touch "$bwork/base/.complete"
  if ! mv -T "$bwork/base" "$base" 2>/dev/null; then
    [ -f "$base/.complete" ] || die "cannot publish $base"
  fi
  rm -rf "$bwork"
  say "debootstrap done"
else
  say "debootstrap cached ($base)"
fi
mkdir -p "$root"
cp -a "$base/." "$root/"
rm -f "$root/.complete" "$root/.debootstrap.log"

# --- 2. Our configuration --------------------------------------------------------------------------
cp -R "$src/." "$root/"
chmod 755 "$root/usr/lib/testos/configure-ssh.sh" "$root/usr/lib/testos/configure-system.py"
# The locale most configs name, generated now: localedef costs seconds per locale under TCG.
echo "en_US.UTF-8 UTF-8" > "$root/etc/locale.gen"
chroot "$root" locale-gen >/dev/null || die "locale-gen en_US.UTF-8 failed"
# The tiny build's kernel, initramfs and GRUB images: one boot path for both flavours.
cp "$out/$arch/vmlinuz" "$root/boot/vmlinuz"
cp "$out/$arch/installer.initrd" "$root/boot/initrd.img"
mkdir -p "$root/usr/lib/testos/grub"
tar -xf "$out/$arch/tiny-rootfs.tar" -C "$work" ./usr/lib/testos/grub
cp "$work/usr/lib/testos/grub/"* "$root/usr/lib/testos/grub/"
echo "$tiny_key $(sed -n 's/.*"kernelRelease": "\(.*\)".*/\1/p' "$out/$arch/manifest.json")" > "$root/usr/lib/testos/kernel"

# Units a short-lived test machine does not need (timers that would start apt, fsck/trim jobs...).
for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer \
            man-db.timer dpkg-db-backup.timer getty@tty1.service remote-fs.target systemd-pstore.service; do
  chroot "$root" systemctl -q disable "$unit" >/dev/null 2>&1 || true
done
# getty-static starts gettys on tty2-6 when D-Bus/logind are missing (they are): no screen here.
for unit in apt-daily.service apt-daily-upgrade.service e2scrub_reap.service systemd-pstore.service getty-static.service; do
  chroot "$root" systemctl -q mask "$unit" >/dev/null 2>&1 || true
done
chroot "$root" systemctl -q enable systemd-networkd.service >/dev/null 2>&1 || die "cannot enable systemd-networkd"
# sshd runs only if the installer's configure-ssh.sh enables it (ssh.install-server).
chroot "$root" systemctl -q disable ssh.service >/dev/null 2>&1 || true

# Each machine gets its own host keys and machine-id on first boot.
rm -f "$root"/etc/ssh/ssh_host_*
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
echo debian > "$root/etc/hostname"
# Shown by the tests: which flavour this is (Debian's own os-release stays untouched).
mkdir -p "$root/etc/testos"
echo debian > "$root/etc/testos/flavour"

# --- 3. Trim: what no test machine reads ----------------------------------------------------------
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
       "$root"/usr/share/locale/* "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* \
       "$root"/var/cache/debconf/*-old "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/* \
       "$root"/usr/lib/udev/hwdb.d/* "$root"/usr/lib/udev/hwdb.bin
# (hwdb: hardware names for udev, 21 MB, no use in a VM. /usr/share/i18n stays: locale-gen builds
# the locales a config names from it.)
rm -rf "$root/dev" && mkdir -m 755 "$root/dev"
for m in proc sys run; do rm -rf "${root:?}/$m" && mkdir -m 755 "$root/$m"; done

# --- 4. The image -----------------------------------------------------------------------------------
# File times are kept as they are: Python checks its .pyc files against the sources' mtimes, and
# stale .pyc would make cloud-init recompile on every start under TCG.
(cd "$root" && tar --sort=name --owner=0 --group=0 --numeric-owner --xattrs -cf - .) > "$work/debian-rootfs.tar"
size=$(stat -c %s "$work/debian-rootfs.tar")
files=$(tar -tf "$work/debian-rootfs.tar" | wc -l)
{
  echo "{"
  echo "  \"key\": \"$key\","
  echo "  \"suite\": \"$suite\","
  echo "  \"mirror\": \"$mirror\","
  echo "  \"kernelRelease\": \"$(sed -n 's/.*"kernelRelease": "\(.*\)".*/\1/p' "$out/$arch/manifest.json")\","
  echo "  \"entries\": $files,"
  echo "  \"packages\": {"
  chroot "$root" dpkg-query -W -f='    "${Package}": "${Version}",\n' | sed '$ s/,$//'
  echo "  },"
  echo "  \"files\": {"
  echo "    \"debian-rootfs.tar\": {\"size\": $size, \"sha256\": \"$(sha256sum "$work/debian-rootfs.tar" | cut -c1-64)\"}"
  echo "  }"
  echo "}"
} > "$work/debian-manifest.json"

# --- 5. Publish atomically ---------------------------------------------------------------------------
mkdir -p "$work/final"
cp "$root/var/lib/dpkg/status" "$work/debian-dpkg-status"
mv "$work/debian-rootfs.tar" "$work/debian-manifest.json" "$work/debian-dpkg-status" "$work/final/"
if ! mv -T "$work/final" "$final" 2>/dev/null; then
  [ -f "$final/debian-manifest.json" ] || die "cannot publish $final"
fi
link_out
say "built $key: debian-rootfs.tar $((size / 1048576)) MiB, $files entries, $(chroot "$root" dpkg-query -W | wc -l) packages -> $out/$arch"
}
main "$@"
