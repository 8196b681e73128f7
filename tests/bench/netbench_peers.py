# SPDX-License-Identifier: GPL-3.0-or-later
"""Wirebench beside the tools users would pick, against the same real servers:
redis-benchmark (Debian's redis-tools) against redis-server, and wrk against nginx
(one worker, a fixed 200 reply). Each point alternates the two clients, one thread
each, 50 connections, and reports medians: requests/s, p50, and each client
process's CPU time per request (user + system, from the kernel's accounting).

Part of tests/bench/run_netbench.py (--only peers).
"""
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

CONNECTIONS = 50
# The server on one CPU, the client on the other: placement alone moved these figures
# by half from run to run when the scheduler chose.
SERVER_CPU = "0"
CLIENT_CPU = "1"


PINNED = True  # off for the rows that let the scheduler place both processes


def pinned(command, cpu):
    return (["taskset", "-c", cpu] if PINNED else []) + command
VALUE = b"v" * 64
KEY = "key:__rand_int__"  # redis-benchmark's key without -r: the same key for both


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_accepting(port, process, what):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"run_netbench: {what} exited at start")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"run_netbench: {what} does not accept on port {port}")


def need(program, package):
    path = shutil.which(program) or (shutil.which(program, path="/usr/sbin:/sbin"))
    if not path:
        sys.exit(f"run_netbench: {program} is missing: apt-get install {package}")
    return path


def measured(command, timeout):
    """Runs `command`; its output and the CPU seconds it used (it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(pinned(command, CLIENT_CPU), capture_output=True, text=True, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"run_netbench: {' '.join(command)} failed ({result.returncode}): {result.stderr.strip()[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result.stdout, cpu


def wirebench(tools, port, protocol_arguments, window, seconds):
    """Requests/s, p50 µs and CPU µs per request of `wirebench load`, one thread."""
    import json
    command = [tools.wirebench, "load", "--target", f"127.0.0.1:{port}", "--connections", str(CONNECTIONS),
               "--window", str(window), "--threads", "1", "--warmup", "0.5", "--duration", str(seconds),
               "--json"] + protocol_arguments
    out, cpu = measured(command, timeout=seconds + 60)
    figures = json.loads(out.strip().splitlines()[-1])
    if figures["errors"] or figures["timeouts"]:
        sys.exit(f"run_netbench: wirebench had errors: {figures['errors']} errors, {figures['timeouts']} timeouts")
    # CPU covers the warm-up too: divided by every reply, warm-up included.
    return figures["throughput_per_s"], figures["latency_uncorrected_us"]["p50"], cpu * 1e6 / figures["received_total"]


def redis_benchmark(program, port, pipeline, seconds, rate_guess):
    """Requests/s, p50 µs and CPU µs per request of redis-benchmark GET (one thread)."""
    requests = max(int(rate_guess * seconds), 10000)
    out, cpu = measured([program, "-h", "127.0.0.1", "-p", str(port), "-c", str(CONNECTIONS), "-n", str(requests),
                         "-P", str(pipeline), "-t", "get", "-d", str(len(VALUE)), "--csv"], timeout=seconds * 10 + 60)
    row = [line for line in out.splitlines() if line.startswith('"GET"')][-1]
    fields = [field.strip('"') for field in row.split(",")]
    return float(fields[1]), float(fields[4]) * 1000, cpu * 1e6 / requests


def wrk(program, port, seconds):
    """Requests/s, p50 µs and CPU µs per request of wrk (one thread)."""
    out, cpu = measured([program, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
                         f"http://127.0.0.1:{port}/"], timeout=seconds + 60)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    p50_text = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 1, "ms": 1000, "s": 1e6}[p50_text.group(2)]
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit("run_netbench: wrk saw errors:\n" + out)
    return rate, float(p50_text.group(1)) * scale, cpu * 1e6 / total


def start_redis(directory):
    program = need("redis-server", "redis-server")
    port = free_port()
    process = subprocess.Popen(pinned([program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                       "no", "--dir", directory], SERVER_CPU),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_accepting(port, process, "redis-server")
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(KEY), KEY.encode(), len(VALUE), VALUE))
        if client.recv(16) != b"+OK\r\n":
            sys.exit("run_netbench: redis-server did not take the SET")
    return process, port


def start_nginx(directory):
    program = need("nginx", "nginx-light")
    port = free_port()
    config = os.path.join(directory, "nginx.conf")
    with open(config, "w") as out:
        out.write(f"""worker_processes 1;
pid {directory}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {directory}; proxy_temp_path {directory}; fastcgi_temp_path {directory};
  uwsgi_temp_path {directory}; scgi_temp_path {directory};
  server {{ listen 127.0.0.1:{port}; location / {{ return 200 "hello\\n"; }} }}
}}
""")
    process = subprocess.Popen(pinned([program, "-p", directory, "-c", config, "-e", os.path.join(directory, "error.log"),
                                       "-g", "daemon off;"], SERVER_CPU),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_accepting(port, process, "nginx")
    return process, port


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def peers(tools, seconds, rounds):
    print("\n## Beside redis-benchmark and wrk, against the same real servers\n")
    print(f"One client thread each on one CPU, the server on the other; {CONNECTIONS} connections, alternating, "
          f"medians of {rounds}. "
          "Ratio: Wirebench's requests/s over the peer's. CPU: the client process's user + system time per request.\n")
    print("| server | client point | peer | peer req/s | Wirebench req/s | ratio | peer p50 µs | Wirebench p50 µs "
          "| peer CPU µs/req | Wirebench CPU µs/req |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    benchmark = need("redis-benchmark", "redis-tools")
    wrk_program = need("wrk", "wrk")
    with tempfile.TemporaryDirectory() as directory:
        redis, redis_port = start_redis(directory)
        try:
            for pipeline in (1, 16):
                peer, ours = [], []
                guess = 100000.0 * pipeline
                for _ in range(rounds):
                    ours.append(wirebench(tools, redis_port, ["--redis", f"GET {KEY}"], pipeline, seconds))
                    peer.append(redis_benchmark(benchmark, redis_port, pipeline, seconds, guess))
                    guess = peer[-1][0]
                report("redis-server", f"GET 64 B, pipeline/window {pipeline}", "redis-benchmark", peer, ours)
        finally:
            stop(redis)
        global PINNED
        # Pinned, each client has one CPU to itself and is nearly saturated by the
        # loopback's kernel work; unpinned, the scheduler shares both CPUs among the
        # three processes and nginx's one worker is the bottleneck.
        for placement in ("pinned", "unpinned"):
            PINNED = placement == "pinned"
            nginx, nginx_port = start_nginx(directory)
            try:
                peer, ours = [], []
                for _ in range(rounds):
                    ours.append(wirebench(tools, nginx_port, ["--http", "GET /"], 1, seconds))
                    peer.append(wrk(wrk_program, nginx_port, max(int(seconds), 1)))
                report("nginx", f"GET, closed loop, {placement}", "wrk", peer, ours)
            finally:
                stop(nginx)
        PINNED = True


def report(server, point, name, peer, ours):
    m = lambda samples, i: statistics.median(sample[i] for sample in samples)
    print(f"| {server} | {point} | {name} | {m(peer, 0):,.0f} | {m(ours, 0):,.0f} | {m(ours, 0) / m(peer, 0):.2f} "
          f"| {m(peer, 1):.0f} | {m(ours, 1):.0f} | {m(peer, 2):.2f} | {m(ours, 2):.2f} |", flush=True)
