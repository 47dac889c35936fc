#!/usr/bin/env bash
# TFTP throughput: pxelab's server vs dnsmasq's TFTP vs atftpd, same client, same files, one
# server at a time on 127.0.0.1:69, inside a network namespace this script creates for itself
# (unshare --net, lo only: nothing reaches any real network).
#
#   tools/bench/tftp.sh [RUNS]          (root; builds nothing: run `mvn -o test-compile -pl pxe-runtime` first)
#
# Clients (all fetch /<file> into a tmpfs-backed temp dir, each run is one client process):
#   atftp-w1  : atftp --option "blksize 1468"                          (lock-step, RFC 1350 + 2348)
#   atftp-w8  : atftp --option "blksize 1468" --option "windowsize 8"  (RFC 7440; dnsmasq does not
#               implement windowsize and answers without it, so atftp falls back to lock-step there)
#   curl      : curl --tftp-blksize 1468                               (curl has no windowsize)
# Files: 1 MiB and 64 MiB of random bytes. Servers run in ABBA order (pxelab dnsmasq atftpd atftpd
# dnsmasq pxelab), RUNS runs (default 5) each time after three warm-up fetches of the 64 MiB file;
# prints the median MB/s (10^6 bytes/s) of the 2 x RUNS runs and pxelab's ratio to dnsmasq and atftpd.
set -euo pipefail

if [ -z "${PXELAB_BENCH_NS:-}" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "tftp.sh: run as root (it creates a network namespace)" >&2; exit 1; }
  exec env PXELAB_BENCH_NS=1 unshare --net -- "$0" "$@"
fi

RUNS=${1:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
ip link set lo up

work=$(mktemp -d /tmp/pxelab-tftp-bench.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

root=$work/root
mkdir -p "$root" "$work/out"
head -c $((1 << 20)) /dev/urandom > "$root/1MiB.bin"
head -c $((64 << 20)) /dev/urandom > "$root/64MiB.bin"
echo warm > "$root/warm.txt"
chmod 755 "$work" "$root"; chmod 644 "$root"/*

classes=$repo/pxe-runtime/target/classes
tests=$repo/pxe-runtime/target/test-classes
[ -f "$tests/dev/pxelab/runtime/tftp/TftpServerMain.class" ] || {
  echo "tftp.sh: compile first: (cd $repo && mvn -B -q -o test-compile -pl pxe-runtime)" >&2; exit 1; }
cpfile=$work/cp.txt
(cd "$repo" && mvn -B -q -o compile dependency:build-classpath -pl assets,pxe-runtime -Dtestos.skip=true -Dmdep.includeScope=test \
   -Dmdep.outputFile="$cpfile" >/dev/null 2>&1)
cp="$classes:$tests:$(cat "$cpfile")"

start_server() {
  case "$1" in
    pxelab)  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.pxelab.runtime.tftp.TftpServerMain \
               "$root" 127.0.0.1 69 >"$work/pxelab.log" 2>&1 & ;;
    dnsmasq) dnsmasq --no-daemon --port=0 --enable-tftp --tftp-root="$root" --listen-address=127.0.0.1 \
               --bind-interfaces --interface=lo --pid-file= --log-facility=/dev/null >"$work/dnsmasq.log" 2>&1 & ;;
    atftpd)  atftpd --daemon --no-fork --port 69 --bind-address 127.0.0.1 --logfile /dev/null \
               --user root --group root "$root" >"$work/atftpd.log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 1 100); do
    if atftp -g -r warm.txt -l "$work/out/warm" 127.0.0.1 69 >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "tftp.sh: $1 did not come up; log:" >&2; cat "$work/$1.log" >&2; exit 1
}

stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

fetch() { # client file out
  case "$1" in
    atftp-w1) atftp --option "blksize 1468" -g -r "$2" -l "$3" 127.0.0.1 69 ;;
    atftp-w8) atftp --option "blksize 1468" --option "windowsize 8" -g -r "$2" -l "$3" 127.0.0.1 69 ;;
    curl)     curl -sS --tftp-blksize 1468 -o "$3" "tftp://127.0.0.1:69/$2" ;;
  esac
}

servers=(pxelab dnsmasq atftpd)
clients=(atftp-w1 atftp-w8 curl)
files=(1MiB.bin 64MiB.bin)
declare -A samples result

# ABBA: every server runs twice, once early and once late, so that the machine's drift over the
# minutes a run takes does not land on one server's column.
for s in pxelab dnsmasq atftpd atftpd dnsmasq pxelab; do
  start_server "$s"
  # Warm-up, the same for every server: page cache, and the JIT for pxelab's JVM.
  for _ in 1 2 3; do fetch atftp-w1 64MiB.bin "$work/out/warm" >/dev/null 2>&1; done
  for c in "${clients[@]}"; do
    for f in "${files[@]}"; do
      size=$(stat -c %s "$root/$f")
      for _ in $(seq 1 "$RUNS"); do
        rm -f "$work/out/$f"
        t0=$(date +%s%N)
        fetch "$c" "$f" "$work/out/$f" >/dev/null 2>&1 || { echo "tftp.sh: $c failed to fetch $f from $s" >&2; exit 1; }
        t1=$(date +%s%N)
        cmp -s "$root/$f" "$work/out/$f" || { echo "tftp.sh: $c got a corrupt $f from $s" >&2; exit 1; }
        samples[$s,$c,$f]+="$(awk -v b="$size" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", b / (ns / 1e9) / 1e6 }') "
      done
    done
  done
  stop_server
done
for key in "${!samples[@]}"; do
  result[$key]=$(printf '%s\n' ${samples[$key]} | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
done

printf '\nTFTP throughput, median of %s runs (twice %s, ABBA), MB/s (loopback, one client at a time)\n' "$((2 * RUNS))" "$RUNS"
printf '%-10s %-10s %9s %9s %9s %12s %12s\n' client file pxelab dnsmasq atftpd pxelab/dnsm pxelab/atftpd
for c in "${clients[@]}"; do
  for f in "${files[@]}"; do
    p=${result[pxelab,$c,$f]} d=${result[dnsmasq,$c,$f]} a=${result[atftpd,$c,$f]}
    printf '%-10s %-10s %9s %9s %9s %12s %12s\n' "$c" "$f" "$p" "$d" "$a" \
      "$(awk -v p="$p" -v d="$d" 'BEGIN { printf "%.2f", p / d }')" \
      "$(awk -v p="$p" -v a="$a" 'BEGIN { printf "%.2f", p / a }')"
  done
done
