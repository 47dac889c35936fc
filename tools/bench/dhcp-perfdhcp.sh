#!/bin/sh
# DHCP exchanges per second: pxelab's server vs dnsmasq, each measured with Kea's perfdhcp
# (full DORA 4-way exchanges, many simulated clients) over a veth pair between two network
# namespaces this script creates. Nothing touches the host's network; everything started here
# is stopped by PID before the script ends.
#
#   tools/bench/dhcp-perfdhcp.sh [seconds=10] [rate=20000] [clients=1000]
#
# perfdhcp sets the broadcast flag (-B): its simulated clients have made-up MACs, so a reply
# unicast to the chaddr (what dnsmasq does otherwise) would never reach it. dnsmasq runs with
# --no-ping and --leasefile-ro, since pxelab neither probes addresses nor persists leases.
# Needs: root (or unprivileged user namespaces), kea-admin (perfdhcp), dnsmasq-base, and a
# prior `mvn -o test-compile -pl pxe-runtime`.
set -eu
seconds=${1:-10}; rate=${2:-20000}; clients=${3:-1000}
if [ "${PXELAB_BENCH_INNER:-}" != 1 ]; then
  cd "$(dirname "$0")/../.."
  cp_file=pxe-runtime/target/bench.classpath
  [ -s "$cp_file" ] || mvn -B -q -o -pl assets,pxe-runtime -Dtestos.skip=true compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
  export BENCH_CP="$PWD/pxe-runtime/target/classes:$PWD/pxe-runtime/target/test-classes:$(cat "$cp_file")"
  map=""; [ "$(id -u)" -eq 0 ] || map="--map-root-user"
  exec unshare --net $map -- env PXELAB_BENCH_INNER=1 sh "$0" "$seconds" "$rate" "$clients"
fi

work=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  [ -n "${BENCH_KEEP:-}" ] && cp -r "$work" "$BENCH_KEEP"; rm -rf "$work"
}
trap cleanup EXIT INT TERM

ip link set lo up
# The client side lives in a second namespace, held by a sleep we kill at the end.
unshare --net -- sleep 3600 &
holder=$!; pids="$holder"
while [ "$(readlink /proc/$holder/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.05; done
ip link add vs type veth peer name vc
ip link set vc netns "$holder"
ip addr add 192.168.105.1/16 dev vs
ip link set vs up
peer() { nsenter -t "$holder" -n -- "$@"; }
peer ip link set lo up
peer ip addr add 192.168.105.2/16 dev vc
peer ip link set vc up

pool_first=192.168.106.0; pool_last=192.168.115.255   # 2560 addresses
perf() {  # $1 = label, $2 = seconds
  peer perfdhcp -4 -B -l vc -r "$rate" -R "$clients" -p "$2" 192.168.105.1 2>&1 \
    | tee "$work/$1.out" | awk '/^Rate:/ {print $2}'
}

run_server() {  # $1 = name; starts the server, sets server_pid
  case "$1" in
    pxelab)
      java -cp "$BENCH_CP" -XX:+UseSerialGC dev.pxelab.runtime.dhcp.DhcpBenchServer vs 192.168.105.1/16 \
        "$pool_first" "$pool_last" > "$work/pxelab.log" 2>&1 &
      server_pid=$!
      while ! grep -q "pxelab dhcp ready" "$work/pxelab.log"; do
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/pxelab.log"; exit 1; }
        sleep 0.1
      done ;;
    dnsmasq)
      dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=vs --bind-interfaces --leasefile-ro --no-ping \
        --dhcp-range="$pool_first,$pool_last,255.255.0.0,1h" --dhcp-authoritative ${DNSMASQ_LOG:---quiet-dhcp} \
        --log-facility=- > "$work/dnsmasq.log" 2>&1 &
      server_pid=$!
      sleep 0.5 ;;
  esac
  pids="$pids $server_pid"
}

cpu_ticks() {  # user + system CPU time of a process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
}

echo "perfdhcp: ${seconds}s per run, target rate ${rate}/s, ${clients} simulated clients, DORA exchanges"
echo "runs in ABBA order (the machine's load drifts; alternating cancels most of it)"
sum_pxelab=0; sum_dnsmasq=0
for name in pxelab dnsmasq dnsmasq pxelab; do
  run_server "$name"
  perf "$name-warmup" 3 > /dev/null   # JIT warm-up for pxelab; the same for dnsmasq to be fair
  before=$(cpu_ticks "$server_pid")
  r=$(perf "$name" "$seconds")
  after=$(cpu_ticks "$server_pid")
  stop_server
  eval "sum_$name=\$(awk -v s=\"\$sum_$name\" -v r=\"${r:-0}\" 'BEGIN { print s + r }')"
  acks=$(awk '/^received packets:/ {n++; if (n == 2) print $3}' "$work/$name.out")
  drops=$(awk '/^drops:/ {print $2; exit}' "$work/$name.out")
  awk -v n="$name" -v r="${r:-0}" -v d="${drops:-?}" -v a="${acks:-0}" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%-8s %8.1f exchanges/s, %6d ACKs, server CPU %5.2f s = %4.0f us per exchange (DISCOVERs dropped: %s)\n",
             n, r, a, t / hz, (a > 0 ? t / hz / a * 1e6 : 0), d }'
done
awk -v a="$sum_pxelab" -v b="$sum_dnsmasq" \
  'BEGIN { printf "mean: pxelab %.1f, dnsmasq %.1f exchanges/s; ratio pxelab/dnsmasq: %.2f\n", a / 2, b / 2, (b > 0 ? a / b : 0) }'
