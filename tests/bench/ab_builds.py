#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two Wirebench builds (or one build and the raw baseline) in alternation, at one point.

Answers "did this change help?" on a noisy machine: both sides run the same number
of times, interleaved, against the same raw peer, and the medians are compared. Each
side's CPU time per message is reported beside throughput (it moves less with the
neighbours). 127.0.0.1 only; every run is bounded in time.

  tests/bench/ab_builds.py server|fleet C W --a OLD_BUILD --b NEW_BUILD [--rounds 5] [--seconds 2]
  tests/bench/ab_builds.py server 1000 1 --a raw --b build     # against the raw program

A build directory needs app/wirebench; the raw peer comes from --b's tests/bench
(or --a's when --b is "raw"). A quick way to get the old build:
  git worktree add /tmp/prev HEAD~1 && cmake -S /tmp/prev -B /tmp/prev/build -G Ninja \\
      -DWIREBENCH_BUILD_UI=OFF && cmake --build /tmp/prev/build --target wirebench
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys

RAW = "raw"


def pinned(command, connections, window):
    # As run_netbench.py: the single ping-pong connection runs with both ends on CPU 0.
    return ["taskset", "-c", "0"] + command if (connections, window) == (1, 1) else command


def start_server(command):
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    match = re.match(r"listening on 127\.0\.0\.1:(\d+)", process.stdout.readline())
    if not match:
        process.kill()
        sys.exit(f"ab_builds: {command[0]} did not start")
    return process, int(match.group(1))


def process_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_json(command, timeout):
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        sys.exit(f"ab_builds: {' '.join(command)} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def one_run(side, build, bench, connections, window, seconds):
    """Throughput and CPU microseconds per message of `build` (or the raw program) on `side`."""
    timeout = seconds + 60
    point = ["--connections", str(connections), "--window", str(window)]
    if side == "server":
        command = ([os.path.join(bench, "raw_echo_server"), "--port", "0"] if build == RAW else
                   [os.path.join(build, "app", "wirebench"), "serve", "--port", "0", "--framing", "len4be",
                    "--threads", "1"])
        server, port = start_server(pinned(command, connections, window))
        try:
            before = process_cpu_seconds(server.pid)
            figures = run_json(pinned([os.path.join(bench, "raw_load_client"), "--target", f"127.0.0.1:{port}"] + point
                                      + ["--duration", str(seconds), "--warmup", "0.5"], connections, window), timeout)
            used = process_cpu_seconds(server.pid) - before
        finally:
            server.terminate()
            server.wait()
        return figures["throughput_per_s"], used * 1e6 / max(figures["received"], 1)
    server, port = start_server(pinned([os.path.join(bench, "raw_echo_server"), "--port", "0"], connections, window))
    try:
        before = children_cpu_seconds()
        if build == RAW:
            figures = run_json(pinned([os.path.join(bench, "raw_load_client"), "--target", f"127.0.0.1:{port}"] + point
                                      + ["--duration", str(seconds), "--warmup", "0.5"], connections, window), timeout)
            replies = figures["received"]
        else:
            figures = run_json(pinned([os.path.join(build, "app", "wirebench"), "load", "--target",
                                       f"127.0.0.1:{port}"] + point
                                      + ["--framing", "len4be", "--threads", "1", "--warmup", "0.5",
                                         "--duration", str(seconds), "--json"], connections, window), timeout)
            replies = figures["received_total"]
        used = children_cpu_seconds() - before
    finally:
        server.terminate()
        server.wait()
    return figures["throughput_per_s"], used * 1e6 / max(replies, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("side", choices=["server", "fleet"])
    parser.add_argument("connections", type=int)
    parser.add_argument("window", type=int)
    parser.add_argument("--a", required=True, help='the old build directory, or "raw"')
    parser.add_argument("--b", required=True, help='the new build directory, or "raw"')
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0)
    arguments = parser.parse_args()
    bench = os.path.join(arguments.b if arguments.b != RAW else arguments.a, "tests", "bench")
    samples = {"a": ([], []), "b": ([], [])}
    for _ in range(max(arguments.rounds, 1)):
        for name in ("a", "b"):
            rate, cpu = one_run(arguments.side, getattr(arguments, name), bench, arguments.connections,
                                arguments.window, arguments.seconds)
            samples[name][0].append(rate)
            samples[name][1].append(cpu)
    medians = {name: (statistics.median(rates), statistics.median(cpus)) for name, (rates, cpus) in samples.items()}
    for name in ("a", "b"):
        rate, cpu = medians[name]
        runs = ", ".join(f"{value:.0f}" for value in samples[name][0])
        print(f"{name} {getattr(arguments, name)}: {rate:.0f}/s, {cpu:.3f} us CPU per message (runs {runs})")
    print(f"b/a: throughput {medians['b'][0] / medians['a'][0]:.2f}, CPU per message {medians['a'][1] / medians['b'][1]:.2f}"
          " (above 1: b is better)")


if __name__ == "__main__":
    main()
