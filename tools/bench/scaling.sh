#!/bin/sh
# Scaling benchmark: 1, 2, 4, 8 machines of the tiny test OS in one lab; per lab size the time until
# every machine is ready, its ratio to one machine, QEMU CPU seconds per machine, and median stages.
# Meant for an otherwise idle machine: anything else running shares the CPUs the figures divide.
#   tools/bench/scaling.sh                  1,2,4,8
#   MACHINES=1,8 tools/bench/scaling.sh
#   KEEP=true tools/bench/scaling.sh        keep the consoles (the work folder is printed)
set -eu
cd "$(dirname "$0")/../.."
mvn -B -q -o verify -pl assets,pxe-runtime,pxe-junit,sample-tests -DskipUTs -Dmaven.javadoc.skip=true \
  -Dit.test=ScalingBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false -Dpxelab.bench=true \
  -Dpxelab.bench.machines="${MACHINES:-1,2,4,8}" -Dpxelab.bench.keep="${KEEP:-false}" >&2 || status=$?
grep -v '^\[' sample-tests/target/failsafe-reports/dev.pxelab.samples.bench.ScalingBenchmarkIT-output.txt \
  | grep -v 'Undertow\|XNIO\|undertow\|xnio'
exit "${status:-0}"
