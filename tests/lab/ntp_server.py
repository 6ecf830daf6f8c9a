"""A minimal NTP server answering with this machine's clock (stdlib only; run as a script).

The lab's hosts point chrony at ``127.0.0.1``; this answers there so that they synchronise
without any traffic leaving the machine. Usage: ``python ntp_server.py LOG [ADDRESS [PORT]]``.
"""

from __future__ import annotations

import socket
import struct
import sys
import time

NTP_EPOCH = 2208988800  # seconds from 1900-01-01 to 1970-01-01
CLIENT, SERVER = 3, 4
REFERENCE_ID = b"LAB\0"


def ntp_time(seconds: float) -> bytes:
    """A 64-bit NTP timestamp."""
    whole = int(seconds)
    return struct.pack("!II", whole + NTP_EPOCH, int((seconds - whole) * 2**32))


def answer(request: bytes, received: float, now: float) -> bytes | None:
    """The reply to a client request, or None when ``request`` is not one."""
    if len(request) < 48 or request[0] & 0x7 != CLIENT:
        return None
    version = (request[0] >> 3) & 0x7
    header = struct.pack(
        "!BBBbII4s",
        (version << 3) | SERVER,  # leap indicator 0: synchronised
        1,  # stratum 1: a primary reference
        request[2],  # the client's poll interval
        -20,  # precision, about a microsecond
        0,  # root delay
        1 << 8,  # root dispersion: ~4 ms (16.16 fixed point)
        REFERENCE_ID,
    )
    origin = request[40:48]  # the client's transmit timestamp
    return header + ntp_time(now - 8) + origin + ntp_time(received) + ntp_time(now)


def serve(address: str, port: int, log_path: str) -> None:
    """Answer NTP requests on ``address:port`` until killed."""
    with (
        open(log_path, "a", buffering=1) as log,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
    ):
        sock.bind((address, port))
        log.write(f"ntp server on {address}:{port}\n")
        while True:
            request, peer = sock.recvfrom(512)
            reply = answer(request, time.time(), time.time())
            if reply is not None:
                sock.sendto(reply, peer)


if __name__ == "__main__":
    args = sys.argv[1:]
    serve(
        args[1] if len(args) > 1 else "127.0.0.1", int(args[2]) if len(args) > 2 else 123, args[0]
    )
