#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""python3-websockets' client against a WebSocket server at 127.0.0.1:PORT, for
tst_websocket: a text message, a binary one, a fragmented one and a ping; prints what
came back, one line each, and exits 0 when all came."""
import asyncio
import sys

import websockets


async def main(port):
    async with websockets.connect(f"ws://127.0.0.1:{port}/chat", open_timeout=5) as connection:
        await connection.send("hello")
        print(repr(await asyncio.wait_for(connection.recv(), 5)))
        await connection.send(b"\x00\x01binary\xff")
        print(repr(await asyncio.wait_for(connection.recv(), 5)))
        await connection.send(["frag", "mented"])
        print(repr(await asyncio.wait_for(connection.recv(), 5)))
        await asyncio.wait_for(await connection.ping(b"are you there"), 5)
        print("pong")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
