# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS beside the peers that speak it, on 127.0.0.1 (run_netbench.py --only tls).

- Requests over https: `wirebench load --http 'GET /' --tls` beside wrk on https, both
  against nginx with TLS (one worker), and each beside its own plaintext run: how much
  TLS costs each client. TLS 1.3 with the library's default suite on every side.
- The server over https: `wirebench serve --framing http1 --tls-cert ...` beside nginx
  with the same certificate, both driven by wrk on https.
- Handshakes: `openssl s_time` (-new: full handshakes; -reuse: resumed) against both
  servers: handshakes per second, and resumed over full.
- A fleet's own view: `wirebench load --tls --reconnect` against nginx closing every
  connection after 10 requests (keepalive_requests), with and without --tls-resume:
  the TCP connect and TLS handshake p50s it reports, full and resumed handshakes.

Every point alternates its two sides and reports medians; every process is bounded in time.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

import netbench_peers as peers
from netbench_peers import CONNECTIONS, SERVER_CPU, need, stop, wait_accepting


def make_certificate(directory):
    """A self-signed P-256 certificate for 127.0.0.1, made with Debian's openssl."""
    cert = os.path.join(directory, "server.pem")
    key = os.path.join(directory, "server.key")
    subprocess.run([need("openssl", "openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=30)
    return cert, key


def start_nginx_tls(directory, cert, key, keepalive_requests=1000):
    """nginx, one worker, listening with TLS; its session cache and tickets on (as ours are)."""
    program = need("nginx", "nginx-light")
    port = peers.free_port()
    config = os.path.join(directory, f"nginx-tls-{port}.conf")
    with open(config, "w") as out:
        out.write(f"""worker_processes 1;
pid {directory}/nginx-{port}.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {directory}; proxy_temp_path {directory}; fastcgi_temp_path {directory};
  uwsgi_temp_path {directory}; scgi_temp_path {directory};
  keepalive_requests {keepalive_requests};
  ssl_session_cache shared:tls:1m;
  ssl_session_tickets on;
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.3;
    location / {{ return 200 "hello\\n"; }}
  }}
}}
""")
    process = subprocess.Popen(peers.pinned([program, "-p", directory, "-c", config, "-e",
                                             os.path.join(directory, f"error-{port}.log"), "-g", "daemon off;"],
                                            SERVER_CPU), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_accepting(port, process, "nginx")
    return process, port


def start_wirebench_tls(tools, cert, key):
    """`wirebench serve --framing http1` with the certificate, one I/O thread."""
    process = subprocess.Popen(peers.pinned([tools.wirebench, "serve", "--port", "0", "--framing", "http1", "--threads",
                                             "1", "--tls-cert", cert, "--tls-key", key], SERVER_CPU),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    match = re.match(r"listening on 127\.0\.0\.1:(\d+)", process.stdout.readline())
    if not match:
        stop(process)
        sys.exit("run_netbench: wirebench serve --tls did not start")
    return process, int(match.group(1))


def process_cpu(process):
    """User + system CPU seconds of a server process and its live children (nginx's worker)."""
    def cpu_of(pid):
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            kids = [int(child) for child in children.read().split()]
        return int(fields[11]) + int(fields[12]) + sum(cpu_of(kid) for kid in kids)
    return cpu_of(process.pid) / os.sysconf("SC_CLK_TCK")


def wrk_https(program, port, seconds, tls=True):
    """Requests/s, p50 µs and CPU µs per request of wrk (one thread), on https or http."""
    scheme = "https" if tls else "http"
    out, cpu = peers.measured([program, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
                               f"{scheme}://127.0.0.1:{port}/"], timeout=seconds + 60)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit("run_netbench: wrk saw errors:\n" + out)
    return rate, float(p50.group(1)) * {"us": 1, "ms": 1000, "s": 1e6}[p50.group(2)], cpu * 1e6 / total


def wirebench_figures(tools, port, arguments, seconds, connections=CONNECTIONS):
    """The JSON summary of `wirebench load --http 'GET /'`, one thread, and its CPU seconds."""
    command = [tools.wirebench, "load", "--target", f"127.0.0.1:{port}", "--connections", str(connections),
               "--window", "1", "--threads", "1", "--warmup", "0.5", "--duration", str(seconds), "--json",
               "--http", "GET /"] + arguments
    out, cpu = peers.measured(command, timeout=seconds + 60)
    figures = json.loads(out.strip().splitlines()[-1])
    if figures["errors"] or figures["timeouts"]:
        sys.exit(f"run_netbench: wirebench had errors: {json.dumps(figures)[:600]}")
    return figures, cpu


def s_time(port, mode, seconds):
    """Connections per second of `openssl s_time` (-new or -reuse), fetching / each time."""
    result = subprocess.run(peers.pinned([need("openssl", "openssl"), "s_time", "-connect", f"127.0.0.1:{port}",
                                          f"-{mode}", "-time", str(seconds), "-www", "/"], peers.CLIENT_CPU),
                            capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"([\d.]+) connections/user sec", result.stdout)
    real = re.search(r"(\d+) connections in (\d+) real seconds", result.stdout)
    if not match or not real:
        sys.exit(f"run_netbench: openssl s_time -{mode} failed: {result.stdout[-300:]} {result.stderr[-300:]}")
    return int(real.group(1)) / max(int(real.group(2)), 1)


def median(samples, index=None):
    return statistics.median(sample if index is None else sample[index] for sample in samples)


def tls_bench(tools, seconds, rounds):
    wrk_program = need("wrk", "wrk")
    seconds = max(int(seconds), 1)
    with tempfile.TemporaryDirectory() as directory:
        cert, key = make_certificate(directory)
        print("\n## TLS: requests over https beside wrk, against nginx with TLS 1.3\n")
        print(f"One client thread on one CPU, nginx's one worker on the other; {CONNECTIONS} connections, one request "
              f"in flight each, alternating, medians of {rounds}. Ratio: Wirebench over wrk. "
              "'TLS / plain': each client's https rate over its own http rate against the same nginx.\n")
        print("| client | http req/s | https req/s | TLS / plain | https p50 µs | https CPU µs/req |")
        print("|---|---:|---:|---:|---:|---:|")
        nginx, port = start_nginx_tls(directory, cert, key)
        plain, plain_port = peers.start_nginx(directory)
        try:
            samples = {"wrk": [], "wrk_plain": [], "ours": [], "ours_plain": []}
            for _ in range(rounds):
                samples["wrk"].append(wrk_https(wrk_program, port, seconds))
                figures, cpu = wirebench_figures(tools, port, ["--tls", "--tls-ca", cert], seconds)
                samples["ours"].append((figures["throughput_per_s"], figures["latency_uncorrected_us"]["p50"],
                                        cpu * 1e6 / figures["received_total"]))
                samples["wrk_plain"].append(wrk_https(wrk_program, plain_port, seconds, tls=False))
                figures, _ = wirebench_figures(tools, plain_port, [], seconds)
                samples["ours_plain"].append((figures["throughput_per_s"],))
        finally:
            stop(nginx)
            stop(plain)
        for name, label in (("wrk", "wrk"), ("ours", "Wirebench")):
            https, http = median(samples[name], 0), median(samples[name + "_plain"], 0)
            print(f"| {label} | {http:,.0f} | {https:,.0f} | {https / http:.2f} | {median(samples[name], 1):.0f} "
                  f"| {median(samples[name], 2):.2f} |", flush=True)
        print(f"\nWirebench over wrk on https: {median(samples['ours'], 0) / median(samples['wrk'], 0):.2f} "
              f"(requests/s), {median(samples['wrk'], 2) / median(samples['ours'], 2):.2f} (wrk's CPU per request "
              "over Wirebench's).")

        print("\n## TLS: the server over https beside nginx, both driven by wrk\n")
        print("The same certificate; wrk on one CPU, the server on the other. CPU: the server's user + system time "
              "per request.\n")
        print("| server | https req/s | p50 µs | server CPU µs/req |")
        print("|---|---:|---:|---:|")
        def each_server(measure):
            """measure(server process, port) against nginx and ours in turn, `rounds` times; samples by server."""
            samples = {"nginx": [], "wirebench": []}
            for _ in range(rounds):
                for name in samples:
                    server, server_port = (start_nginx_tls(directory, cert, key) if name == "nginx"
                                           else start_wirebench_tls(tools, cert, key))
                    try:
                        samples[name].append(measure(server, server_port))
                    finally:
                        stop(server)
            return samples

        def https_rate(server, server_port):
            before = process_cpu(server)
            rate, p50, _ = wrk_https(wrk_program, server_port, seconds)
            return rate, p50, (process_cpu(server) - before) * 1e6 / max(rate * seconds, 1)

        rows = each_server(https_rate)
        for name in ("nginx", "wirebench"):
            print(f"| {name} | {median(rows[name], 0):,.0f} | {median(rows[name], 1):.0f} | {median(rows[name], 2):.2f} |")
        print(f"\nWirebench serve over nginx: {median(rows['wirebench'], 0) / median(rows['nginx'], 0):.2f} (requests/s).")

        print("\n## TLS: handshakes per second, openssl s_time against each server\n")
        print("s_time on one CPU, the server on the other; each connection fetches / once. -new: a full handshake "
              "each time; -reuse: the first session resumed.\n")
        print("| server | full /s | resumed /s | resumed / full |")
        print("|---|---:|---:|---:|")
        shakes = each_server(lambda _, server_port: (s_time(server_port, "new", seconds),
                                                      s_time(server_port, "reuse", seconds)))
        for name in ("nginx", "wirebench"):
            full, resumed = median(shakes[name], 0), median(shakes[name], 1)
            print(f"| {name} | {full:,.0f} | {resumed:,.0f} | {resumed / full:.2f} |")

        print("\n## TLS: a fleet's handshakes, full against resumed\n")
        print("`wirebench load --tls --reconnect` against nginx closing each connection after 10 requests, 4 "
              "connections; the fleet's own figures (as curl's time_connect and time_appconnect).\n")
        print("| --tls-resume | TCP connect p50 µs | handshake p50 µs | handshake p99 µs | full | resumed | req/s |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        nginx, port = start_nginx_tls(directory, cert, key, keepalive_requests=10)
        try:
            runs = {False: [], True: []}
            for _ in range(rounds):
                for resume in (False, True):
                    figures, _ = wirebench_figures(tools, port, ["--tls-ca", cert, "--reconnect"]
                                                   + (["--tls-resume"] if resume else []), seconds, connections=4)
                    runs[resume].append((figures["connect_us"]["p50"], figures["handshake_us"]["p50"],
                                         figures["handshake_us"]["p99"], figures["tls"]["full_handshakes"],
                                         figures["tls"]["resumed_handshakes"], figures["throughput_per_s"]))
        finally:
            stop(nginx)
        for resume in (False, True):
            r = runs[resume]
            print(f"| {'yes' if resume else 'no'} | {median(r, 0):.0f} | {median(r, 1):.0f} | {median(r, 2):.0f} "
                  f"| {median(r, 3):.0f} | {median(r, 4):.0f} | {median(r, 5):,.0f} |")
        print(f"\nResumed handshake p50 over full: {median(runs[True], 1) / median(runs[False], 1):.2f}.")
