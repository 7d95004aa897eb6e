#!/usr/bin/env python3
"""Draws Steady's app icons (PNG, no dependencies): a white ripple on NHS blue.

Run once when the design changes; the PNGs are committed under public/icons/.
`maskable` keeps the mark inside the central 80 % safe zone that launchers may crop to a circle.
"""
import math
import struct
import sys
import zlib

BLUE = (0, 94, 184, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(width, height, pixel):
    rows = b"".join(
        b"\x00" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height)
    )
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def icon(size, maskable):
    scale = 0.30 if maskable else 0.38
    centre = size / 2
    def pixel(x, y):
        dx, dy = (x + 0.5 - centre) / size, (y + 0.5 - centre) / size
        r = math.hypot(dx, dy)
        ring = abs(r - scale) < 0.035 or abs(r - scale * 0.55) < 0.035 or r < scale * 0.16
        # Rounded corners for the non-maskable icon.
        if not maskable:
            cx, cy = max(abs(dx) - 0.32, 0), max(abs(dy) - 0.32, 0)
            if math.hypot(cx, cy) > 0.18:
                return CLEAR
        return WHITE if ring else BLUE
    return png(size, size, pixel)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "public/icons"
    for size, maskable, name in [(192, False, "icon-192.png"), (512, False, "icon-512.png"), (512, True, "icon-maskable-512.png")]:
        with open(f"{out}/{name}", "wb") as f:
            f.write(icon(size, maskable))
