#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A distributed run on "machines" made of Linux network namespaces, as the Kubernetes
# Indexed Job in packaging/kubernetes/ runs it on real ones (docs/distributed.md):
# a server in one namespace, AGENTS agents in others, each with its own address, port
# range and descriptor limit, all on one bridge in a namespace of their own. The agents
# run `wirebench load --shard I/N --start-at T --hlog`, then `wirebench merge` makes one
# run of their logs. Addresses come from 198.18.0.0/15, the benchmarking range of
# RFC 2544, inside namespaces this script makes and removes: the host's own network is
# never touched. Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN).
#
#   tests/distributed/netns_shards.sh WIREBENCH OUTDIR [AGENTS] [CONNECTIONS] [MESSAGES]
#
# Writes OUTDIR/agentI.hlog, agentI.json (each agent's summary), merged.json,
# merged.csv, merged.hgrm; prints the agents' and the merged counts. Exit 0 when the
# merged run received exactly what the agents did together.
set -euo pipefail

wirebench=$(realpath "$1")
out=$(realpath -m "$2")
agents=${3:-3}
connections=${4:-300}
messages=${5:-30000}
port=7000
prefix="wb$$"
lan="${prefix}-lan"
mkdir -p "$out"

fail() { echo "netns_shards: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root to make network namespaces (ip netns add)"
command -v ip >/dev/null || fail "ip (iproute2) is missing"

hosts=("${prefix}-srv")
for ((i = 0; i < agents; i++)); do hosts+=("${prefix}-a$i"); done
cleanup() {
    for host in "${hosts[@]}" "$lan"; do
        ip netns pids "$host" 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del "$host" 2>/dev/null || true
    done
}
trap cleanup EXIT

# The LAN: a bridge in a namespace of its own, one veth pair per host.
ip netns add "$lan" || fail "cannot make a network namespace (ip netns add): not allowed here?"
ip -n "$lan" link add br0 type bridge
ip -n "$lan" link set br0 up
ip -n "$lan" link set lo up
address_of() { echo "198.18.0.$(( $1 + 1 ))"; } # host 0 (the server) is 198.18.0.1
for index in "${!hosts[@]}"; do
    host=${hosts[$index]}
    ip netns add "$host"
    ip link add "${prefix}h$index" netns "$host" type veth peer name "p$index" netns "$lan"
    ip -n "$lan" link set "p$index" master br0 up
    ip -n "$host" link set lo up
    ip -n "$host" link set "${prefix}h$index" name eth0
    ip -n "$host" addr add "$(address_of "$index")/24" dev eth0
    ip -n "$host" link set eth0 up
done
server_address=$(address_of 0)

# The server, listening on its own address.
ip netns exec "${hosts[0]}" "$wirebench" serve --host "$server_address" --port "$port" > "$out/server.log" 2>&1 &
for _ in $(seq 100); do
    grep -q "^listening on" "$out/server.log" 2>/dev/null && break
    sleep 0.1
done
grep -q "^listening on" "$out/server.log" || fail "the server did not start: $(cat "$out/server.log")"

# The agents: each its own port range and descriptor limit, all starting at one instant.
start_at=$(( $(date +%s%3N) + 2000 ))
pids=()
for ((i = 0; i < agents; i++)); do
    host=${hosts[$((i + 1))]}
    first=$(( 20000 + i * 10000 ))
    ip netns exec "$host" sysctl -qw net.ipv4.ip_local_port_range="$first $(( first + 9999 ))"
    ip netns exec "$host" bash -c "ulimit -n 4096 && exec \"\$@\"" agent \
        "$wirebench" load --target "$server_address:$port" --connections "$connections" --count "$messages" \
        --shard "$i/$agents" --start-at "$start_at" --hlog "$out/agent$i.hlog" --json \
        > "$out/agent$i.json" 2> "$out/agent$i.err" &
    pids+=($!)
done
for ((i = 0; i < agents; i++)); do
    wait "${pids[$i]}" || fail "agent $i failed: $(tail -3 "$out/agent$i.err")"
done

"$wirebench" merge "$out"/agent*.hlog --json "$out/merged.json" --summary "$out/merged.csv" --hgrm "$out/merged.hgrm" \
    > "$out/merge.out" 2> "$out/merge.err" || fail "merge failed: $(cat "$out/merge.err")"
cat "$out/merge.out"

python3 - "$out" "$agents" <<'EOF'
import json, sys
out, agents = sys.argv[1], int(sys.argv[2])
received = sum(json.load(open(f"{out}/agent{i}.json"))["received_total"] for i in range(agents))
merged = json.load(open(f"{out}/merged.json"))["fleets"][0]
# Every phase: the time before the start ("connect") is left out of "all".
merged_received = sum(phase["received"] for phase in merged["phases"])
print(f"agents received {received:.0f} together; merged run received {merged_received:.0f}")
sys.exit(0 if received == merged_received else 1)
EOF
