#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A WebSocket echo server from Debian's python3-websockets, for tst_websocket: prints
its port, echoes every message as it came (text or binary), and pings every client
every 50 ms (a client that does not answer is closed by the library)."""
import asyncio
import sys

import websockets


async def echo(connection, path=None):
    async for message in connection:
        await connection.send(message)


async def main():
    async with websockets.serve(echo, "127.0.0.1", 0, max_size=None, ping_interval=0.05, ping_timeout=2) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
