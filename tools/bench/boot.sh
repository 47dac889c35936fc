#!/bin/sh
# Boot-stage benchmark: starts x86 targets (BIOS, UEFI via the iPXE ROM, UEFI via EDK2's PXE +
# snponly.efi) on a lab network, once against pxelab's own provisioner (no tuning) and once against
# the tuned dnsmasq + busybox httpd reference, both serving the test OS's kernel and initrd, and
# prints per variant the seconds from QEMU's start to each stage as the serial console shows it
# (DHCP done, boot script, kernel request, kernel and initrd loaded, "Linux version"), plus for
# pxelab the provisioner's own event times (ACK, script, kernel sent). The "serve --interface" rows
# boot a plain QEMU (no key press) against `pxelab serve --interface BRIDGE --ipv6-ra` in a JVM of
# its own on a bridge without router advertisements, and a goal line says whether BIOS reached
# "Linux version" within 4 s (issue 16).
# Needs the test OS: mvn -B -o -q package -pl assets -DskipTests
# Runs in the test JVM's network namespace like every pxelab test.
#   tools/bench/boot.sh                 all variants, one round
#   ROUNDS=3 ONLY=bios tools/bench/boot.sh
set -eu
cd "$(dirname "$0")/../.."
mvn -B -q -o test -pl pxe-runtime -am -Dtest=BootBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpxelab.bench=true -Dpxelab.bench.rounds="${ROUNDS:-1}" -Dpxelab.bench.only="${ONLY:-}" >&2 || status=$?
grep -v '^\[' pxe-runtime/target/surefire-reports/dev.pxelab.runtime.qemu.BootBenchmark-output.txt
exit "${status:-0}"
