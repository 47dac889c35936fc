#!/bin/sh
# Download throughput of a 64 MiB asset over loopback: pxelab's HTTP server (Undertow) against
# busybox httpd, each fetched by curl several times; prints MB/s (best and median) and the ratio.
# Runs everything inside a fresh network namespace (unshare --net), so nothing listens on the
# host's network.
#
#   tools/bench/http.sh [runs]       (default 7 runs per server)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-7}

if [ "${PXELAB_BENCH_IN_NETNS:-}" != 1 ]; then
  map=""
  [ "$(id -u)" -eq 0 ] || map="--map-root-user"
  if ! out=$(cd "$root" && mvn -B -q -o -Dstyle.color=never compile dependency:build-classpath -pl assets,pxe-runtime -Dtestos.skip=true \
      -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime 2>&1); then
    echo "$out"; exit 1
  fi
  PXELAB_BENCH_IN_NETNS=1 exec unshare --net $map -- sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$runs"
fi

work=$(mktemp -d)
server_pid=""
busybox_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$busybox_pid" ] && kill "$busybox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/assets"
head -c $((64 * 1024 * 1024)) /dev/urandom > "$work/assets/big.iso"
expected=$(sha256sum < "$work/assets/big.iso" | cut -d' ' -f1)

busybox httpd -f -p 127.0.0.1:8081 -h "$work/assets" &
busybox_pid=$!

cp="$root/pxe-runtime/target/classes:$(cat "$root/pxe-runtime/target/bench-classpath.txt")"
mkfifo "$work/stdin"
java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$root/tools/bench/HttpBenchServer.java" \
    "$work/assets" 8080 < "$work/stdin" > "$work/server.out" 2>&1 &
server_pid=$!
exec 3> "$work/stdin"   # holds the server's stdin open; closing it stops the server (start nothing after this)

for _ in $(seq 1 600); do
  grep -q ready "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
grep -q ready "$work/server.out" || { echo "pxelab server did not start:"; cat "$work/server.out"; exit 1; }

check() { # name url: the server must serve exactly the file
  got=$(curl -s "$2" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$expected" ] || { echo "$1 served different bytes" >&2; exit 1; }
}
summary() { # name: best and median MB/s of $work/<name>.speeds; leaves the median in $work/<name>.median
  sort -n "$work/$1.speeds" | awk -v name="$1" -v out="$work/$1.median" '
    { v[NR] = $1 / 1e6 }
    END { printf "%-8s best %6.0f MB/s   median %6.0f MB/s   (%d runs)\n", name, v[NR], v[int((NR + 1) / 2)], NR
          printf "%f\n", v[int((NR + 1) / 2)] > out }'
}

pxelab_url="http://127.0.0.1:8080/assets/big.iso"
busybox_url="http://127.0.0.1:8081/big.iso"
check pxelab "$pxelab_url"
check busybox "$busybox_url"
# Interleaved, so that load from other processes hits both servers alike.
for _ in $(seq 1 "$runs"); do
  curl -s -o /dev/null -w '%{speed_download}\n' "$pxelab_url" >> "$work/pxelab.speeds"
  curl -s -o /dev/null -w '%{speed_download}\n' "$busybox_url" >> "$work/busybox.speeds"
done
echo "64 MiB asset over loopback, curl -o /dev/null, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
summary pxelab
summary busybox
awk -v a="$(cat "$work/pxelab.median")" -v b="$(cat "$work/busybox.median")" \
    'BEGIN { printf "pxelab / busybox httpd (median): %.2f\n", a / b }'
exec 3>&-
wait "$server_pid" 2>/dev/null || true
server_pid=""
kill "$busybox_pid"
wait "$busybox_pid" 2>/dev/null || true
busybox_pid=""
