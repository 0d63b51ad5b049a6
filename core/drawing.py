"""The site's drawing toolkit: pictures drawn with Pillow at set-up (nothing is committed or downloaded).

One style for every picture, like a page from an anatomy primer: warm paper, the body in clean teal outline over
a pale fill, a few finer contour lines, and orange only on the part the picture is about. Blog's article
illustrations (`blog.illustrations`) and care's exercise drawings (`care.drawings`) both draw with it.

A `Canvas` is addressed in grid units (say 120 across), scaled to the output. Lines and lettering are sized to
the picture's width, not the grid, so every picture has the same weight of line when a phone shows it across
the column.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SAND, WASH, TEAL, TEAL_LIGHT, ORANGE, ORANGE_LIGHT, INK = (
    (246, 238, 226),
    (230, 241, 242),
    (11, 85, 99),
    (185, 214, 218),
    (200, 90, 40),
    (236, 170, 130),
    (27, 37, 41),
)
PAPER = SAND
FILL = (255, 252, 247)  # the body: a shade lighter than the paper, so the outline reads as a drawing on it
GROUND = (238, 226, 210)  # floors, steps and walls: a shade darker than the paper, never orange
SUPERSAMPLE = 2  # drawn at twice the size and reduced, for smooth edges

# Sizes as fractions of the picture's width (a phone shows every picture across its column, 358 px at 390 px).
LINE = 1 / 150  # outlines
FINE = 1 / 320  # contours inside the outline, leader lines
LABEL_EM = 1 / 24  # lettering: 14.9 px on a 358 px wide picture


def mix(colour, other, t):
    """A colour t of the way from `colour` to `other` (for parts drawn lighter, behind)."""
    return tuple(round(a + (b - a) * t) for a, b in zip(colour, other, strict=True))


def front(a, b):
    """The unit vector square to a → b, on its left as drawn (the front of a right-facing leg, a foot's top)."""
    length = max(math.dist(a, b), 1e-6)
    return ((b[1] - a[1]) / length, (a[0] - b[0]) / length)


def at(a, b, t, side, offset):
    """A point a fraction t of the way from a to b, moved offset along the `side` direction (negative: away)."""
    return (a[0] + (b[0] - a[0]) * t + side[0] * offset, a[1] + (b[1] - a[1]) * t + side[1] * offset)


def curve(points, closed=False, steps=14):
    """A centripetal Catmull-Rom curve through the points, as a polyline (centripetal: no loops or cusps where
    the points are unevenly spaced, as they are round a heel)."""
    pts = list(points)
    if len(pts) < 3:
        return pts
    ring = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    out = []
    for i in range(1, len(ring) - 2):
        p0, p1, p2, p3 = ring[i - 1], ring[i], ring[i + 1], ring[i + 2]
        t0 = 0.0
        t1 = t0 + max(math.dist(p0, p1), 1e-6) ** 0.5
        t2 = t1 + max(math.dist(p1, p2), 1e-6) ** 0.5
        t3 = t2 + max(math.dist(p2, p3), 1e-6) ** 0.5

        def lerp(a, b, ta, tb, t):
            return tuple(((tb - t) * u + (t - ta) * v) / (tb - ta) for u, v in zip(a, b, strict=True))

        for n in range(steps):
            t = t1 + (t2 - t1) * n / steps
            a1, a2, a3 = lerp(p0, p1, t0, t1, t), lerp(p1, p2, t1, t2, t), lerp(p2, p3, t2, t3, t)
            b1, b2 = lerp(a1, a2, t0, t2, t), lerp(a2, a3, t1, t3, t)
            out.append(lerp(b1, b2, t1, t2, t))
    if not closed:
        out.append(pts[-1])
    return out


class Canvas:
    """A drawing surface addressed in grid units."""

    def __init__(self, width, height, grid_width, supersample=SUPERSAMPLE, origin=(0, 0)):
        self.supersample = supersample  # more for a picture of long curved outlines, such as a whole person
        self.origin = origin  # the grid point at the picture's top left
        self.scale = width * supersample / grid_width
        self.grid_width = grid_width
        self.size = (width, height)
        self.image = Image.new("RGB", (width * supersample, height * supersample), PAPER)
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, points):
        ox, oy = self.origin
        return [((x - ox) * self.scale, (y - oy) * self.scale) for x, y in points]

    def _px(self, fraction):
        """A size given as a fraction of the picture's width, in drawing pixels."""
        return max(1, round(fraction * self.size[0] * self.supersample))

    def grid(self, fraction):
        """A size given as a fraction of the picture's width, in grid units."""
        return fraction * self.grid_width

    def stroke(self, points, fill=TEAL, weight=LINE, smooth=True, closed=False):
        """A line of even weight with round ends, through the points (smoothed into a curve unless told not to)."""
        points = curve(points, closed) if smooth and len(points) > 2 else list(points)
        if closed:
            points = [*points, points[0]]
        width = self._px(weight)
        self.draw.line(self._xy(points), fill=fill, width=width, joint="curve")
        for x, y in (points[0], points[-1]):
            r = width / 2 / self.scale
            self.draw.ellipse(self._xy([(x - r, y - r), (x + r, y + r)]), fill=fill)

    def shape(self, points, fill=FILL, outline=TEAL, weight=LINE):
        """A closed smooth shape through the points, filled and outlined."""
        smooth = curve(points, closed=True)
        self.draw.polygon(self._xy(smooth), fill=fill)
        if outline:
            self.stroke(smooth, outline, weight, smooth=False, closed=True)

    def silhouette(self, shapes, fill=FILL, outline=TEAL, weight=LINE):
        """Overlapping closed smooth shapes drawn as one: filled, with an outline of even weight round the whole
        and none where they overlap (the outline is the shapes' mask grown by the line's width)."""
        mask = self.mask(shapes)
        grown = mask.filter(ImageFilter.GaussianBlur(self._px(weight) / 2))
        grown = grown.point(lambda v: min(255, max(0, (v - 6) * 24)))  # a soft edge about one line's width out
        self.image.paste(outline, mask=grown)
        self.image.paste(fill, mask=mask)

    def mask(self, shapes):
        """The area inside the closed smooth shapes, as a mask the size of the drawing."""
        mask = Image.new("L", self.image.size, 0)
        shaper = ImageDraw.Draw(mask)
        for points in shapes:
            shaper.polygon(self._xy(curve(points, closed=True)), fill=255)
        return mask

    def within(self, shapes, paint):
        """Whatever `paint(canvas)` draws, kept only inside the closed smooth shapes (a muscle inside a limb's
        outline, never over it)."""
        drawing, layer, mask = self.draw, self.image.copy(), self.mask(shapes)
        self.draw = ImageDraw.Draw(layer)
        try:
            paint(self)
        finally:
            self.draw = drawing
        self.image.paste(layer, mask=mask)

    def disc(self, x, y, r, fill, outline=None, weight=FINE):
        box = self._xy([(x - r, y - r), (x + r, y + r)])
        self.draw.ellipse(box, fill=fill, outline=outline, width=self._px(weight) if outline else 0)

    def box(self, box, fill, radius=0):
        x1, y1, x2, y2 = box
        self.draw.rounded_rectangle(self._xy([(x1, y1), (x2, y2)]), radius=radius * self.scale, fill=fill)

    def polygon(self, points, fill):
        self.draw.polygon(self._xy(points), fill=fill)

    def text(self, x, y, words, fill=INK, anchor="la"):
        """Lettering, always at LABEL_EM of the picture's width."""
        font = ImageFont.load_default(size=self._px(LABEL_EM))
        self.draw.multiline_text(
            self._xy([(x, y)])[0], words, fill=fill, font=font, anchor=anchor, spacing=self._px(FINE * 4)
        )

    def label(self, point, at, words, anchor="lm"):
        """A leader line from a marked point on the drawing to its words."""
        self.stroke([point, at], INK, FINE, smooth=False)
        self.disc(*point, self.grid(1 / 90), ORANGE, outline=FILL, weight=FINE)
        gap = self.grid(1 / 100)
        x, y = (at[0] + gap, at[1]) if anchor.startswith("l") else (at[0], at[1] - gap)
        self.text(x, y, words, anchor=anchor)

    def arrow(self, *points, fill=ORANGE):
        """An arrow from the first point to the last: straight between two, a smooth curve through more."""
        path = curve(points) if len(points) > 2 else list(points)
        head = self.grid(1 / 40)
        # Walk back from the tip until a head's length of path is left behind it.
        tip, left, n = path[-1], head, len(path) - 1
        while n > 0 and math.dist(path[n - 1], tip) < head:
            n -= 1
        before = path[n - 1] if n > 0 else path[0]
        length = max(math.dist(before, tip), 1e-6)
        ux, uy = (tip[0] - before[0]) / length, (tip[1] - before[1]) / length
        x2, y2 = tip
        neck = (x2 - ux * left, y2 - uy * left)
        self.stroke([*path[:n], neck], fill, LINE * 1.6, smooth=False)
        side = head * 0.6
        self.polygon([(x2, y2), (x2 - ux * head - uy * side, y2 - uy * head + ux * side),
                      (x2 - ux * head + uy * side, y2 - uy * head - ux * side)], fill)  # fmt: skip

    def png(self):
        buffer = io.BytesIO()
        self.image.resize(self.size, Image.Resampling.LANCZOS).save(buffer, "PNG", optimize=True)
        return buffer.getvalue()
