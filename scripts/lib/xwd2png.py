#!/usr/bin/env python3
"""Converts an X window dump (xwd, 24/32-bit TrueColor ZPixmap, as Xvfb produces) to PNG with
the standard library only, for machines without ImageMagick. Usage: xwd2png.py IN.xwd OUT.png"""
import struct, sys, zlib

def main(source, target):
    data = open(source, "rb").read()
    header = struct.unpack(">25I", data[:100])
    (header_size, _, _, depth, width, height, _, byte_order, _, _, _, bits_per_pixel, bytes_per_line,
     _, red_mask, green_mask, blue_mask, _, _, ncolors) = header[:20]
    if bits_per_pixel not in (24, 32):
        sys.exit(f"xwd2png: {bits_per_pixel}-bit pixels are not handled")
    pixels = data[header_size + ncolors * 12:]
    step = bits_per_pixel // 8
    order = "<" if byte_order == 0 else ">"
    shift = lambda mask: (mask & -mask).bit_length() - 1
    rs, gs, bs = shift(red_mask), shift(green_mask), shift(blue_mask)
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        line = pixels[y * bytes_per_line:(y + 1) * bytes_per_line]
        for x in range(width):
            chunk = line[x * step:(x + 1) * step]
            value = int.from_bytes(chunk, "little" if order == "<" else "big")
            rows += bytes(((value & red_mask) >> rs, (value & green_mask) >> gs, (value & blue_mask) >> bs))
    def block(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + block(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += block(b"IDAT", zlib.compress(bytes(rows), 6)) + block(b"IEND", b"")
    open(target, "wb").write(png)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
