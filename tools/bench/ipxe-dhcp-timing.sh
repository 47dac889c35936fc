#!/bin/sh
# Times the DHCP exchange of QEMU's network boot firmware against pxelab's server, once per
# iPXE hint variant, each run in a fresh network namespace (bridge + tap live only there).
#   tools/bench/ipxe-dhcp-timing.sh [firmware] [variants...]
#   firmware: bios (SeaBIOS + virtio iPXE ROM, default) | ovmf | ovmf-pxe (EDK2's own PXE)
#   variant:  comma list of NO_PXEDHCP, VENDOR_CLASS_PXECLIENT, PXE_DISCOVERY_CONTROL, or none
# Needs: root (or unprivileged user namespaces), qemu-system-x86, ipxe-qemu, ovmf; a prior
# `mvn -o test-compile -pl pxe-runtime`.
set -eu
cd "$(dirname "$0")/../.."
firmware=${1:-bios}
[ $# -gt 0 ] && shift
variants=${*:-none NO_PXEDHCP VENDOR_CLASS_PXECLIENT PXE_DISCOVERY_CONTROL}
cp_file=pxe-runtime/target/bench.classpath
[ -s "$cp_file" ] || mvn -B -q -o -pl assets,pxe-runtime -Dtestos.skip=true compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="pxe-runtime/target/classes:pxe-runtime/target/test-classes:$(cat "$cp_file")"
out=pxe-runtime/target/dhcp-captures
map=""; [ "$(id -u)" -eq 0 ] || map="--map-root-user"
for v in $variants; do
  unshare --net $map -- sh -c 'ip link set lo up && exec java -cp "$1" dev.pxelab.runtime.dhcp.IpxeDhcpTiming "$2" "$3" "$4" 90' \
    timing "$cp" "$firmware" "$v" "$out/$firmware-$v" | grep -E 'RESULT|^ +[0-9]|stats'
done
