#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Wirebench against plain epoll, on 127.0.0.1, with 64-byte payloads.

Every figure is a median of three runs, taken in alternation with the baseline it is
compared to, so a noisy neighbour hurts both alike; results are ratios against the
baseline measured in the same run. Every process is bounded in time.

  tests/bench/run_netbench.py [--build build] [--seconds 2] [--quick | --rounds N] [--only server|fleet|idle|memory|delay|large|gui|ramp|peers|tls|proxy]

Needs python3 (standard library only), taskset (util-linux) and a built tree; --only peers
also redis-server, redis-benchmark (redis-tools), nginx (nginx-light) and wrk; --only tls
nginx, wrk and openssl; --only proxy haproxy. --only proxy ends with a PASS/FAIL line
against issue 16's targets, and the runner exits 1 when it is FAIL.
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import netbench_peers
import netbench_proxy
import netbench_tls

POINTS = [(1, 1), (64, 1), (64, 16), (1000, 1), (10000, 1)]
IDLE_LEVELS = [0, 1000, 10000]
RAMP_RATES = [1000, 5000, 20000]


class Tools:
    def __init__(self, build):
        self.wirebench = os.path.join(build, "app", "wirebench")
        self.raw_server = os.path.join(build, "tests", "bench", "raw_echo_server")
        self.raw_client = os.path.join(build, "tests", "bench", "raw_load_client")
        self.timer_lateness = os.path.join(build, "tests", "bench", "timer_lateness")
        for path in (self.wirebench, self.raw_server, self.raw_client, self.timer_lateness):
            if not os.access(path, os.X_OK):
                sys.exit(f"run_netbench: {path} is missing: build the tree first")


def pinned(command, cpu):
    return (["taskset", "-c", str(cpu)] if cpu is not None else []) + command


class Server:
    """A server process, started and waited for until it prints its port."""

    def __init__(self, command, cpu=None):
        self.process = subprocess.Popen(pinned(command, cpu), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        line = self.process.stdout.readline()
        match = re.match(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not match:
            self.stop()
            sys.exit(f"run_netbench: {command[0]} did not start: {line!r}")
        self.port = int(match.group(1))

    def cpu_seconds(self):
        """User and system CPU time the server has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run_json(command, cpu=None, timeout=120):
    result = subprocess.run(pinned(command, cpu), capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        sys.exit(f"run_netbench: {' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def raw_client(tools, port, connections, window, seconds, wb1=False, idle=0, cpu=None, warmup=0.5, details=False):
    command = [tools.raw_client, "--target", f"127.0.0.1:{port}", "--connections", str(connections), "--window",
               str(window), "--duration", str(seconds), "--warmup", str(warmup), "--idle", str(idle)]
    figures = run_json(command + (["--wb1"] if wb1 else []), cpu)
    if details:
        return figures
    return figures["throughput_per_s"], figures["p50_us"]


def wirebench_load(tools, port, connections, window, seconds, cpu=None, details=False):
    warmup = 0.5 if connections < 5000 else 2.0
    command = [tools.wirebench, "load", "--target", f"127.0.0.1:{port}", "--connections", str(connections),
               "--window", str(window), "--framing", "len4be", "--threads", "1", "--warmup", str(warmup),
               "--duration", str(seconds), "--json"]
    figures = run_json(command, cpu)
    if details:
        return figures
    return figures["throughput_per_s"], figures["latency_uncorrected_us"]["p50"]


def child_cpu_seconds():
    """CPU time (user and system) of the children waited for so far."""
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wirebench_server(tools, framing, cpu=None):
    return Server([tools.wirebench, "serve", "--port", "0", "--framing", framing, "--threads", "1"], cpu)


def raw_server(tools, cpu=None):
    return Server([tools.raw_server, "--port", "0"], cpu)


def medians(samples):
    return {name: statistics.median(values) for name, values in samples.items()}


def placement(connections, window):
    # The single ping-pong connection is pinned with both ends on one CPU: placement
    # alone moves its latency tenfold on a VM. Loaded points use both CPUs.
    return 0 if (connections, window) == (1, 1) else None


def server_side(tools, seconds, rounds):
    print("\n## The Wirebench server against the raw server, both driven by the raw client\n")
    print("Throughput, and (less exposed to noisy neighbours) the server's CPU time per echoed message: "
          "the CPU ratio is raw CPU per message over Wirebench CPU per message.\n")
    print("| C x W | raw server /s | wirebench len4be /s | ratio | CPU ratio | wirebench WB1 /s | ratio | CPU ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for connections, window in POINTS:
        cpu = placement(connections, window)
        samples = {"raw": [], "len4be": [], "wb1": [], "raw_cpu": [], "len4be_cpu": [], "wb1_cpu": []}
        for _ in range(rounds):
            for name in ("raw", "len4be", "wb1"):
                server = raw_server(tools, cpu) if name == "raw" else wirebench_server(tools, name, cpu)
                try:
                    before = server.cpu_seconds()
                    figures = raw_client(tools, server.port, connections, window, seconds, wb1=(name == "wb1"),
                                         cpu=cpu, details=True)
                    used = server.cpu_seconds() - before
                finally:
                    server.stop()
                samples[name].append(figures["throughput_per_s"])
                samples[name + "_cpu"].append(used * 1e6 / max(figures["received"], 1))
        m = medians(samples)
        rows.append((connections, window, m))
        print(f"| {connections} x {window} | {m['raw']:.0f} | {m['len4be']:.0f} | {m['len4be'] / m['raw']:.2f} "
              f"| {m['raw_cpu'] / m['len4be_cpu']:.2f} | {m['wb1']:.0f} | {m['wb1'] / m['raw']:.2f} "
              f"| {m['raw_cpu'] / m['wb1_cpu']:.2f} |", flush=True)
    return rows


def fleet_side(tools, seconds, rounds):
    print("\n## The Wirebench fleet against the raw client, both driving the raw server\n")
    print("The CPU ratio is the raw client's CPU time per reply over the fleet's (whole process, connects included).\n")
    print("| C x W | raw client /s | wirebench fleet /s | ratio | CPU ratio | raw p50 us | fleet p50 us | p50 difference us |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for connections, window in POINTS:
        cpu = placement(connections, window)
        samples = {"raw": [], "fleet": [], "raw_p50": [], "fleet_p50": [], "raw_cpu": [], "fleet_cpu": []}
        for _ in range(rounds):
            for name in ("raw", "fleet"):
                server = raw_server(tools, cpu)
                try:
                    before = child_cpu_seconds()
                    if name == "raw":
                        figures = raw_client(tools, server.port, connections, window, seconds, cpu=cpu, details=True)
                        rate, p50, replies = figures["throughput_per_s"], figures["p50_us"], figures["received"]
                    else:
                        figures = wirebench_load(tools, server.port, connections, window, seconds, cpu=cpu, details=True)
                        rate, p50 = figures["throughput_per_s"], figures["latency_uncorrected_us"]["p50"]
                        replies = figures["received_total"]
                    used = child_cpu_seconds() - before
                finally:
                    server.stop()
                samples[name].append(rate)
                samples[name + "_p50"].append(p50)
                samples[name + "_cpu"].append(used * 1e6 / max(replies, 1))
        m = medians(samples)
        rows.append((connections, window, m))
        print(f"| {connections} x {window} | {m['raw']:.0f} | {m['fleet']:.0f} | {m['fleet'] / m['raw']:.2f} "
              f"| {m['raw_cpu'] / m['fleet_cpu']:.2f} | {m['raw_p50']:.1f} | {m['fleet_p50']:.1f} "
              f"| {m['fleet_p50'] - m['raw_p50']:+.1f} |", flush=True)
    return rows


def idle_connections(tools, seconds, rounds):
    print("\n## One ping-pong connection beside idle connections in the same Wirebench server\n")
    print("Both processes pinned to CPU 0; round trip p50 measured by the raw client.\n")
    print("| idle connections | round trip p50 us | growth from 0 idle us |")
    print("|---:|---:|---:|")
    samples = {level: [] for level in IDLE_LEVELS}
    for _ in range(rounds):
        for level in IDLE_LEVELS:
            server = wirebench_server(tools, "len4be", cpu=0)
            try:
                _, p50 = raw_client(tools, server.port, 1, 1, seconds, idle=level, cpu=0)
            finally:
                server.stop()
            samples[level].append(p50)
    m = medians(samples)
    for level in IDLE_LEVELS:
        print(f"| {level} | {m[level]:.1f} | {m[level] - m[0]:+.1f} |", flush=True)
    return m


def delay_accuracy(tools, rounds):
    print("\n## Delayed replies: configured delay against the round trip measured by the fleet\n")
    print("One connection, ping-pong, WB1. Lateness is the round trip minus the configured delay (it includes "
          "the loopback round trip, about 20 us); the baseline is a plain timerfd sleep of the same length.\n")
    print("| delay ms | round trip p50 ms | p99 ms | lateness p50 us | p99 us | timerfd lateness p50 us | p99 us |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    results = {}
    for delay_ms, count in ((1, 1000), (10, 200)):
        samples = {"p50": [], "p99": [], "base_p50": [], "base_p99": []}
        for _ in range(rounds):
            base = run_json([tools.timer_lateness, "--interval-ms", str(delay_ms), "--count", str(count)])
            samples["base_p50"].append(base["p50_us"])
            samples["base_p99"].append(base["p99_us"])
            server = Server([tools.wirebench, "serve", "--port", "0", "--behaviour", f"delay:{delay_ms}", "--threads", "1"])
            try:
                figures = run_json([tools.wirebench, "load", "--target", f"127.0.0.1:{server.port}", "--connections",
                                    "1", "--window", "1", "--count", str(count), "--threads", "1", "--json"])
            finally:
                server.stop()
            samples["p50"].append(figures["latency_uncorrected_us"]["p50"])
            samples["p99"].append(figures["latency_uncorrected_us"]["p99"])
        m = medians(samples)
        results[delay_ms] = m
        print(f"| {delay_ms} | {m['p50'] / 1000:.3f} | {m['p99'] / 1000:.3f} | {m['p50'] - delay_ms * 1000:.0f} "
              f"| {m['p99'] - delay_ms * 1000:.0f} | {m['base_p50']:.0f} | {m['base_p99']:.0f} |", flush=True)
    return results


def large_fleet(tools):
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    wanted = 50000
    # Each process needs a descriptor per connection: the hard limit caps what one
    # machine's processes can show (root may raise it; a container often cannot).
    count = min(wanted, (hard if hard != resource.RLIM_INFINITY else wanted + 1000) - 1000)
    print(f"\n## A large fleet against the Wirebench server ({count} connections; asked for {wanted}, "
          f"RLIMIT_NOFILE hard limit {hard})\n")
    print("| connections | failed | connect time s | connects/s | server bytes per connection | fleet bytes per connection |")
    print("|---:|---:|---:|---:|---:|---:|")
    server = Server([tools.wirebench, "serve", "--port", "0", "--threads", "2", "--max-connections", str(count + 100)])
    try:
        # The fleet's fixed part (threads, histograms, Qt), measured with 100 connections.
        small = subprocess.Popen([tools.wirebench, "load", "--target", f"127.0.0.1:{server.port}", "--connections",
                                  "100", "--rate", "1000", "--duration", "4", "--threads", "2"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        with open(f"/proc/{small.pid}/status") as status:
            fleet_base = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        small.wait(timeout=60)
        server_idle = server.rss_kib()
        load = subprocess.Popen([tools.wirebench, "load", "--target", f"127.0.0.1:{server.port}", "--connections",
                                 str(count), "--rate", "1000", "--duration", "12", "--threads", "2",
                                 "--connect-timeout", "30000", "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(11)
        with open(f"/proc/{load.pid}/status") as status:
            fleet_rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        server_rss = server.rss_kib()
        out, _ = load.communicate(timeout=120)
        figures = json.loads(out.strip().splitlines()[-1])
    finally:
        server.stop()
    connect_s = figures.get("connect_s") or float("nan")
    print(f"| {figures['connections']:.0f} | {figures['connect_failures']:.0f} | {connect_s:.2f} | {figures['connections'] / connect_s:.0f} "
          f"| {(server_rss - server_idle) * 1024 / count:.0f} | {(fleet_rss * 1024 - fleet_base * 1024) / count:.0f} |",
          flush=True)
    return figures


def gui_lag(build, rounds):
    """The window's event-loop lag with 10,000 clients running (bench_gui_lag)."""
    bench = os.path.join(build, "tests", "bench", "bench_gui_lag")
    if not os.access(bench, os.X_OK):
        print("\n(bench_gui_lag is not built: the build has no window)")
        return None
    print("\n## The window's GUI thread while 10,000 clients run at full speed\n")
    print("A 10 ms timer on the GUI thread; how late it fires, with the window idle and then with a 10,000-connection "
          "closed-loop fleet (against the raw server, in another process) drawn by every panel. Offscreen platform.\n")
    print("| replies/s | idle p99 ms | loaded p50 ms | loaded p99 ms | loaded max ms |")
    print("|---:|---:|---:|---:|---:|")
    samples = {"rate": [], "idle": [], "p50": [], "p99": [], "max": []}
    for _ in range(rounds):
        server = raw_server(TOOLS)
        try:
            environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            result = subprocess.run([bench, "--target", f"127.0.0.1:{server.port}", "--connections", "10000",
                                     "--seconds", "10"], capture_output=True, text=True, timeout=300, env=environment)
            figures = json.loads(result.stdout.strip().splitlines()[-1])
        finally:
            server.stop()
        samples["rate"].append(figures["replies_per_s"])
        samples["idle"].append(figures["idle_lag_ms"]["p99"])
        samples["p50"].append(figures["loaded_lag_ms"]["p50"])
        samples["p99"].append(figures["loaded_lag_ms"]["p99"])
        samples["max"].append(figures["loaded_lag_ms"]["max"])
    m = medians(samples)
    print(f"| {m['rate']:.0f} | {m['idle']:.2f} | {m['p50']:.2f} | {m['p99']:.2f} | {m['max']:.2f} |", flush=True)
    return m


def memory_per_connection():
    print("\n## User-space memory per idle connection (resident set, 10,000 against 100 connections)\n")
    print("| side | RSS at 100 KiB | RSS at 10,000 KiB | per connection bytes |")
    print("|---|---:|---:|---:|")
    results = {}
    # Server side: the raw client opens idle connections to a Wirebench server.
    rss = {}
    for count in (100, 10000):
        server = wirebench_server(TOOLS, "len4be")
        client = subprocess.Popen([TOOLS.raw_client, "--target", f"127.0.0.1:{server.port}", "--connections", "0",
                                   "--idle", str(count), "--duration", "4", "--warmup", "0"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        rss[count] = server.rss_kib()
        client.wait(timeout=60)
        server.stop()
    results["server"] = rss
    # Fleet side: an all but idle open-loop fleet against the raw server.
    fleet_rss = {}
    for count in (100, 10000):
        server = raw_server(TOOLS)
        load = subprocess.Popen([TOOLS.wirebench, "load", "--target", f"127.0.0.1:{server.port}", "--connections",
                                 str(count), "--rate", "0.001", "--duration", "5", "--threads", "1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(4)
        with open(f"/proc/{load.pid}/status") as status:
            fleet_rss[count] = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        load.wait(timeout=60)
        server.stop()
    results["fleet"] = fleet_rss
    for side, values in results.items():
        per = (values[10000] - values[100]) * 1024 / 9900
        print(f"| {side} | {values[100]} | {values[10000]} | {per:.0f} |", flush=True)
    return results


def ramp_schedule(tools, rounds):
    print("\n## The connect ramp: asked against achieved, idle and under a closed-loop load\n")
    print("`wirebench load --ramp R` from 127.0.0.1 and 127.0.0.2 against `wirebench serve` in another process; about "
          "2 s of ramp per point (16,000 connections at most: one process holds 20,000 descriptors). Idle: one "
          "message/s over the fleet; load: window 1, each connection in ping-pong from the moment it opens. Achieved "
          "is (N - 1) / connect_s (the fleet's start until its last connection settled); late is connect_s minus the "
          "last connection's slot, (N - 1) / R.\n")
    print("| asked /s | load | connections | connect s | achieved /s | achieved / asked | last one late ms |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    results = {}
    for rate in RAMP_RATES:
        count = min(2 * rate, 16000)
        samples = {"idle": [], "load": []}
        for _ in range(rounds):
            for mode in ("idle", "load"):
                server = Server([tools.wirebench, "serve", "--port", "0", "--max-connections", "30000"])
                try:
                    schedule = ["--rate", "1"] if mode == "idle" else ["--window", "1"]
                    figures = run_json([tools.wirebench, "load", "--target", f"127.0.0.1:{server.port}",
                                        "--connections", str(count), "--source", "127.0.0.1,127.0.0.2", "--ramp",
                                        str(rate), "--duration", f"{count / rate + 1.5:.1f}", "--json"] + schedule,
                                       timeout=120)
                finally:
                    server.stop()
                samples[mode].append(figures.get("connect_s") or float("nan"))
        for mode in ("idle", "load"):
            connect_s = statistics.median(samples[mode])
            achieved = (count - 1) / connect_s
            late_ms = (connect_s - (count - 1) / rate) * 1000
            results[(rate, mode)] = (connect_s, achieved, late_ms)
            print(f"| {rate} | {mode} | {count} | {connect_s:.3f} | {achieved:.0f} | {achieved / rate:.3f} "
                  f"| {late_ms:.0f} |", flush=True)
    ramp_burst_cost(tools, rounds)
    return results


def ramp_burst_cost(tools, rounds):
    print("\n## What a ramp costs the replies of connections already open\n")
    print("One `wirebench run`: 100 connections in ping-pong (window 1, one I/O thread per core) against "
          "`wirebench serve` in another process, then a second fleet of 16,000 ramping at 20,000/s on the same "
          "threads. The first fleet's round trip before, during and after the ramp; a late connector opens at most "
          "2 ms of connects per pass of its thread (MaxConnectBurstNs).\n")
    print("| phase | p50 us | p99 us | p999 us | max us |")
    print("|---|---:|---:|---:|---:|")
    samples = {phase: {"p50": [], "p99": [], "p999": [], "max": []} for phase in ("before", "ramping", "after")}
    for _ in range(rounds):
        server = Server([tools.wirebench, "serve", "--port", "0", "--max-connections", "30000"])
        try:
            target = f"127.0.0.1:{server.port}"
            session = {
                "format": "wirebench-session", "version": 1,
                "fleets": [
                    {"name": "steady", "target": target, "connections": 100},
                    {"name": "ramp", "target": target, "connections": 16000, "ramp_per_s": 20000,
                     "source": "127.0.0.1,127.0.0.2", "schedule": {"rate": 1}},
                ],
                "scenario": [
                    {"step": "connect", "fleet": "steady"},
                    {"step": "wait", "until": "connected", "fleet": "steady"},
                    {"step": "phase", "name": "warm-up", "report": False},
                    {"step": "hold", "seconds": 0.5},
                    {"step": "phase", "name": "before"},
                    {"step": "hold", "seconds": 1.5},
                    {"step": "phase", "name": "ramping"},
                    {"step": "connect", "fleet": "ramp"},
                    {"step": "wait", "until": "connected", "fleet": "ramp", "timeout_s": 30},
                    {"step": "phase", "name": "after"},
                    {"step": "hold", "seconds": 1.5},
                ],
            }
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "ramp.json")
                with open(path, "w") as file:
                    json.dump(session, file)
                report = os.path.join(folder, "report.json")
                result = subprocess.run([tools.wirebench, "run", path, "--json", report], capture_output=True,
                                        text=True, timeout=120)
                if result.returncode not in (0, 1):
                    sys.exit(f"run_netbench: the ramp session failed ({result.returncode}): {result.stderr.strip()}")
                with open(report) as file:
                    figures = json.load(file)
        finally:
            server.stop()
        steady = next(fleet for fleet in figures["fleets"] if fleet["fleet"] == "steady")
        phases = {phase["phase"]: phase for phase in steady["phases"]}
        for phase in samples:
            latency = phases[phase]["latency_us"]
            for key in samples[phase]:
                samples[phase][key].append(latency[key])
    for phase, values in samples.items():
        m = medians(values)
        print(f"| {phase} | {m['p50']:.0f} | {m['p99']:.0f} | {m['p999']:.0f} | {m['max']:.0f} |", flush=True)


def main():
    global TOOLS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--seconds", type=float, default=2.0, help="measured seconds per run")
    parser.add_argument("--quick", action="store_true", help="one round instead of three (for a try, not figures)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds per point (default 3); more steady the medians on a noisy machine")
    parser.add_argument("--only", choices=["server", "fleet", "idle", "memory", "delay", "large", "gui", "ramp", "peers", "tls",
                                            "proxy"],
                        action="append",
                        help="run only these parts (repeatable); the default is all")
    arguments = parser.parse_args()
    parts = arguments.only or ["server", "fleet", "idle", "memory", "delay", "large", "gui", "ramp", "peers", "tls",
                               "proxy"]
    TOOLS = Tools(arguments.build)
    rounds = 1 if arguments.quick else max(arguments.rounds, 1)
    print(f"# Network benchmark: {os.cpu_count()} CPUs, {arguments.seconds} s per run, medians of {rounds}")
    if "server" in parts:
        server_side(TOOLS, arguments.seconds, rounds)
    if "fleet" in parts:
        fleet_side(TOOLS, arguments.seconds, rounds)
    if "idle" in parts:
        idle_connections(TOOLS, arguments.seconds, rounds)
    if "memory" in parts:
        memory_per_connection()
    if "delay" in parts:
        delay_accuracy(TOOLS, rounds)
    if "large" in parts:
        large_fleet(TOOLS)
    if "gui" in parts:
        gui_lag(arguments.build, rounds)
    if "ramp" in parts:
        ramp_schedule(TOOLS, rounds)
    if "peers" in parts:
        netbench_peers.peers(TOOLS, arguments.seconds, rounds)
    if "tls" in parts:
        netbench_tls.tls_bench(TOOLS, arguments.seconds, rounds)
    if "proxy" in parts and not netbench_proxy.proxy_bench(TOOLS, arguments.seconds, rounds, Server, raw_client):
        sys.exit(1)


if __name__ == "__main__":
    main()
