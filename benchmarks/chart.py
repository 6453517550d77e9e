"""A small line chart as a PNG, in pure Python (zlib and struct): the benchmark adds no dependency.

``Canvas`` is an RGB pixel buffer with lines, rectangles and text in a 5x7 bitmap font;
``line_chart`` draws one panel (log-scaled x axis, linear y axis, a line per series, a legend).
"""

import itertools
import math
import struct
import zlib

# 5x7 glyphs: seven rows of five bits each, the top row first.
_FONT = {
    "0": "01110 10001 10011 10101 11001 10001 01110", "1": "00100 01100 00100 00100 00100 00100 01110",
    "2": "01110 10001 00001 00010 00100 01000 11111", "3": "11110 00001 00001 01110 00001 00001 11110",
    "4": "00010 00110 01010 10010 11111 00010 00010", "5": "11111 10000 11110 00001 00001 10001 01110",
    "6": "00110 01000 10000 11110 10001 10001 01110", "7": "11111 00001 00010 00100 01000 01000 01000",
    "8": "01110 10001 10001 01110 10001 10001 01110", "9": "01110 10001 10001 01111 00001 00010 01100",
    "A": "01110 10001 10001 11111 10001 10001 10001", "B": "11110 10001 10001 11110 10001 10001 11110",
    "C": "01110 10001 10000 10000 10000 10001 01110", "D": "11100 10010 10001 10001 10001 10010 11100",
    "E": "11111 10000 10000 11110 10000 10000 11111", "F": "11111 10000 10000 11110 10000 10000 10000",
    "G": "01110 10001 10000 10111 10001 10001 01111", "H": "10001 10001 10001 11111 10001 10001 10001",
    "I": "01110 00100 00100 00100 00100 00100 01110", "J": "00111 00010 00010 00010 00010 10010 01100",
    "K": "10001 10010 10100 11000 10100 10010 10001", "L": "10000 10000 10000 10000 10000 10000 11111",
    "M": "10001 11011 10101 10101 10001 10001 10001", "N": "10001 10001 11001 10101 10011 10001 10001",
    "O": "01110 10001 10001 10001 10001 10001 01110", "P": "11110 10001 10001 11110 10000 10000 10000",
    "Q": "01110 10001 10001 10001 10101 10010 01101", "R": "11110 10001 10001 11110 10100 10010 10001",
    "S": "01111 10000 10000 01110 00001 00001 11110", "T": "11111 00100 00100 00100 00100 00100 00100",
    "U": "10001 10001 10001 10001 10001 10001 01110", "V": "10001 10001 10001 10001 10001 01010 00100",
    "W": "10001 10001 10001 10101 10101 10101 01010", "X": "10001 10001 01010 00100 01010 10001 10001",
    "Y": "10001 10001 01010 00100 00100 00100 00100", "Z": "11111 00001 00010 00100 01000 10000 11111",
    " ": "00000 00000 00000 00000 00000 00000 00000", ".": "00000 00000 00000 00000 00000 01100 01100",
    ",": "00000 00000 00000 00000 01100 00100 01000", "-": "00000 00000 00000 11111 00000 00000 00000",
    "(": "00010 00100 01000 01000 01000 00100 00010", ")": "01000 00100 00010 00010 00010 00100 01000",
    "%": "11000 11001 00010 00100 01000 10011 00011", "/": "00001 00001 00010 00100 01000 10000 10000",
    ":": "00000 01100 01100 00000 01100 01100 00000", "=": "00000 00000 11111 00000 11111 00000 00000",
    "<": "00010 00100 01000 10000 01000 00100 00010", "x": "00000 00000 10001 01010 00100 01010 10001",
}
GLYPH_WIDTH = 6  # with one column of spacing
WHITE, BLACK, GREY, LIGHT = (255, 255, 255), (0, 0, 0), (120, 120, 120), (225, 225, 225)
COLOURS = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14), (23, 190, 207)]


class Canvas:
    """An RGB image: ``pixels[y][x]``, the origin at the top left."""

    def __init__(self, width: int, height: int, background=WHITE) -> None:
        self.width, self.height = width, height
        self.pixels = [[background] * width for _ in range(height)]

    def point(self, x: int, y: int, colour, size: int = 1) -> None:
        """A square of ``size`` pixels centred on (x, y); parts outside the image are dropped."""
        half = size // 2
        for py in range(y - half, y - half + size):
            for px in range(x - half, x - half + size):
                if 0 <= px < self.width and 0 <= py < self.height:
                    self.pixels[py][px] = colour

    def line(self, x0: int, y0: int, x1: int, y1: int, colour, width: int = 1) -> None:
        """A straight line (Bresenham's algorithm)."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error = dx + dy
        while True:
            self.point(x0, y0, colour, width)
            if x0 == x1 and y0 == y1:
                return
            double = 2 * error
            if double >= dy:
                error += dy
                x0 += sx
            if double <= dx:
                error += dx
                y0 += sy

    def text(self, x: int, y: int, text: str, colour=BLACK, scale: int = 1) -> None:
        """``text`` with its top left at (x, y); letters are drawn as capitals."""
        for index, character in enumerate(text):
            glyph = _FONT.get(character) or _FONT.get(character.upper()) or _FONT[" "]
            for row, bits in enumerate(glyph.split()):
                for column, bit in enumerate(bits):
                    if bit == "1":
                        for sy in range(scale):
                            for sx in range(scale):
                                self.point(x + (index * GLYPH_WIDTH + column) * scale + sx, y + row * scale + sy, colour)

    def png(self) -> bytes:
        """The image as PNG bytes (8-bit RGB, no interlace)."""
        raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in self.pixels)

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def text_width(text: str, scale: int = 1) -> int:
    """Pixels ``text`` takes on a canvas."""
    return len(text) * GLYPH_WIDTH * scale


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(step * magnitude for step in (1, 2, 2.5, 5, 10) if step * magnitude >= raw)


def line_chart(canvas: Canvas, box: tuple[int, int, int, int], *, title: str, y_label: str,
               series: dict[str, list[tuple[float, float]]], x_ticks: list[float],
               horizontal_lines: dict[str, float] | None = None) -> None:
    """One panel in ``box`` (left, top, width, height): x logarithmic over ``x_ticks``, y linear from
    zero; a line and points per series; dashed ``horizontal_lines`` (label: y) such as limits."""
    left, top, width, height = box
    plot_left, plot_top = left + 60, top + 30
    plot_width, plot_height = width - 80, height - 120
    marks = dict(horizontal_lines or {})
    highest = max([y for points in series.values() for _, y in points] + list(marks.values()) + [0])
    step = _nice_step(highest * 1.1)
    y_max = step * math.ceil(highest * 1.1 / step) if highest else 1
    x_low, x_high = math.log10(min(x_ticks)), math.log10(max(x_ticks))

    def to_pixel(x: float, y: float) -> tuple[int, int]:
        fx = (math.log10(x) - x_low) / ((x_high - x_low) or 1)
        return round(plot_left + fx * plot_width), round(plot_top + plot_height - y / y_max * plot_height)

    canvas.text(left + (width - text_width(title, 2)) // 2, top, title, scale=2)
    tick = 0.0
    while tick <= y_max + 1e-9:
        _, py = to_pixel(x_ticks[0], tick)
        canvas.line(plot_left, py, plot_left + plot_width, py, LIGHT)
        label = f"{tick:g}"
        canvas.text(plot_left - 6 - text_width(label), py - 3, label, GREY)
        tick += step
    for x in x_ticks:
        px, _ = to_pixel(x, 0)
        canvas.line(px, plot_top, px, plot_top + plot_height, LIGHT)
        label = f"{x:,.0f}"
        canvas.text(px - text_width(label) // 2, plot_top + plot_height + 6, label, GREY)
    canvas.line(plot_left, plot_top, plot_left, plot_top + plot_height, BLACK)
    canvas.line(plot_left, plot_top + plot_height, plot_left + plot_width, plot_top + plot_height, BLACK)
    canvas.text(plot_left, plot_top - 12, y_label, GREY)
    x_title = "member accounts"
    canvas.text(plot_left + (plot_width - text_width(x_title)) // 2, plot_top + plot_height + 20, x_title, GREY)
    for label, y in marks.items():
        _, py = to_pixel(x_ticks[0], y)
        for px in range(plot_left, plot_left + plot_width, 8):
            canvas.line(px, py, min(px + 4, plot_left + plot_width), py, BLACK)
        canvas.text(plot_left + plot_width - text_width(label), py - 10, label)
    legend_y = plot_top + plot_height + 38
    for index, (name, points) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        pixels = [to_pixel(x, y) for x, y in sorted(points)]
        for (x0, y0), (x1, y1) in itertools.pairwise(pixels):
            canvas.line(x0, y0, x1, y1, colour, width=2)
        for px, py in pixels:
            canvas.point(px, py, colour, size=6)
        row, column = divmod(index, 2)
        lx, ly = plot_left + column * (plot_width // 2), legend_y + row * 14
        canvas.point(lx + 4, ly + 3, colour, size=7)
        canvas.text(lx + 14, ly, name)
