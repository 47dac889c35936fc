#!/bin/sh
# Install benchmark: QEMU start -> ready for the tiny default, the seed plan's sample and a
# realistic server config (4 packages, lvm), one machine at a time, split into the installer's
# stages. Needs the debian test OS (mvn -B -pl assets -Ppxelab-debian package, as root).
#   tools/bench/install.sh              all configs
#   ONLY=seed tools/bench/install.sh    the configs whose name contains "seed"
#   CPUS=2 tools/bench/install.sh       machines with two vCPUs (default one)
#   GUEST=true tools/bench/install.sh   also print where the installed system's boot went (systemd, cloud-init)
set -eu
cd "$(dirname "$0")/../.."
mvn -B -q -o verify -Ppxelab-debian -pl assets,pxe-runtime,pxe-junit,sample-tests -DskipUTs -Dmaven.javadoc.skip=true \
  -Dit.test=InstallBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false -Dpxelab.bench=true \
  -Dpxelab.bench.only="${ONLY:-}" -Dpxelab.bench.guest="${GUEST:-false}" -Dpxelab.bench.cpus="${CPUS:-1}" >&2 || status=$?
grep -v '^\[' sample-tests/target/failsafe-reports/dev.pxelab.samples.bench.InstallBenchmarkIT-output.txt
exit "${status:-0}"
