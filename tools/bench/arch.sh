#!/bin/sh
# Architecture benchmark: QEMU start -> ready of an aarch64 machine next to an x86_64 UEFI one,
# the same user-data and the tiny test OS of each architecture, one machine at a time, split into
# the stages the lab sees (docs/boot-times.md). Builds the aarch64 test OS (-Paarch64).
#   tools/bench/arch.sh               3 rounds
#   ROUNDS=5 tools/bench/arch.sh
set -eu
cd "$(dirname "$0")/../.."
mvn -B -q -o verify -Paarch64 -pl assets,pxe-runtime,pxe-junit,sample-tests -DskipUTs -Dmaven.javadoc.skip=true \
  -Dit.test=ArchitectureBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false -Dpxelab.bench=true \
  -Dpxelab.bench.rounds="${ROUNDS:-3}" >&2 || status=$?
grep -v '^\[' sample-tests/target/failsafe-reports/dev.pxelab.samples.aarch64.ArchitectureBenchmarkIT-output.txt
exit "${status:-0}"
