"""A loopback TCP proxy adding a round-trip delay, to simulate WAN links to the fleet.

    python benchmarks/fleet/rtt_proxy.py --rtt-ms 100 PAIRS_FILE

Each line of PAIRS_FILE is ``LISTEN_ADDRESS:PORT TARGET_ADDRESS:PORT`` (loopback only). Every
byte is delivered half the round trip after it was read, in each direction, so a request and
its answer take ``rtt-ms`` more; bandwidth is not limited. Prints ``ready`` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import resource
import sys
from pathlib import Path

CHUNK = 65536


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy ``reader`` to ``writer``, each chunk ``delay`` seconds late; EOF likewise."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, data = await queue.get()
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(CHUNK)
            queue.put_nowait((loop.time() + delay, data))
            if not data:
                break
        await sender
    finally:
        sender.cancel()


async def _relay(
    target: tuple[str, int], delay: float, client: asyncio.StreamReader, cw: asyncio.StreamWriter
) -> None:
    try:
        await asyncio.sleep(delay)  # the SYN's way there; the connect below costs the way back
        server, sw = await asyncio.open_connection(*target)
        await asyncio.sleep(delay)
    except OSError:
        cw.close()
        return
    try:
        await asyncio.gather(_pump(client, sw, delay), _pump(server, cw, delay))
    except OSError:
        pass
    finally:
        for writer in (cw, sw):
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


def _endpoint(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"rtt_proxy: {host} is not a loopback address")
    return host, int(port)


async def serve(pairs: list[tuple[tuple[str, int], tuple[str, int]]], rtt: float) -> None:
    """Listen on every pair's first endpoint, relaying to its second, until cancelled."""
    delay = rtt / 2
    relays: set[asyncio.Task[None]] = set()  # the loop holds tasks weakly: keep them alive

    def accept(target: tuple[str, int], r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        task = asyncio.create_task(_relay(target, delay, r, w))
        relays.add(task)
        task.add_done_callback(relays.discard)

    servers = [
        await asyncio.start_server(lambda r, w, t=target: accept(t, r, w), *listen, backlog=1024)
        for listen, target in pairs
    ]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rtt-ms", type=float, default=100.0)
    parser.add_argument("pairs", type=Path)
    args = parser.parse_args()
    pairs = [
        (_endpoint(a), _endpoint(b))
        for a, b in (line.split() for line in args.pairs.read_text().splitlines() if line.strip())
    ]
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # a listener per host: the proxy's own
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # limit, never the auditor's
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(pairs, args.rtt_ms / 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
