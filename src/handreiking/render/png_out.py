"""A :class:`~handreiking.render.shapes.Scene` as PNG, for the Word files.

Why this module exists: Word shows SVG only in its newest versions, so the DOCX
holds a PNG of the same shapes as the SVG. Pillow draws them twice as large as
needed and then averages every 2 × 2 pixels into one, which gives smooth edges
without relying on a drawing library's own anti-aliasing. (Three times as large
looked the same in Word at 150 dpi, side by side and enlarged, and cost a fifth
more.) The bytes follow
Pillow's drawing code, its FreeType and its zlib, hence the pinned Pillow release
(pyproject); the PNG holds no date, software name or other text chunk.
"""
from __future__ import annotations

import io

from handreiking.render.shapes import Circle, Line, Polygon, Rect, Scene, Text, dashes, font

DPI = 150
SUPERSAMPLE = 2
# zlib level 3 instead of Pillow's 6: the four pictures of a render are drawn in 65 instead of
# 86 ms, and their PNGs are 9 % larger (226 against 207 kB; measured on the example).
COMPRESSION = 3
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _rgba(colour: str, opacity: float = 1.0) -> tuple[int, int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), round(255 * opacity)


def png(scene: Scene) -> bytes:
    """The PNG of ``scene`` at :data:`DPI` dots per inch (1/100 inch per unit)."""
    from PIL import Image, ImageDraw  # Pillow only when a picture for Word is drawn

    scale = DPI / 100 * SUPERSAMPLE
    size = (round(scene.width * DPI / 100) * SUPERSAMPLE, round(scene.height * DPI / 100) * SUPERSAMPLE)
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image, "RGBA")  # RGBA: a fill with opacity is blended

    def width(value: float) -> int:
        return max(1, round(value * scale))

    for shape in scene.shapes:
        if isinstance(shape, Rect):
            if shape.w * scale < 1 or shape.h * scale < 1:
                continue  # thinner than a pixel of the large picture: nothing to fill
            box = (shape.x * scale, shape.y * scale, (shape.x + shape.w) * scale - 1, (shape.y + shape.h) * scale - 1)
            if shape.fill:
                draw.rectangle(box, fill=_rgba(shape.fill, shape.opacity))
            if shape.stroke and shape.width:
                half = shape.width * scale / 2
                draw.rectangle((box[0] - half, box[1] - half, box[2] + half, box[3] + half),
                               outline=_rgba(shape.stroke), width=width(shape.width))
        elif isinstance(shape, Line):
            for x1, y1, x2, y2 in dashes(shape):
                draw.line(((x1 * scale, y1 * scale), (x2 * scale, y2 * scale)), fill=_rgba(shape.color),
                          width=width(shape.width))
        elif isinstance(shape, Circle):
            box = ((shape.cx - shape.r) * scale, (shape.cy - shape.r) * scale, (shape.cx + shape.r) * scale,
                   (shape.cy + shape.r) * scale)
            draw.ellipse(box, fill=_rgba(shape.fill) if shape.fill else None,
                         outline=_rgba(shape.stroke) if shape.stroke and shape.width else None,
                         width=width(shape.width) if shape.stroke and shape.width else 1)
        elif isinstance(shape, Polygon):
            points = [(x * scale, y * scale) for x, y in shape.points]
            draw.polygon(points, fill=_rgba(shape.fill) if shape.fill else None,
                         outline=_rgba(shape.stroke) if shape.stroke and shape.width else None,
                         width=width(shape.width) if shape.stroke and shape.width else 1)
        elif isinstance(shape, Text):
            draw.text((shape.x * scale, shape.y * scale), shape.text, font=font(shape.size * scale, shape.bold),
                      fill=_rgba(shape.color), anchor=_ANCHORS[shape.anchor])
        else:  # pragma: no cover - every shape kind is drawn above
            raise TypeError(f"unknown shape {shape!r}")
    out = io.BytesIO()
    image.reduce(SUPERSAMPLE).save(out, format="PNG", dpi=(DPI, DPI), compress_level=COMPRESSION)
    return out.getvalue()
