"""The demo articles' illustrations, drawn with Pillow at set-up (nothing is committed or downloaded).

One drawing per picture, in one style: a sand ground, teal ink, an orange highlight on the part the article is
about. Each drawing shows what its description in `demo_articles.ARTICLES` says it shows, so the alt text and
caption are true. Coordinates are on a 160 × 90 grid (16:9) or 120 × 80 (3:2), scaled to the output size.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFont

SAND, WASH, TEAL, TEAL_LIGHT, ORANGE, ORANGE_LIGHT, INK = (
    (246, 238, 226),
    (230, 241, 242),
    (11, 85, 99),
    (185, 214, 218),
    (200, 90, 40),
    (236, 170, 130),
    (27, 37, 41),
)
SUPERSAMPLE = 2  # drawn at twice the size and reduced, for smooth edges


class Canvas:
    """A drawing surface addressed in grid units."""

    def __init__(self, width, height, grid_width):
        self.scale = width * SUPERSAMPLE / grid_width
        self.size = (width, height)
        self.image = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), SAND)
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, points):
        return [(x * self.scale, y * self.scale) for x, y in points]

    def limb(self, points, width, fill=TEAL):
        """A thick stroke with round ends and joints (a leg, a tendon, a road)."""
        self.draw.line(self._xy(points), fill=fill, width=round(width * self.scale), joint="curve")
        for x, y in (points[0], points[-1]):
            self.disc(x, y, width / 2, fill)

    def disc(self, x, y, r, fill, outline=None, width=0):
        box = self._xy([(x - r, y - r), (x + r, y + r)])
        self.draw.ellipse(box, fill=fill, outline=outline, width=round(width * self.scale))

    def oval(self, box, fill, outline=None, width=0):
        x1, y1, x2, y2 = box
        self.draw.ellipse(self._xy([(x1, y1), (x2, y2)]), fill=fill, outline=outline, width=round(width * self.scale))

    def box(self, box, fill, radius=1):
        x1, y1, x2, y2 = box
        self.draw.rounded_rectangle(self._xy([(x1, y1), (x2, y2)]), radius=radius * self.scale, fill=fill)

    def polygon(self, points, fill):
        self.draw.polygon(self._xy(points), fill=fill)

    def text(self, x, y, words, size=4, fill=INK, anchor="la"):
        font = ImageFont.load_default(size=round(size * self.scale))
        self.draw.text((x * self.scale, y * self.scale), words, fill=fill, font=font, anchor=anchor)

    def arrow(self, start, end, fill=ORANGE, width=1.2):
        (x1, y1), (x2, y2) = start, end
        self.draw.line(self._xy([start, end]), fill=fill, width=round(width * self.scale))
        length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-6)
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        head = 3 * width
        self.polygon(
            [
                (x2 + ux * head, y2 + uy * head),
                (x2 - uy * head * 0.8, y2 + ux * head * 0.8),
                (x2 + uy * head * 0.8, y2 - ux * head * 0.8),
            ],
            fill,
        )

    def track(self, top, bottom, grid_width):
        lane = (bottom - top) / 5
        for n in range(5):
            self.box((0, top + n * lane, grid_width, top + (n + 1) * lane - 0.8), ORANGE if n % 2 == 0 else SAND, 0)

    def png(self):
        buffer = io.BytesIO()
        self.image.resize(self.size, Image.Resampling.LANCZOS).save(buffer, "PNG", optimize=True)
        return buffer.getvalue()


def _wide(width=1600, height=900):
    return Canvas(width, height, 160)


def knee_hero():
    """A runner's bent knee drawn in teal lines over an orange running track."""
    c = _wide()
    c.disc(128, 22, 14, TEAL_LIGHT)
    c.track(66, 90, 160)
    hip, knee, ankle = (58, 14), (92, 40), (70, 64)
    c.limb([hip, knee], 13)
    c.limb([knee, ankle], 10)
    c.limb([ankle, (84, 66)], 6)  # foot
    c.disc(*knee, 8.5, ORANGE)
    c.disc(*knee, 4, SAND)
    return c.png()


def knee_culprits():
    """Diagram of the knee from the front, marking the outside, the front, below and above the kneecap."""
    c = Canvas(1200, 800, 120)
    c.box((0, 0, 120, 80), WASH, 0)
    c.polygon([(18, 0), (48, 0), (44, 32), (22, 32)], TEAL_LIGHT)  # thigh
    c.polygon([(23, 46), (43, 46), (40, 80), (26, 80)], TEAL_LIGHT)  # shin
    c.oval((20, 28, 46, 50), TEAL_LIGHT)  # the joint
    c.oval((27, 30, 39, 44), TEAL)  # kneecap
    markers = [
        ((33, 26), (56, 16), "Above: quadriceps tendon"),
        ((46, 39), (56, 34), "Outside: IT band"),
        ((33, 37), (56, 52), "Front: behind the kneecap"),
        ((33, 48), (56, 68), "Below: patellar tendon"),
    ]
    for point, label_at, label in markers:
        c.draw.line(c._xy([point, label_at]), fill=INK, width=round(0.4 * c.scale))
        c.disc(*point, 2.2, ORANGE, outline=SAND, width=0.6)
        c.text(label_at[0] + 1.5, label_at[1], label, size=4, anchor="lm")
    return c.png()


def _bars(heights, highlight, labels, caption):
    c = Canvas(1200, 800, 120)
    c.box((0, 0, 120, 80), WASH, 0)
    base, top, left, step = 68, 14, 12, 100 / len(heights)
    c.draw.line(c._xy([(left - 2, base), (116, base)]), fill=INK, width=round(0.4 * c.scale))
    for n, h in enumerate(heights):
        x = left + n * step
        c.box((x + 1.5, base - (base - top) * h, x + step - 1.5, base), ORANGE if n in highlight else TEAL, 1)
        c.text(x + step / 2, base + 3, labels[n], size=3.4, anchor="mt")
    c.text(left - 2, 6, caption, size=4, anchor="lm")
    return c.png()


def load_week():
    """Bar chart of weekly running distance rising gently over four weeks, then holding steady for a week."""
    heights = [0.55, 0.62, 0.7, 0.7, 0.78]
    return _bars(heights, {3}, ["Week 1", "Week 2", "Week 3", "Week 4", "Week 5"], "Weekly distance")


def race_plan():
    """Bar chart of eight weeks of training rising gently, with a lower final week."""
    heights = [0.4, 0.48, 0.56, 0.5, 0.64, 0.74, 0.84, 0.5]
    return _bars(heights, {7}, [str(n) for n in range(1, 9)], "Weekly distance, weeks 1 to 8 (race week lower)")


def shin_hero():
    """Two lower legs mid-stride drawn over a striped running track."""
    c = _wide()
    c.disc(30, 20, 12, TEAL_LIGHT)
    c.track(66, 90, 160)
    c.limb([(70, 8), (58, 40), (50, 64)], 9)  # back leg, knee bent
    c.limb([(50, 64), (42, 60)], 5)  # its foot pushing off
    c.limb([(94, 8), (100, 36), (112, 60)], 9)  # front leg reaching
    c.limb([(112, 60), (122, 62)], 5)
    for x1, y1, x2, y2 in ((58, 40, 50, 64), (100, 36, 112, 60)):  # the shins, highlighted
        c.limb(
            [(x1 + (x2 - x1) * 0.25, y1 + (y2 - y1) * 0.25), (x1 + (x2 - x1) * 0.7, y1 + (y2 - y1) * 0.7)], 3, ORANGE
        )
    return c.png()


def _foot(c, heel_lift):
    """A lower leg and foot from the side, the heel raised by heel_lift grid units."""
    toe = (70, 58)
    heel = (44, 58 - heel_lift)
    ankle = (48, 48 - heel_lift)
    knee = (46, 6 - heel_lift * 0.6)
    c.limb([knee, ankle], 11)
    c.polygon([(ankle[0] - 6, ankle[1]), (ankle[0] + 5, ankle[1]), toe, (toe[0] - 2, toe[1] + 3), heel], TEAL)
    c.disc(heel[0] + 1, heel[1] - 1, 3.5, TEAL)
    return knee, ankle, heel


def shin_strength():
    """Illustration of a calf raise: the heel lifting from the floor."""
    c = Canvas(1200, 800, 120)
    c.box((0, 61, 120, 80), ORANGE_LIGHT, 0)  # the floor
    _foot(c, 9)
    c.arrow((30, 62), (30, 44))
    c.text(24, 68, "Heel up, slowly", size=4)
    return c.png()


def heel_raise():
    """Illustration of a slow heel raise on a step: the ball of the foot on the edge, the heel rising."""
    c = Canvas(1200, 800, 120)
    c.box((52, 61, 120, 80), ORANGE_LIGHT, 0)  # the step
    c.box((0, 76, 120, 80), ORANGE, 0)  # the floor below
    _foot(c, 4)
    c.arrow((32, 66), (32, 46))
    c.text(4, 72, "Slow heel raise on a step", size=3.6)
    return c.png()


def achilles_hero():
    """Outline of a heel and calf from the side, with the Achilles tendon highlighted in orange."""
    c = _wide()
    c.disc(130, 20, 13, TEAL_LIGHT)
    c.box((0, 78, 160, 90), ORANGE_LIGHT, 0)
    back = [(62, 0), (56, 18), (62, 36), (68, 54), (64, 70), (64, 78)]  # the back of the leg, heel at the bottom
    front = [(116, 78), (116, 72), (100, 66), (88, 56), (90, 28), (92, 0)]  # toes, top of the foot, shin
    c.polygon(back + front, TEAL)
    c.polygon([(60, 6), (72, 4), (74, 28), (64, 36)], TEAL_LIGHT)  # the calf muscle
    c.limb([(66, 38), (71, 54), (68, 70)], 3.5, ORANGE)  # the tendon, from the calf down to the heel
    return c.png()


def tenk_hero():
    """A road winding towards a finish arch, drawn in teal and orange."""
    c = _wide()
    c.box((0, 46, 160, 90), (224, 232, 214), 0)
    steps = 24
    left, right, centre = [], [], []
    for n in range(steps + 1):
        t = n / steps  # 0 at the bottom of the picture, 1 at the arch
        y = 90 - 44 * t
        x = 80 + 16 * math.sin(t * math.pi * 2) * (1 - t)
        half = 20 * (1 - t) + 1.5
        left.append((x - half, y))
        right.append((x + half, y))
        centre.append((x, y))
    c.polygon(left + right[::-1], TEAL)
    for n in range(0, steps - 4, 3):  # the centre line, dashed
        c.draw.line(c._xy(centre[n : n + 2]), fill=SAND, width=round(max(0.3, 0.9 * (1 - n / steps)) * c.scale))
    c.limb([(72, 46), (72, 24)], 2.5, ORANGE)
    c.limb([(90, 46), (90, 24)], 2.5, ORANGE)
    c.box((68, 18, 94, 26), ORANGE, 1.5)
    c.text(81, 22, "FINISH", size=3.6, fill=SAND, anchor="mm")
    c.disc(130, 18, 10, TEAL_LIGHT)
    return c.png()


DRAWINGS = {
    "knee-hero": knee_hero,
    "knee-culprits": knee_culprits,
    "load-week": load_week,
    "shin-hero": shin_hero,
    "shin-strength": shin_strength,
    "achilles-hero": achilles_hero,
    "heel-raise": heel_raise,
    "tenk-hero": tenk_hero,
    "race-plan": race_plan,
}


def draw(key: str) -> bytes:
    """The PNG for one of the demo articles' pictures."""
    return DRAWINGS[key]()
