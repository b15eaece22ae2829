"""Draw the home-screen icons: SVG and PNG, for the app's own look and for the neutral one.

Run from the repository root after changing a shape or a colour, then commit what it writes:

    .venv/bin/python scripts/make_icons.py

Pillow comes with WeasyPrint. Each look is drawn once as shapes in a 512-unit square; the SVG is
written from the shapes, the PNGs drawn from them at four times the size and scaled down, so
their edges are smooth. A "maskable" icon keeps everything inside the middle circle (80 % of the
width) that a phone may cut the icon to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "src/interdepend/web/frame/static/icons"
UNIT = 512  # the square the shapes are drawn in
SIZES = (180, 192, 512)  # Apple's touch icon, then the two sizes browsers ask a manifest for
OVERSAMPLE = 4


@dataclass(frozen=True)
class Ring:
    cx: float
    cy: float
    r: float
    width: float
    colour: str


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    radius: float
    colour: str


Shape = Ring | Box


@dataclass(frozen=True)
class Look:
    name: str
    background: str
    shapes: tuple[Shape, ...]


def interdepend(scale: float) -> Look:
    """Two rings that overlap and stay two: the favicon's, centred and scaled."""
    k = scale * UNIT / 512

    def ring(dx: float, colour: str) -> Ring:
        return Ring(256 + dx * k, 256, 144 * k, 48 * k, colour)

    return Look("interdepend", "#fbfaf7", (ring(-64, "#3b6e8f"), ring(64, "#b5654a")))


def neutral(scale: float) -> Look:
    """A plain note: a pale page with three grey lines, nothing more."""
    k = scale

    def box(x0: float, y0: float, x1: float, y1: float, radius: float, colour: str) -> Box:
        return Box(256 + x0 * k, 256 + y0 * k, 256 + x1 * k, 256 + y1 * k, radius * k, colour)

    ends = ((-84, 120), (-14, 120), (56, 40))  # the last line shorter, as a note's often is
    lines = tuple(box(-120, y, end, y + 28, 14, "#8a8f96") for y, end in ends)
    return Look("neutral", "#e9ebee", (box(-176, -200, 176, 200, 36, "#ffffff"), *lines))


def svg(look: Look, rounded: bool) -> str:
    corner = ' rx="96"' if rounded else ""
    parts = [f'<rect width="512" height="512"{corner} fill="{look.background}"/>']
    for shape in look.shapes:
        if isinstance(shape, Ring):
            parts.append(
                f'<circle cx="{shape.cx:g}" cy="{shape.cy:g}" r="{shape.r:g}" fill="none" '
                f'stroke="{shape.colour}" stroke-width="{shape.width:g}"/>'
            )
        else:
            parts.append(
                f'<rect x="{shape.x0:g}" y="{shape.y0:g}" width="{shape.x1 - shape.x0:g}" '
                f'height="{shape.y1 - shape.y0:g}" rx="{shape.radius:g}" fill="{shape.colour}"/>'
            )
    body = "".join(parts)
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">{body}</svg>\n'


def png(look: Look, size: int, rounded: bool) -> Image.Image:
    big = size * OVERSAMPLE
    f = big / UNIT
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), 96 * f if rounded else 0, look.background)
    for shape in look.shapes:
        if isinstance(shape, Ring):
            r = (shape.r + shape.width / 2) * f
            box = (shape.cx * f - r, shape.cy * f - r, shape.cx * f + r, shape.cy * f + r)
            draw.ellipse(box, outline=shape.colour, width=round(shape.width * f))
        else:
            box = (shape.x0 * f, shape.y0 * f, shape.x1 * f, shape.y1 * f)
            draw.rounded_rectangle(box, shape.radius * f, shape.colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write(look: Look, maskable: Look) -> None:
    (ICONS / f"{look.name}.svg").write_text(svg(look, rounded=True))
    for size in SIZES:
        # Apple's touch icon is cut to rounded corners by the phone: a full square for it.
        rounded = size != 180
        png(look, size, rounded).save(ICONS / f"{look.name}-{size}.png", optimize=True)
    png(maskable, 512, rounded=False).save(ICONS / f"{look.name}-maskable-512.png", optimize=True)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    write(interdepend(1.0), interdepend(0.8))
    write(neutral(1.0), neutral(0.78))
    print(f"icons written to {ICONS}")


if __name__ == "__main__":
    main()
