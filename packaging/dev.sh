#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a Debian 12 machine for Wirebench, builds it, then launches or tests it.
# Safe to repeat: it installs only what is missing and rebuilds only what changed.
#
#   packaging/dev.sh demo    the window on the built-in demo
#   packaging/dev.sh test    the whole test suite, in a plain and in an ASan+UBSan build
#   packaging/dev.sh build   set up and build only
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: packaging/dev.sh demo|test|build" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in demo|test|build) ;; *) usage ;; esac

packages=(
    g++ cmake ninja-build                          # toolchain
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev # Qt Core, Network, Widgets, Test; Charts
    qt6-base-private-dev                           # one Qt Network private header (netcore/io/unbufferedadoption.cpp)
    qt6-httpserver-dev qt6-websockets-dev          # Toxiproxy's HTTP API (netcore/proxy/toxiproxyapi); Debian's HttpServer config needs WebSockets' too
    libqt6opengl6-dev libgl-dev                    # what find_package(Qt6 Charts) needs on Debian 12
    libqt6svg6                                     # draws the SVG application icon
    fonts-dejavu-core                              # text for the window and the offscreen GUI tests
    libssl-dev openssl                             # TLS (netcore/tls); openssl makes the tests' certificates
    zlib1g-dev                                     # HdrHistogram's compressed histograms in interval logs (--hlog)
    dpkg-dev file                                  # cpack's .deb (dpkg-shlibdeps) in tst_package
    memcached                                      # a real server no one here wrote (tst_memcached)
    mosquitto                                      # a real MQTT broker (tst_mosquitto)
    redis-server                                   # a real Redis (tst_redis); redis-benchmark and redis-cli through the proxy (tst_proxypeers)
    nginx-light                                    # a real HTTP server (tst_nginx)
    curl                                           # a real HTTP client (tst_httpserver)
    python3-websockets                             # a real WebSocket server and client (tst_websocket)
    socat                                          # a real TLS echo server (tst_tls)
    ca-certificates                                # the system's trust store, a fleet's default for --tls
    wrk                                            # the HTTP load tool tests/bench/run_netbench.py compares with
    tshark                                         # reads the proxy's --record-pcap captures (tst_proxypeers)
    haproxy                                        # the TCP proxy run_netbench.py --only proxy compares wirebench proxy with
    default-jre-headless libhdrhistogram-java      # HdrHistogram's own log processor reads our interval logs (tst_intervallog)
    iproute2 procps                                # network namespaces for the distributed test (tst_netnsshards): ip, sysctl
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    echo "wirebench: installing ${missing[*]}"
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# How long each part took, said as it ends: where CI's time goes (its budget is 20 minutes).
phase() { echo "wirebench: $1 done at ${SECONDS} s"; }
phase "setting up"

build() { # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -G Ninja -DWIREBENCH_WERROR=ON "$@" >/dev/null
    cmake --build "$dir"
}

case "$1" in
build)
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIREBENCH_BUILD_ENGINE_TESTS=ON
    ;;
demo)
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIREBENCH_BUILD_ENGINE_TESTS=OFF
    exec build/app/wirebench --demo
    ;;
test)
    # A real Toxiproxy client library (tst_toxiproxyclient): from the npm registry, as its
    # lock file pins it, run by Node.js (Debian's, where the machine has none).
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        as_root=()
        [ "$(id -u)" -eq 0 ] || as_root=(sudo)
        "${as_root[@]}" apt-get update -qq
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi
    npm ci --prefix tests/toxiproxy-client --no-audit --no-fund --loglevel=error >/dev/null
    phase "installing the Toxiproxy client"
    # The whole suite, each test once: the window, the package and the tools in the
    # plain build; the engine's and the command line's tests under AddressSanitizer and
    # UndefinedBehaviorSanitizer (optimised as the plain build is; leaving the window
    # out of that build and the engine's tests out of this one keeps CI within its time).
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIREBENCH_BUILD_ENGINE_TESTS=OFF
    phase "the plain build"
    ctest --test-dir build --output-on-failure -j"$(nproc)"
    phase "the plain build's tests"
    echo "wirebench: the engine's and command line's suite under AddressSanitizer and UndefinedBehaviorSanitizer"
    build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIREBENCH_SANITIZE=ON -DWIREBENCH_BUILD_TOOLS=OFF \
        -DWIREBENCH_BUILD_UI=OFF -DWIREBENCH_BUILD_ENGINE_TESTS=ON
    phase "the sanitized build"
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
    phase "the sanitized build's tests"
    ;;
esac
