"""The demo articles' illustrations, drawn with Pillow at set-up (nothing is committed or downloaded) with the
site's drawing toolkit, `core.drawing`.

One style for every picture, like a page from an anatomy primer: warm paper, the body in clean teal outline over
a pale fill, a few finer contour lines (kneecap, calf, tendon, ankle bone), and orange only on the part the
article is about. Each drawing shows what its description in `demo_articles.ARTICLES` says it shows, so the alt
text and caption stay true. Coordinates are on a 160 × 90 grid (16:9) or 120 × 80 (3:2), scaled to the output.

Lines and lettering are sized to the picture's width, not the grid, so every picture has the same weight of line
when a phone shows it across the column, and a label is never under 12 px there (LABEL_EM; see tests).
"""

import math

from core.drawing import FILL, FINE, GROUND, INK, LINE, ORANGE, ORANGE_LIGHT, TEAL, Canvas
from core.drawing import at as _at
from core.drawing import front as _front

# --- The leg, seen from the side ------------------------------------------------------------------------------------


class Leg:
    """A leg from the side, built on its joints so every drawing shares one anatomy.

    hip, knee, ankle: the joints; heel, toe: where the sole starts and ends; ball: where it bends (given when the
    heel is raised and the toes stay on the ground). Every leg faces right.
    Widths are in units of s, a twentieth of the shin's length, so a leg drawn larger keeps its proportions.
    """

    BALL = 0.72  # how far along the sole the ball of the foot is

    def __init__(self, hip, knee, ankle, heel, toe, ball=None):
        self.hip, self.knee, self.ankle, self.heel, self.toe = hip, knee, ankle, heel, toe
        self.ball = ball or _at(heel, toe, self.BALL, (0, 0), 0)
        self.s = math.dist(knee, ankle) / 20
        self.thigh_front, self.shin_front = _front(hip, knee), _front(knee, ankle)

    def thigh(self, t, offset):
        return _at(self.hip, self.knee, t, self.thigh_front, offset * self.s)

    def shin(self, t, offset):
        return _at(self.knee, self.ankle, t, self.shin_front, offset * self.s)

    def foot(self, along, up):
        """A point `along` the sole (0 heel, BALL the ball, 1 toe) and `up` from it towards the instep, in s."""
        if along <= self.BALL:
            start, end, t = self.heel, self.ball, along / self.BALL
        else:
            start, end, t = self.ball, self.toe, (along - self.BALL) / (1 - self.BALL)
        return _at(start, end, t, _front(start, end), up * self.s)

    def outline(self, with_thigh=True):
        """The leg's outline, clockwise from the back of the thigh (or the back of the knee)."""
        knee_front = ((self.thigh_front[0] + self.shin_front[0]) / 2, (self.thigh_front[1] + self.shin_front[1]) / 2)
        back = [
            self.shin(0.16, -5.2), self.shin(0.36, -6.0), self.shin(0.6, -4.2),  # the calf
            self.shin(0.82, -2.4), self.shin(0.97, -2.3),  # the Achilles, narrow above the heel
            self.foot(-0.04, 1.6), self.foot(0.02, 0.1),  # round of the heel
            self.foot(0.45, 0.0), self.foot(0.78, 0.1), self.foot(1.0, 0.5),  # the sole, ball and toes
            self.foot(0.97, 1.6), self.foot(0.66, 2.9), self.foot(0.34, 4.3),  # the top of the foot
            self.shin(0.93, 2.0), self.shin(0.66, 2.5), self.shin(0.3, 3.0),  # the shin, nearly straight
            self.shin(0.07, 3.7),
        ]  # fmt: skip
        kneecap = (self.knee[0] + knee_front[0] * 4.3 * self.s, self.knee[1] + knee_front[1] * 4.3 * self.s)
        if not with_thigh:
            top = [self.shin(-0.06, 3.8), self.shin(-0.12, -3.6)]
            return [*back, kneecap, *top]
        behind_knee = (self.knee[0] - knee_front[0] * 4.3 * self.s, self.knee[1] - knee_front[1] * 4.3 * self.s)
        thigh_back = [self.thigh(-0.3, -7.4), self.thigh(0.45, -6.6), self.thigh(0.84, -4.9), behind_knee]
        thigh_front = [self.thigh(0.86, 4.6), self.thigh(0.5, 6.6), self.thigh(-0.3, 7.2)]
        return [*thigh_back, *back, kneecap, *thigh_front]

    def draw(self, c, with_thigh=True):
        c.shape(self.outline(with_thigh))
        self.contours(c, with_thigh)

    def contours(self, c, with_thigh=True):
        """The finer lines inside the outline: kneecap, calf muscle, ankle bone, toes."""
        if with_thigh:
            c.stroke([self.thigh(0.8, 2.2), self.thigh(0.97, 2.9), self.shin(0.1, 2.3)], weight=FINE)  # kneecap
        c.stroke([self.shin(0.1, -3.2), self.shin(0.3, -3.4), self.shin(0.55, -1.8)], weight=FINE)  # calf muscle
        c.disc(*self.shin(0.95, -0.1), 0.8 * self.s, None, outline=TEAL)  # the ankle bone
        c.stroke([self.foot(0.8, 0.4), self.foot(0.82, 1.6)], weight=FINE)  # where the toes begin

    def achilles(self):
        """The Achilles tendon: from the foot of the calf muscle down the back of the leg into the heel."""
        return [self.shin(0.55, -3.2), self.shin(0.8, -1.8), self.shin(0.97, -1.7), self.foot(0.04, 1.8)]

    def shin_bone(self, start=0.2, end=0.8):
        """The front edge of the shin bone, just inside the outline."""
        return [self.shin(start, 1.7), self.shin((start + end) / 2, 1.45), self.shin(end, 1.2)]


# --- The pictures ---------------------------------------------------------------------------------------------------


def _track(c, top, bottom):
    """A running track: the ground, and orange lane stripes running across it."""
    c.box((0, top, c.grid_width, bottom), GROUND)
    for y in (top + (bottom - top) * (n + 0.5) / 3 for n in range(3)):
        c.box((0, y - c.grid(1 / 220), c.grid_width, y + c.grid(1 / 220)), ORANGE)


def _wide():
    return Canvas(1600, 900, 160)  # 16:9, a hero


def _narrow():
    return Canvas(1200, 800, 120)  # 3:2, a picture in the text


def knee_hero():
    """A bent running leg, the knee ringed in orange, over an orange-striped running track."""
    c = _wide()
    _track(c, 72, 90)
    leg = Leg(hip=(66, -12), knee=(86, 34), ankle=(72, 66), heel=(67, 73.5), toe=(90, 73.5))
    leg.draw(c)
    c.disc(*_at(leg.knee, leg.ankle, 0.02, leg.shin_front, 0.8 * leg.s), 7.8, None, outline=ORANGE, weight=LINE * 2)
    return c.png()


def knee_culprits():
    """Diagram of a right knee from the front: the outside (IT band) on the left, the kneecap, the tendon above
    it (quadriceps) and the one below it (patellar), each marked and named."""
    c = _narrow()
    # The leg, front view: thigh, knee and the top of the shin; its outside is on the left.
    c.shape([(24, -2), (22, 20), (25, 34), (24, 42), (27, 52), (29, 70), (31, 82),
             (53, 82), (54, 70), (57, 52), (60, 42), (59, 34), (61, 20), (60, -2)])  # fmt: skip
    c.stroke([(27, 0), (26.5, 20), (28, 34)], weight=FINE)  # the IT band's edge, down the outside
    c.stroke([(33, 0), (36, 22), (38, 28)], weight=FINE)  # quadriceps, converging on the kneecap
    c.stroke([(52, 0), (49, 22), (46, 28)], weight=FINE)
    c.shape([(42, 28), (48, 31), (49, 38), (46, 45), (42, 47), (38, 45), (35, 38), (36, 31)])  # kneecap
    c.stroke([(39.5, 46.5), (40, 54), (41, 60)], weight=FINE)  # patellar tendon, to the shin bone
    c.stroke([(44.5, 46.5), (44.5, 54), (43.5, 60)], weight=FINE)
    c.stroke([(29, 50), (34, 53), (40, 54.5)], weight=FINE)  # the top of the shin bone
    c.stroke([(44.5, 54.5), (51, 53), (55, 50)], weight=FINE)
    c.label((42, 24), (66, 12), "Quadriceps tendon\n(above the kneecap)")
    c.label((42, 37.5), (66, 33), "Kneecap")
    c.label((42, 53), (66, 57), "Patellar tendon\n(below the kneecap)")
    c.label((25, 38), (12, 30), "IT band\n(outside)", anchor="md")
    return c.png()


def _bars(heights, highlight, labels, caption):
    c = _narrow()
    base, top, left, right = 66, 18, 8, 116
    step = (right - left) / len(heights)
    c.text(left, 7, caption, anchor="lm")
    c.stroke([(left - 2, base), (right, base)], INK, FINE, smooth=False)
    for n, h in enumerate(heights):
        x = left + n * step
        c.box((x + step * 0.14, base - (base - top) * h, x + step * 0.86, base), ORANGE if n in highlight else TEAL, 1)
        c.text(x + step / 2, base + 3, labels[n], anchor="mt")
    return c.png()


def load_week():
    """Bar chart of weekly running distance rising gently over four weeks, then holding steady for a week."""
    heights = [0.55, 0.66, 0.78, 0.78, 0.9]
    return _bars(heights, {3}, ["Wk 1", "Wk 2", "Wk 3", "Wk 4", "Wk 5"], "Weekly distance")


def race_plan():
    """Bar chart of eight weeks of training rising gently, with a lower final week."""
    heights = [0.42, 0.52, 0.62, 0.52, 0.7, 0.8, 0.9, 0.52]
    return _bars(heights, {7}, [str(n) for n in range(1, 9)], "Weekly distance, weeks 1 to 8")


def shin_hero():
    """Two legs mid-stride over an orange-striped running track, the shins marked in orange."""
    c = _wide()
    _track(c, 72, 90)
    back = Leg(hip=(70, -6), knee=(60, 30), ankle=(42, 54), heel=(36, 52), toe=(50, 64))  # pushing off
    front = Leg(hip=(86, -6), knee=(104, 26), ankle=(112, 58), heel=(110, 66), toe=(130, 66))  # reaching
    for leg in (back, front):
        leg.draw(c)
        c.stroke(leg.shin_bone(0.22, 0.78), ORANGE, LINE * 2.2)
    return c.png()


def _lower_leg(c, heel, ball, toe):
    """A lower leg and foot from the side, the heel raised and the foot standing on its ball."""
    ankle = (heel[0] + 3, heel[1] - 8)
    leg = Leg(hip=(ankle[0] - 2, -40), knee=(ankle[0] - 1, ankle[1] - 44), ankle=ankle, heel=heel, toe=toe, ball=ball)
    leg.draw(c, with_thigh=False)
    return leg


def shin_strength():
    """A lower leg from the side, the heel lifted off the floor and an arrow pointing up: a calf raise."""
    c = _narrow()
    c.box((0, 66, 120, 80), ORANGE_LIGHT)  # the floor
    c.stroke([(0, 66), (120, 66)], TEAL, FINE, smooth=False)
    leg = _lower_leg(c, heel=(46, 56), ball=(66, 66), toe=(76, 66))
    c.stroke(leg.shin_bone(0.3, 0.85), ORANGE, LINE * 2)
    c.arrow((30, 64), (30, 44))
    c.text(84, 40, "Heel up,\nslowly", anchor="lm")
    return c.png()


def heel_raise():
    """A foot with its ball on the edge of a step, the heel lifted and an arrow pointing up: a heel raise."""
    c = _narrow()
    c.box((58, 62, 120, 80), ORANGE_LIGHT)  # the step
    c.stroke([(58, 80), (58, 62), (120, 62)], TEAL, FINE, smooth=False)
    _lower_leg(c, heel=(44, 50), ball=(62, 62), toe=(72, 62))
    c.arrow((28, 66), (28, 44))
    c.text(84, 40, "Slowly up,\nslowly down", anchor="lm")
    return c.png()


def achilles_hero():
    """A lower leg and heel from the side, the Achilles tendon marked in orange down the back of the leg."""
    c = _wide()
    c.box((0, 80, 160, 90), GROUND)
    c.stroke([(0, 80), (160, 80)], TEAL, FINE, smooth=False)
    leg = Leg(hip=(64, -70), knee=(66, -8), ankle=(72, 64), heel=(64, 80), toe=(112, 80))
    leg.draw(c, with_thigh=False)
    c.stroke(leg.achilles(), ORANGE, LINE * 2.4)
    return c.png()


def tenk_hero():
    """A road winding towards a finish arch, drawn in teal and orange."""
    c = _wide()
    c.box((0, 50, 160, 90), GROUND)
    c.stroke([(0, 50), (160, 50)], TEAL, FINE, smooth=False)
    steps = 24
    left, right, centre = [], [], []
    for n in range(steps + 1):
        t = n / steps  # 0 at the bottom of the picture, 1 at the arch
        y = 90 - 40 * t
        x = 80 + 16 * math.sin(t * math.pi * 2) * (1 - t)
        half = 22 * (1 - t) + 2
        left.append((x - half, y))
        right.append((x + half, y))
        centre.append((x, y))
    c.polygon(left + right[::-1], FILL)
    c.stroke(left, smooth=False)
    c.stroke(right, smooth=False)
    for n in range(0, steps - 4, 3):  # the centre line, dashed
        c.stroke(centre[n : n + 2], ORANGE, LINE * (1.6 - n / steps), smooth=False)
    c.stroke([(62, 50), (62, 18)], TEAL, LINE * 1.6, smooth=False)  # the arch's posts and banner
    c.stroke([(98, 50), (98, 18)], TEAL, LINE * 1.6, smooth=False)
    c.box((56, 10, 104, 22), ORANGE, 1.5)
    c.text(80, 16, "FINISH", fill=FILL, anchor="mm")
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
