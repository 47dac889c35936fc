#!/bin/sh
# Benchmark: how long validating 1,000 autoinstall files takes, in-process (cold and warm) and
# through tools/pxelab (a fresh JVM, as a CI step runs it). Prints figures; asserts nothing.
# Usage: tools/bench/validate.sh   (extra Maven flags in MVN_FLAGS, e.g. MVN_FLAGS=-o)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
target=pxe-runtime/target
mvn -B -q ${MVN_FLAGS:-} -pl pxe-runtime -am test-compile
mvn -B -q ${MVN_FLAGS:-} -pl assets,pxe-runtime -Dtestos.skip=true compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/$target/test-classpath.txt"
copies=$(mktemp -d)
trap 'rm -rf "$copies"' EXIT
java -cp "$target/test-classes:$target/classes:$(cat "$target/test-classpath.txt")" \
  dev.pxelab.runtime.autoinstall.ValidationBenchmark pxe-runtime/src/test/resources/autoinstall "$copies"
for run in 1 2 3; do
  start=$(date +%s%N)
  status=0
  tools/pxelab validate "$copies"/*.yaml > "$copies/out.txt" || status=$?
  end=$(date +%s%N)
  echo "tools/pxelab validate (1,000 files, new JVM), run $run: $(( (end - start) / 1000000 )) ms, exit $status, $(tail -1 "$copies/out.txt")"
done
one=$(ls "$copies"/*.yaml | head -1)
for run in 1 2 3; do
  start=$(date +%s%N)
  status=0
  tools/pxelab validate "$one" > /dev/null || status=$?
  end=$(date +%s%N)
  echo "tools/pxelab validate (1 file, new JVM), run $run: $(( (end - start) / 1000000 )) ms, exit $status"
done
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cpus"
