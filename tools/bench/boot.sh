#!/bin/sh
# Boot-stage benchmark: starts x86 targets (BIOS, UEFI via the iPXE ROM, UEFI via EDK2's PXE)
# on a lab network against the stand-in PXE server and prints, per variant, the seconds from
# QEMU's start to each stage (firmware, iPXE, DHCP, boot script, kernel load, "Linux version").
# Runs in the test JVM's network namespace like every pxelab test.
#   tools/bench/boot.sh                 all variants, one round
#   ROUNDS=3 ONLY=bios tools/bench/boot.sh
set -eu
cd "$(dirname "$0")/../.."
mvn -B -q -o test -pl pxe-runtime -Dtest=BootBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpxelab.bench=true -Dpxelab.bench.rounds="${ROUNDS:-1}" -Dpxelab.bench.only="${ONLY:-}" >&2 || status=$?
grep -v '^\[' pxe-runtime/target/surefire-reports/dev.pxelab.runtime.qemu.BootBenchmark-output.txt
exit "${status:-0}"
