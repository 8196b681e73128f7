#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A line server that speaks STARTTLS, as SMTP and IMAP do, on Python's ssl module
(Debian's python3, over its OpenSSL): a connection says "STARTTLS", is answered
"220 ready", and from there on speaks TLS, its lines echoed. For tst_tls.

    starttls_echo_server.py CERT KEY     prints "listening on 127.0.0.1:PORT"
"""
import socket
import ssl
import sys
import threading


def read_line(connection):
    """One plaintext line, byte by byte: nothing of the TLS that follows is read."""
    line = b""
    while not line.endswith(b"\n") and len(line) < 1024:
        byte = connection.recv(1)
        if not byte:
            return None
        line += byte
    return line


def serve(connection, context):
    with connection:
        line = read_line(connection)
        if line is None or line.strip() != b"STARTTLS":
            connection.sendall(b"500 say STARTTLS first\n")
            return
        connection.sendall(b"220 ready\n")
        try:
            with context.wrap_socket(connection, server_side=True) as secure:
                reader = secure.makefile("rb")
                for request in reader:
                    secure.sendall(request)
        except (ssl.SSLError, OSError):
            pass


def main():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, context), daemon=True).start()


if __name__ == "__main__":
    main()
