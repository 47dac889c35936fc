#!/bin/sh
# Times preparing a lab package repository, cold (empty cache: resolve and download from the host's
# mirror) and warm (resolve and link), in the host's network namespace: downloading needs it.
#   tools/bench/packages.sh [dpkg-status-file] [package...]
# The status file defaults to the debian test OS image's, when it has been built.
# Needs: apt, dpkg-dev; a prior `mvn -o test-compile -pl assets,pxe-runtime`.
set -eu
cd "$(dirname "$0")/../.."
status=${1:-}
[ $# -gt 0 ] && shift
packages=${*:-nginx chrony prometheus-node-exporter jq}
if [ -z "$status" ]; then
  rootfs=$(ls -t "${XDG_CACHE_HOME:-$HOME/.cache}"/pxelab/testos/debian/*/debian-rootfs.tar 2>/dev/null | head -1)
  [ -n "$rootfs" ] || { echo "no debian test OS image in the cache: give a dpkg status file" >&2; exit 1; }
  status=$(mktemp); trap 'rm -f "$status"' EXIT
  tar -xOf "$rootfs" ./var/lib/dpkg/status > "$status"
fi
# written by every pxe-runtime build (generate-resources): its runtime dependencies, slf4j-simple included
cp="pxe-runtime/target/classes:pxe-runtime/target/test-classes:$(cat pxe-runtime/target/runtime-classpath.txt)"
java -cp "$cp" dev.pxelab.runtime.packages.PackageRepositoryTiming "$status" $packages | grep -E 'RESULT|lab packages'
