"""What is drawn around and on the person (`care.drawings`): the working muscles in orange, the props (floor, wall,
step, mat) and the picture's frame."""

from dataclasses import dataclass, field

from care.drawings.figure import (
    FLOOR,
    FRONT,
    HEIGHT,
    SUPERSAMPLE,
    TORSO,
    WIDTH,
    Person,
    Pose,
    U,
    add,
    tube,
    unit,
)
from core.drawing import FINE, GROUND, LINE, ORANGE, ORANGE_LIGHT, PAPER, TEAL, TEAL_LIGHT, Canvas, curve, mix

# --- Muscles and moving parts, in orange ----------------------------------------------------------------------------


def _muscle(c, shape, within):
    """A working muscle: light orange up to the outline of its part (`within`; the shape runs past it and is cut
    there), its edge inside the part in orange."""
    c.within(within, lambda canvas: canvas.shape(shape, fill=ORANGE_LIGHT, outline=ORANGE, weight=FINE * 1.3))


def _edge(profile, t, which):
    """How far the outline stands out at t (which: 1 the front, 2 the back), between the profile's anchors."""
    for before, after in zip(profile, profile[1:], strict=False):
        if before[0] <= t <= after[0]:
            k = (t - before[0]) / (after[0] - before[0])
            return before[which] + (after[which] - before[which]) * k
    return profile[0][which] if t < profile[0][0] else profile[-1][which]


def quads(person, c, which="near"):
    leg = person.pose.legs[which]
    inner = [(0.06, 4.4), (0.18, 2.4), (0.4, 0.6), (0.62, 0.4), (0.85, 2.2), (1.0, 3.8)]
    profile = person.profiles["thigh"]
    ring = [(t, _edge(profile, t, 1) + 2.0, -edge) for t, edge in inner]
    _muscle(
        c, tube([leg.hip, leg.knee], ring, person.side(leg.hip, leg.knee)), [person.part("thigh", leg.hip, leg.knee)]
    )


def glutes(person, c):
    p = person.pose
    inner = [(0.76, 6.4), (0.86, 2.6), (0.98, 1.2), (1.1, 1.8), (1.2, 4.6)]
    profile = person.profiles["torso"]
    _muscle(
        c,
        tube(p.spine(), [(t, -edge, _edge(profile, t, 2) + 2.0) for t, edge in inner], p.facing),
        [tube(p.spine(), profile, p.facing)],
    )


def calf(person, c, which="near"):
    leg = person.pose.legs[which]
    inner = [(0.0, 3.0), (0.16, 0.2), (0.36, -0.8), (0.58, 0.0), (0.76, 1.2)]
    profile = person.profiles["shin"]
    ring = [(t, -edge, _edge(profile, t, 2) + 2.0) for t, edge in inner]
    _muscle(
        c,
        tube([leg.knee, leg.ankle], ring, person.side(leg.knee, leg.ankle)),
        [person.part("shin", leg.knee, leg.ankle)],
    )


def glute_side(person, c, which="near"):
    """The side of the hip (gluteus medius), seen face on: from inside the hip's outline out past it."""
    p = person.pose
    hip, out = p.hip_joint(which), p.across(which)
    ring = [(2.0, -0.5), (0.6, 3.4), (1.4, 7.6), (3.6, 10.6), (14.0, 10.6), (14.0, -0.5)]
    _muscle(c, [add(add(hip, out, dx * U), p.up, dy * U) for dx, dy in ring], person.body)


def side_trunk(person, c, which="far"):
    """The muscles down the side of the trunk (obliques), seen face on: from inside its outline out past it."""
    p = person.pose
    out, down = p.across(which), unit(p.neck, p.hip)
    inner = [(0.3, 3.6), (0.45, 2.6), (0.62, 2.4), (0.8, 3.2), (0.9, 4.4)]
    ring = [(t, _edge(FRONT["torso"], t, 1) - inset) for t, inset in inner]
    ring += [(t, _edge(FRONT["torso"], t, 1) + 4.0) for t, _inset in reversed(inner)]
    _muscle(c, [add(add(p.neck, down, t * TORSO * U), out, offset * U) for t, offset in ring], person.body)


def back_line(person, c):
    """The spine, the moving part: an orange line just inside the outline of the back."""
    p = person.pose
    s = p.facing
    line = tube(p.spine(), [(0.08, -3.0, 3.4), (0.3, -3.0, 3.6), (0.5, -3.0, 3.4), (0.75, -3.0, 3.6),
                            (0.92, -3.0, 4.6)], s)[5:]  # fmt: skip
    c.within(person.body, lambda canvas: canvas.stroke(line, ORANGE, LINE * 2.0))


MUSCLES = {
    "quads": quads,
    "glutes": glutes,
    "calf": calf,
    "glute_side": glute_side,
    "glute_side_far": lambda person, c: glute_side(person, c, "far"),
    "side_trunk": side_trunk,
    "back": back_line,
}


# --- Props ----------------------------------------------------------------------------------------------------------

FAR = 400.0  # props run past any frame


def floor(c, top=FLOOR):
    c.box((-FAR, top, FAR, FAR), GROUND)
    c.stroke([(-FAR, top), (FAR, top)], TEAL, FINE, smooth=False)


def wall(face, side):
    """A wall whose face is at x = face, standing to the left (side -1) or the right (+1) of it."""

    def draw(c):
        c.box((min(face, face + side * FAR), -FAR, max(face, face + side * FAR), FLOOR), GROUND)
        c.stroke([(face, -FAR), (face, FLOOR)], TEAL, FINE, smooth=False)

    return draw


def step(edge, top, depth=FAR):
    """A step whose top is at y = top and whose front edge is at x = edge, running to the right."""

    def draw(c):
        c.box((edge, top, edge + depth, FLOOR), GROUND)
        c.stroke([(edge, FLOOR), (edge, top), (edge + depth, top)], TEAL, FINE, smooth=False)

    return draw


MAT, MAT_TOP = mix(TEAL_LIGHT, PAPER, 0.4), FLOOR - 1.4


def mat(left, right):
    """An exercise mat on the floor, seen edge on."""

    def draw(c):
        c.box((left, MAT_TOP, right, FLOOR + 0.3), MAT, radius=0.5)
        c.stroke([(left + 0.5, MAT_TOP), (right - 0.5, MAT_TOP)], TEAL, FINE, smooth=False)

    return draw


# --- The pictures ---------------------------------------------------------------------------------------------------


@dataclass
class Picture:
    pose: Pose
    highlight: tuple
    props: list
    arrow: list
    alt: str
    keep: list = field(default_factory=list)  # points the frame must show besides the person (a wall's face)
    extras: list = field(default_factory=list)  # drawn over the person (a band round the legs)

    def outline_points(self):
        person = Person(self.pose)
        shapes = person.trunk_shapes()
        for leg in self.pose.legs.values():
            shapes += person.leg_shapes(leg)
        for arm in self.pose.arms.values():
            shapes += person.arm_shapes(arm)
        return [point for shape in shapes for point in curve(shape, closed=True)]

    def png(self, frame):
        """The picture of the grid's `frame` (left, top, width), 4:3."""
        left, top, width = frame
        c = Canvas(WIDTH, HEIGHT, width, supersample=SUPERSAMPLE, origin=(left, top))
        for prop in self.props:
            prop(c)
        Person(self.pose).draw(c, [MUSCLES[name] for name in self.highlight])
        for extra in self.extras:
            extra(c, self.pose)
        if self.arrow:
            c.arrow(*self.arrow)
        return c.png()


MARGIN, GROUND_SHOWN, NARROWEST = 6.0, 6.0, 84.0


def frame(pictures):
    """One frame for an exercise's pictures (so the person doesn't jump between them): everything they show, with
    a margin and a strip of floor, 4:3, and never so close that the person looks bigger than in the other
    exercises by more than a little."""
    points = [p for picture in pictures for p in [*picture.outline_points(), *picture.arrow, *picture.keep]]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    bottom = FLOOR + GROUND_SHOWN
    width = max(NARROWEST, max(xs) - min(xs) + 2 * MARGIN, (bottom - (min(ys) - MARGIN)) * 4 / 3)
    left = (min(xs) + max(xs)) / 2 - width / 2
    return left, bottom - width * 3 / 4, width
