"""Drawings of the exercise library (`care.library.EXERCISES`), two for each: the start and the end position.

Drawn with Pillow at set-up in the site's style (`core.drawing`): warm paper, the body in clean teal outline over a
pale fill, a few finer contours, and orange only on the working muscle or the moving part, with an orange arrow
for the movement to come. No lettering: the alt text and the cues carry the words.

Every pose is the same person. A `Pose` is a set of joints (head, neck, shoulders, elbows, wrists, hips, knees,
ankles, heels, toes: a near and a far one of each limb) placed with fixed bone lengths, so the proportions cannot
drift between pictures; the outlines are built on the joints (tapered limbs with their muscles' curves, a torso
along a spine that can round or dip, a head in profile). Seen from the side the far limbs are drawn lighter,
behind; seen from the front (the side plank, the side step, side-lying leg lifts) both are drawn alike.
Coordinates are on a 120 × 90 grid (4:3), y downwards; sizes of the body are in U, a hundredth of its height.
"""

import math
from dataclasses import dataclass, field

from core.drawing import FILL, FINE, GROUND, LINE, ORANGE, ORANGE_LIGHT, PAPER, TEAL, TEAL_LIGHT, Canvas, curve, mix
from core.drawing import front as left_of

WIDTH, HEIGHT, GRID = 800, 600, 120  # 4:3, two across the programme page's exercise
SUPERSAMPLE = 3  # long curved outlines: drawn at three times the size, so they reduce smoothly
FLOOR = 82.0
U = 0.64  # a hundredth of the person's height (64 grid units tall, in every picture)

# Bone lengths, in U.
TORSO, NECK_TO_HEAD = 30.0, 12.5  # neck's base to the hip joints; neck's base to the middle of the skull
SHOULDER_DROP, SHOULDER_HALF, HIP_HALF = 3.0, 9.5, 5.5  # the shoulder joint below the neck's base; half widths
UPPER_ARM, FOREARM, HAND = 18.5, 15.0, 10.0
THIGH, SHIN = 24.5, 24.5
ANKLE_UP, HEEL_BACK, FOOT = 4.5, 4.0, 15.0  # ankle above the sole and ahead of the heel's back; heel to toe
BALL = 0.72  # how far along the sole the ball of the foot is

FAR_LINE = mix(TEAL, PAPER, 0.55)  # the far limbs: a paler outline over a fill nearer the paper
FAR_FILL = mix(FILL, PAPER, 0.55)


# --- Geometry -------------------------------------------------------------------------------------------------------


def add(a, b, k=1.0):
    return (a[0] + b[0] * k, a[1] + b[1] * k)


def unit(a, b):
    length = max(math.dist(a, b), 1e-9)
    return ((b[0] - a[0]) / length, (b[1] - a[1]) / length)


def turn(v, degrees):
    """v turned clockwise on the page (y is downwards) by `degrees`."""
    r = math.radians(degrees)
    return (v[0] * math.cos(r) - v[1] * math.sin(r), v[0] * math.sin(r) + v[1] * math.cos(r))


def heading(degrees):
    """The unit vector `degrees` clockwise from straight up."""
    return turn((0.0, -1.0), degrees)


def reach(root, target, first, second, toward):
    """Two bones from root towards target (a knee or an elbow between): the bend on the side `toward` points to.
    A target out of reach straightens the limb towards it."""
    d = math.dist(root, target)
    d = min(max(d, abs(first - second) + 1e-6), first + second - 1e-6)
    base = math.atan2(target[1] - root[1], target[0] - root[0])
    angle = math.acos((first**2 + d**2 - second**2) / (2 * first * d))
    middle = (root[0] + (target[0] - root[0]) / 2, root[1] + (target[1] - root[1]) / 2)
    options = [
        (root[0] + first * math.cos(base + s * angle), root[1] + first * math.sin(base + s * angle)) for s in (1, -1)
    ]
    joint = max(options, key=lambda p: (p[0] - middle[0]) * toward[0] + (p[1] - middle[1]) * toward[1])
    return joint, add(joint, unit(joint, target), second)


def tube(path, profile, side=1.0):
    """The outline round a body part along `path` (two points, or more for a bending spine): `profile` gives,
    at fractions t along it, how far (in U) the outline stands out on its front and on its back. `side` = -1
    swaps front and back (a limb seen from the front, on the other side of the body)."""
    line = curve(path, steps=10) if len(path) > 2 else list(path)
    lengths = [0.0]
    for a, b in zip(line, line[1:], strict=False):
        lengths.append(lengths[-1] + math.dist(a, b))

    def point(t, offset):
        target = t * lengths[-1]
        i = 1
        while i < len(line) - 1 and lengths[i] < target:
            i += 1
        a, b = line[i - 1], line[i]
        span = max(lengths[i] - lengths[i - 1], 1e-9)
        k = (target - lengths[i - 1]) / span  # beyond the ends it carries on straight
        normal = left_of(a, b)
        return (
            a[0] + (b[0] - a[0]) * k + normal[0] * offset * U * side,
            a[1] + (b[1] - a[1]) * k + normal[1] * offset * U * side,
        )

    fronts = [point(t, f) for t, f, _b in profile]
    backs = [point(t, -b) for t, _f, b in reversed(profile)]
    return fronts + backs


# Profiles seen from the side: (t, front, back) in U. The bones run from the trunk outwards, so "front" is the
# front of the body in the standing position (the shin's front, the calf's back).
SIDE = {
    "torso": [(0.0, 3.5, 4.2), (0.1, 6.5, 6.2), (0.28, 8.4, 6.4), (0.5, 7.2, 4.8), (0.72, 7.0, 5.0),
              (0.9, 6.4, 7.6), (1.02, 5.0, 8.6), (1.14, 1.5, 6.4)],
    "neck": [(-0.1, 2.6, 2.4), (0.45, 2.5, 2.5), (1.0, 3.6, 3.4)],
    "upper_arm": [(-0.14, 2.4, 3.0), (0.06, 3.8, 3.9), (0.4, 3.4, 3.3), (0.75, 2.7, 2.6), (1.02, 2.3, 2.5)],
    "forearm": [(-0.04, 2.3, 2.6), (0.22, 2.8, 2.9), (0.6, 2.1, 2.0), (1.0, 1.5, 1.5)],
    "hand": [(-0.05, 1.5, 1.4), (0.35, 1.9, 1.5), (0.75, 1.6, 1.2), (1.0, 0.9, 0.7), (1.06, 0.0, 0.0)],
    "thigh": [(-0.06, 5.0, 5.4), (0.15, 6.0, 5.4), (0.45, 5.7, 4.8), (0.75, 4.6, 3.9), (0.95, 3.8, 3.4),
              (1.06, 3.6, 3.2)],
    "shin": [(-0.04, 3.8, 3.4), (0.1, 2.8, 4.4), (0.3, 2.5, 5.0), (0.55, 2.2, 3.6), (0.8, 1.9, 2.2),
             (0.98, 2.0, 2.1)],
}  # fmt: skip

# Seen from the front: (t, outer, inner) for limbs, (t, half width, half width) for the trunk.
FRONT = {
    "torso": [(0.0, 5.0, 5.0), (0.07, 10.2, 10.2), (0.25, 9.6, 9.6), (0.55, 8.0, 8.0), (0.8, 9.4, 9.4),
              (0.98, 10.0, 10.0), (1.12, 7.0, 7.0)],
    "neck": [(-0.1, 3.4, 3.4), (0.45, 2.9, 2.9), (1.0, 3.4, 3.4)],
    "upper_arm": [(-0.12, 2.4, 2.0), (0.06, 3.4, 2.4), (0.4, 2.9, 2.6), (0.75, 2.3, 2.4), (1.02, 2.1, 2.2)],
    "forearm": [(-0.04, 2.2, 2.1), (0.22, 2.7, 2.4), (0.6, 2.0, 1.8), (1.0, 1.6, 1.4)],
    "hand": [(-0.05, 1.7, 1.5), (0.35, 2.1, 1.9), (0.75, 1.8, 1.6), (1.0, 0.9, 0.9), (1.06, 0.0, 0.0)],
    "thigh": [(-0.06, 6.4, 3.0), (0.15, 6.6, 4.8), (0.45, 5.8, 4.6), (0.78, 4.4, 3.8), (0.96, 3.6, 3.6),
              (1.06, 3.4, 3.4)],
    "shin": [(-0.04, 3.5, 3.5), (0.12, 3.4, 3.6), (0.32, 3.8, 3.7), (0.6, 2.8, 2.6), (0.85, 2.1, 2.0),
             (0.98, 2.2, 2.2)],
}  # fmt: skip

# The head in profile, in U about the middle of the skull: (forwards, upwards).
PROFILE = [(-3.0, -6.6), (-4.9, -3.4), (-5.8, 0.2), (-4.8, 3.8), (-1.6, 5.6), (2.0, 5.4), (4.4, 3.2), (5.0, 0.6),
           (4.8, -0.4), (6.3, -2.6), (5.3, -3.3), (5.5, -4.3), (5.2, -5.1), (5.4, -6.4), (3.6, -7.5),
           (1.4, -7.2)]  # fmt: skip
FACE_ON = [(0.0, 5.6), (3.7, 4.5), (4.9, 1.0), (4.6, -2.6), (3.1, -5.8), (0.0, -7.4), (-3.1, -5.8), (-4.6, -2.6),
           (-4.9, 1.0), (-3.7, 4.5)]  # fmt: skip


# --- The person -----------------------------------------------------------------------------------------------------


@dataclass
class Leg:
    hip: tuple
    knee: tuple
    ankle: tuple
    heel: tuple
    ball: tuple
    toe: tuple


@dataclass
class Arm:
    shoulder: tuple
    elbow: tuple
    wrist: tuple
    tip: tuple  # the fingertips


@dataclass
class Pose:
    """One person's joints. `hip` is the middle of the pelvis; `lean` turns the trunk from upright (degrees,
    clockwise on the page); `bow` rounds the back (positive) or lets it dip (negative), in U; `nod` turns the
    head forwards from the line of the trunk. `facing` is +1 for a person whose front is to the right when
    upright; `view` is "side" or "front" (facing the viewer)."""

    hip: tuple
    lean: float = 0.0
    bow: float = 0.0
    nod: float = 0.0
    facing: int = 1
    view: str = "side"
    legs: dict = field(default_factory=dict)
    arms: dict = field(default_factory=dict)

    def __post_init__(self):
        self.up = heading(self.lean)
        self.forward = turn(self.up, 90 * self.facing)  # the chest's way (a right turn of "up" faces right)
        self.neck = add(self.hip, self.up, TORSO * U)
        self.head_up = turn(self.up, self.nod * self.facing)
        self.head_forward = turn(self.head_up, 90 * self.facing)
        lean_in = 1.5 if self.view == "side" else 0.0
        self.head = add(add(self.neck, self.head_up, NECK_TO_HEAD * U), self.head_forward, lean_in * U)

    # Where the limbs join the trunk: side by side seen from the front, nearly together from the side.
    def across(self, which):
        """Towards the near limb's side: the viewer's right for a person facing the viewer; nothing from the side."""
        if self.view == "side":
            return (0.0, 0.0)
        return turn(self.up, 90 * (1 if which == "near" else -1))

    def shoulder(self, which):
        drop = add(self.neck, self.up, -SHOULDER_DROP * U)
        if self.view == "side":
            return add(add(drop, self.forward, -0.8 * U), self.up, (0.8 if which == "far" else 0) * U)
        return add(drop, self.across(which), (SHOULDER_HALF - 0.8) * U)

    def hip_joint(self, which):
        if self.view == "side":
            return add(self.hip, self.up, (0.8 if which == "far" else 0) * U)
        return add(self.hip, self.across(which), HIP_HALF * U)

    def spine(self):
        """The line of the trunk from the neck's base to the hips, bowed to the back (positive) or the front."""
        middle = add(((self.neck[0] + self.hip[0]) / 2, (self.neck[1] + self.hip[1]) / 2), self.forward, -self.bow * U)
        return [self.neck, middle, self.hip]

    # Placing the limbs.
    def leg(self, which, foot, knee_toward=None):
        """A leg from its hip to a foot (see `flat`, `on_ball`, `pointed`): the knee bends to the front."""
        hip = self.hip_joint(which)
        if self.view == "front" and knee_toward is None:  # a knee bent towards the viewer: the leg looks shorter
            ankle = foot["ankle"]
            length = math.dist(hip, ankle)
            if length > (THIGH + SHIN) * U:
                ankle = add(hip, unit(hip, ankle), (THIGH + SHIN) * U)
            knee = add(hip, unit(hip, ankle), length * THIGH / (THIGH + SHIN))
        else:
            knee, ankle = reach(hip, foot["ankle"], THIGH * U, SHIN * U, knee_toward or self.forward)
        shift = (ankle[0] - foot["ankle"][0], ankle[1] - foot["ankle"][1])  # an out-of-reach foot comes along
        placed = {k: add(v, shift) for k, v in foot.items()}
        self.legs[which] = Leg(hip, knee, placed["ankle"], placed["heel"], placed["ball"], placed["toe"])
        return self

    def arm(self, which, target, elbow_toward=None, hand=None):
        """An arm from its shoulder reaching for `target` with the wrist; `hand` turns the hand (degrees from
        the line of the forearm, clockwise) or lays it along a given direction."""
        shoulder = self.shoulder(which)
        toward = elbow_toward or (-self.forward[0], -self.forward[1])
        elbow, wrist = reach(shoulder, target, UPPER_ARM * U, FOREARM * U, toward)
        direction = unit(elbow, wrist)
        if isinstance(hand, tuple):
            direction = hand
        elif hand:
            direction = turn(direction, hand)
        self.arms[which] = Arm(shoulder, elbow, wrist, add(wrist, direction, HAND * U))
        return self


def flat(heel_x, facing=1, floor=FLOOR):
    """A foot flat on the floor, its heel's back at heel_x."""
    return on_ball(add((heel_x, floor), (facing, 0), BALL * FOOT * U), 0, facing)


def on_ball(ball, lift, facing=1):
    """A foot on its ball, the heel raised by `lift` degrees (negative: dropped below, off a step's edge)."""
    along = turn((float(facing), 0.0), -lift * facing)  # from heel to ball
    heel = add(ball, along, -BALL * FOOT * U)
    up = turn(along, -90 * facing)
    ankle = add(add(heel, along, HEEL_BACK * U), up, ANKLE_UP * U)
    toe = add(ball, (facing, 0), (1 - BALL) * FOOT * U)
    return {"ankle": ankle, "heel": heel, "ball": ball, "toe": toe}


def pointed(ankle, angle, facing=1):
    """A foot hanging free or lying on its top: the sole turned `angle` degrees from flat (toes down positive)."""
    along = turn((float(facing), 0.0), angle * facing)
    up = turn(along, -90 * facing)
    heel = add(add(ankle, along, -HEEL_BACK * U), up, -ANKLE_UP * U)
    ball = add(heel, along, BALL * FOOT * U)
    return {"ankle": ankle, "heel": heel, "ball": ball, "toe": add(heel, along, FOOT * U)}


# --- Drawing the person ---------------------------------------------------------------------------------------------


def foot_outline(leg, facing, view):
    """The foot's outline: in profile from heel to toes, or face on (toes to the viewer) as a short rounded end."""
    if view == "front":
        down = unit(leg.knee, leg.ankle)
        across = (-down[1], down[0])
        pts = [(-2.2, -0.5), (-2.9, 2.4), (-2.5, 4.6), (0.0, 5.6), (2.5, 4.6), (2.9, 2.4), (2.2, -0.5)]
        return [add(add(leg.ankle, across, a * U), down, d * U) for a, d in pts]
    s = math.dist(leg.knee, leg.ankle) / 20  # as blog's legs: widths in twentieths of the shin
    sole = [leg.heel, leg.ball, leg.toe]

    def point(along, up):
        if along <= BALL:
            a, b, t = sole[0], sole[1], along / BALL
        else:
            a, b, t = sole[1], sole[2], (along - BALL) / (1 - BALL)
        direction = unit(a, b)
        top = turn(direction, -90 * facing)
        return (a[0] + (b[0] - a[0]) * t + top[0] * up * s, a[1] + (b[1] - a[1]) * t + top[1] * up * s)

    return [
        point(-0.04, 1.6), point(0.02, 0.1), point(0.45, 0.0), point(0.78, 0.1), point(1.0, 0.5),
        point(0.97, 1.6), point(0.66, 2.9), point(0.34, 4.3), point(0.2, 5.6), point(0.0, 4.0),
    ]  # fmt: skip


def head_outline(pose):
    points = PROFILE if pose.view == "side" else FACE_ON
    return [add(add(pose.head, pose.head_forward, f * U), pose.head_up, up * U) for f, up in points]


def limb_side(pose, root, end):
    """+1 when a limb's front (as `tube` reckons it) is its outer side seen face on, -1 when it is the inner."""
    normal = left_of(pose.neck, pose.hip)
    middle = ((pose.neck[0] + pose.hip[0]) / 2, (pose.neck[1] + pose.hip[1]) / 2)
    outward = (root[0] - middle[0]) * normal[0] + (root[1] - middle[1]) * normal[1]
    lean = left_of(root, end)
    along = lean[0] * normal[0] + lean[1] * normal[1]
    return 1.0 if outward * along >= 0 else -1.0


class Person:
    """Draws a pose: the far limbs (paler), then the trunk, head and near leg as one outline with its working
    muscles and finer contours, then the near arm over it. Seen from the front, both legs go with the trunk."""

    def __init__(self, pose):
        self.pose = pose
        self.profiles = SIDE if pose.view == "side" else FRONT

    def side(self, root, end):
        if self.pose.view == "side":
            return float(self.pose.facing)
        return limb_side(self.pose, root, end)

    def part(self, name, a, b):
        return tube([a, b], self.profiles[name], self.side(a, b))

    def leg_shapes(self, leg):
        return [
            self.part("thigh", leg.hip, leg.knee),
            self.part("shin", leg.knee, leg.ankle),
            foot_outline(leg, self.pose.facing, self.pose.view),
        ]

    def arm_shapes(self, arm):
        return [
            self.part("upper_arm", arm.shoulder, arm.elbow),
            self.part("forearm", arm.elbow, arm.wrist),
            self.part("hand", arm.wrist, arm.tip),
        ]

    def trunk_shapes(self):
        p = self.pose
        side = p.facing if p.view == "side" else 1
        neck_base = add(p.neck, p.up, -1.0 * U)
        skull_base = add(p.head, p.head_up, -4.0 * U)
        shapes = [
            tube(p.spine(), self.profiles["torso"], side),
            tube([skull_base, neck_base], self.profiles["neck"], side),
            head_outline(p),
        ]
        if p.view == "front":  # the ears, either side
            for sign in (1, -1):
                ear = add(add(p.head, p.head_forward, sign * 4.7 * U), p.head_up, -0.8 * U)
                shapes.append([add(add(ear, p.head_forward, x * sign * U), p.head_up, y * U) for x, y in
                               [(-0.6, 1.4), (0.9, 1.7), (1.3, 0.2), (0.6, -1.9), (-0.6, -1.8)]])  # fmt: skip
        return shapes

    def draw(self, c, highlight=()):
        p = self.pose
        if p.view == "side":
            if "far" in p.arms:
                c.silhouette(self.arm_shapes(p.arms["far"]), FAR_FILL, FAR_LINE)
            if "far" in p.legs:
                c.silhouette(self.leg_shapes(p.legs["far"]), FAR_FILL, FAR_LINE)
                self.leg_contours(c, p.legs["far"], FAR_LINE)
            body, near_legs, arms = (
                self.trunk_shapes() + self.leg_shapes(p.legs["near"]),
                [p.legs["near"]],
                [p.arms["near"]] if "near" in p.arms else [],
            )
        else:
            legs = list(p.legs.values())
            body, near_legs, arms = (
                self.trunk_shapes() + [s for leg in legs for s in self.leg_shapes(leg)],
                legs,
                list(p.arms.values()),
            )
        c.silhouette(body)
        self.body = body
        for name in highlight:
            MUSCLES[name](self, c)
        self.trunk_contours(c)
        for leg in near_legs:
            self.leg_contours(c, leg)
        for arm in arms:
            c.silhouette(self.arm_shapes(arm))

    # The finer lines inside the outline.
    def leg_contours(self, c, leg, colour=TEAL):
        s = self.side(leg.hip, leg.knee)
        thigh_front = left_of(leg.hip, leg.knee)
        shin_front = left_of(leg.knee, leg.ankle)

        def on(a, b, t, normal, offset):
            return (
                a[0] + (b[0] - a[0]) * t + normal[0] * offset * U * s,
                a[1] + (b[1] - a[1]) * t + normal[1] * offset * U * s,
            )

        if self.pose.view == "side":
            c.stroke([on(leg.hip, leg.knee, 0.82, thigh_front, 2.0), on(leg.hip, leg.knee, 0.98, thigh_front, 2.6),
                      on(leg.knee, leg.ankle, 0.1, shin_front, 2.0)], colour, FINE)  # fmt: skip
            c.stroke([on(leg.knee, leg.ankle, 0.12, shin_front, -2.6), on(leg.knee, leg.ankle, 0.32, shin_front, -2.9),
                      on(leg.knee, leg.ankle, 0.56, shin_front, -1.4)], colour, FINE)  # fmt: skip
            bone = on(leg.knee, leg.ankle, 0.97, shin_front, -0.1)
            c.disc(*bone, 0.9 * U, None, outline=colour)
        else:
            knee = on(leg.hip, leg.knee, 0.97, thigh_front, 0.0)
            c.disc(*knee, 2.0 * U, None, outline=colour)

    def trunk_contours(self, c):
        p = self.pose
        if p.view == "side":
            ear = add(add(p.head, p.head_forward, -1.2 * U), p.head_up, -0.6 * U)
            c.stroke([add(ear, p.head_up, 1.4 * U), add(add(ear, p.head_forward, -1.1 * U), p.head_up, 0.3 * U),
                      add(add(ear, p.head_forward, -0.6 * U), p.head_up, -1.3 * U)], TEAL, FINE)  # fmt: skip
            eye = add(add(p.head, p.head_forward, 3.6 * U), p.head_up, -0.7 * U)
            c.stroke([add(eye, p.head_forward, -0.6 * U), add(eye, p.head_forward, 0.6 * U)], TEAL, FINE, smooth=False)
            return
        for which in ("near", "far"):  # the collarbones, from the notch below the neck out to the shoulders
            out = p.across(which)
            c.stroke([add(add(p.neck, out, 1.4 * U), p.up, -1.6 * U), add(add(p.neck, out, 4.5 * U), p.up, -1.0 * U),
                      add(add(p.neck, out, 8.0 * U), p.up, -0.6 * U)], TEAL, FINE)  # fmt: skip


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
        Person(self.pose).draw(c, self.highlight)
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


# --- The exercises --------------------------------------------------------------------------------------------------


def lean_of(vector):
    """The `lean` whose "up" points along vector."""
    return math.degrees(math.atan2(vector[0], -vector[1]))


def hang(pose, which, forward=1.0, out=0.0):
    """An arm hanging at the side (a little forward, or out to the side seen face on)."""
    shoulder = pose.shoulder(which)
    down = (-pose.up[0], -pose.up[1])
    target = add(add(add(shoulder, down, (UPPER_ARM + FOREARM - 1.0) * U), pose.forward, forward * U),
                 pose.across(which), out * U)  # fmt: skip
    return pose.arm(which, target, elbow_toward=pose.across(which) if pose.view == "front" else None)


def above_ankle(ankle, bend=0.0, back=0.0):
    """Where the hips are over a foot, the leg straight (or `bend` U shorter), `back` U behind."""
    return (ankle[0] - back * U, ankle[1] - (THIGH + SHIN - bend) * U)


def split_squat():
    front_foot, back_foot = flat(63.0), on_ball((35.0, FLOOR), 48)
    start = Pose((51.0, 51.6)).leg("near", front_foot).leg("far", back_foot)
    hang(start, "near"), hang(start, "far")
    end = Pose((50.0, 63.2)).leg("near", front_foot).leg("far", back_foot)
    hang(end, "near"), hang(end, "far")
    return [
        Picture(start, ("quads", "glutes"), [floor], [(36, 40), (36, 54)],
                "Standing tall in a long stride, side view: the front foot flat, the back heel raised, both knees "
                "nearly straight. The arrow shows the body lowering."),
        Picture(end, ("quads", "glutes"), [floor], [(36, 56), (36, 42)],
                "At the bottom of the split squat: both knees bent, the back knee just above the floor, the front "
                "shin upright and the body tall. The arrow shows the push back up."),
    ]  # fmt: skip


def single_leg_calf_raise():
    pictures = []
    for lift, arrow, alt in [
        (
            0,
            [(42, 80), (42, 66)],
            "Standing on one foot facing a wall, side view: the other foot lifted behind and "
            "a fingertip on the wall. The arrow shows the heel about to rise.",
        ),
        (
            38,
            [(42, 66), (42, 80)],
            "Risen high onto the ball of the standing foot, the heel well off the floor and "
            "the fingertip still on the wall. The arrow shows the slow lowering.",
        ),
    ]:
        foot = on_ball((57.0, FLOOR), lift)
        pose = Pose(above_ankle(foot["ankle"], 0.3, 0.5)).leg("near", foot)
        pose.leg("far", pointed(add(pose.hip, (-9.5, 27.0)), 30))
        pose.arm("near", (72.0, pose.hip[1] - 11), elbow_toward=(0, 1), hand=(1.0, -0.05))
        hang(pose, "far")
        pictures.append(Picture(pose, ("calf",), [wall(79.0, 1), floor], arrow, alt, keep=[(85.0, FLOOR)]))
    return pictures


def glute_bridge():
    feet = flat(79.0, floor=MAT_TOP)
    props = [floor, mat(14, 104)]
    start = Pose((61.0, MAT_TOP - 5.6), lean=-93.5).leg("near", feet).leg("far", feet)
    end = Pose((60.0, MAT_TOP - 14.8), lean=lean_of((-16.0, 11.2)), nod=32).leg("near", feet).leg("far", feet)
    for pose in (start, end):
        for which in ("near", "far"):
            shoulder = pose.shoulder(which)
            pose.arm(which, (shoulder[0] + 19.5, MAT_TOP - 1.3), elbow_toward=(0, -1), hand=(1.0, 0.0))
    return [
        Picture(start, ("glutes",), props, [(62, 62), (62, 50)],
                "Lying on the back on a mat, side view: knees bent, feet flat, arms by the sides. The arrow shows "
                "the hips about to lift."),
        Picture(end, ("glutes",), props, [(60, 36), (60, 47)],
                "The hips lifted so shoulders, hips and knees make one straight slope, the feet still flat and the "
                "shoulders on the mat. The arrow shows the slow lowering."),
    ]  # fmt: skip


def side_lying_hip_abduction():
    props = [floor, mat(6, 114)]
    pictures = []
    for lift, alt in [
        (
            -3,
            "Lying on one side on a mat, seen from the front: the head resting on the lower arm, the top hand on "
            "the mat in front, the lower knee bent forward and the top leg straight. The arrow shows the lift.",
        ),
        (
            -27,
            "The straight top leg lifted a hand’s width or two towards the ceiling, toes facing forward, the hips "
            "still stacked. The arrow shows the slow lowering.",
        ),
    ]:
        pose = Pose((56.0, MAT_TOP - 6.6), lean=-91, view="front")
        hip = pose.hip_joint("near")
        pose.leg("near", pointed(add(hip, turn((1.0, 0.0), lift), (THIGH + SHIN - 0.5) * U), 0))
        bottom_hip = pose.hip_joint("far")
        pose.leg("far", pointed((bottom_hip[0] + 0.72 * (THIGH + SHIN) * U, MAT_TOP - 3.4 * U), 0))
        shoulder = pose.shoulder("far")
        pose.arm("far", (shoulder[0] - (UPPER_ARM + FOREARM - 0.5) * U, MAT_TOP - 2.2 * U), hand=(-1.0, 0.0))
        pose.arm("near", (pose.hip[0] - 7.0, MAT_TOP - 1.6 * U), elbow_toward=(-0.3, -1.0), hand=(1.0, 0.15))
        knee = pose.legs["near"].knee
        x = knee[0] + 3.0
        if lift > -10:  # up from the resting leg
            arrow = [(x, knee[1] - 4.0), (x + 0.6, knee[1] - 9.0), (x - 0.4, knee[1] - 14.0)]
        else:  # down from the lifted leg
            arrow = [(x + 5.0, knee[1] - 2.0), (x + 6.2, knee[1] + 4.0), (x + 5.6, knee[1] + 9.0)]
        pictures.append(Picture(pose, ("glute_side",), props, arrow, alt))
    return pictures


def wall_sit():
    feet = flat(42.0)
    props = [wall(22.0, -1), floor]
    start = Pose((27.6, 53.6)).leg("near", feet).leg("far", feet)
    hang(start, "near", forward=0.5), hang(start, "far", forward=0.5)
    end = Pose((27.6, 65.0)).leg("near", feet).leg("far", feet)
    for which in ("near", "far"):
        end.arm(which, add(end.legs[which].knee, (-3.0, -3.4)), hand=(1.0, 0.15))
    return [
        Picture(start, ("quads",), props, [(54, 40), (54, 54)],
                "Standing with the back flat against a wall, side view, the feet a little in front. The arrow "
                "shows the slide down the wall.", keep=[(16.0, FLOOR)]),
        Picture(end, ("quads",), props, [(54, 58), (54, 44)],
                "Slid down the wall into a part-squat, as if sitting on an invisible chair: back flat on the wall, "
                "knees bent, hands resting on the thighs. The arrow shows the slide back up."),
    ]  # fmt: skip


def plank_pose(hips_up):
    """Side plank seen from the front: propped on the lower forearm, the elbow under the shoulder; the hips on the
    mat, or lifted so the body is straight from head to feet (the feet on the mat)."""
    elbow_y = MAT_TOP - 2.4 * U
    best = None
    for tenths in range(-900, -560, 2):
        lean = tenths / 10
        up = heading(lean)
        if hips_up:  # the lower ankle's outside on the mat, the legs in line with the trunk
            across = turn(up, -90)
            ankle = (90.0, MAT_TOP - 2.4 * U - across[1] * 0)
            hip = add(add(ankle, up, (THIGH + SHIN) * U), across, -HIP_HALF * U)
        else:
            hip = (64.0, MAT_TOP - 9.6 * U)
        pose = Pose(hip, lean=lean, view="front")
        miss = abs(pose.shoulder("far")[1] + UPPER_ARM * U - elbow_y)
        if best is None or miss < best[0]:
            best = (miss, pose)
    pose = best[1]
    shoulder = pose.shoulder("far")
    pose.arm("far", (shoulder[0] - FOREARM * U, shoulder[1] + UPPER_ARM * U), elbow_toward=(1, 1), hand=(-1.0, 0.0))
    for which in ("near", "far"):
        joint = pose.hip_joint(which)
        if hips_up:
            pose.leg(which, pointed(add(joint, pose.up, -(THIGH + SHIN) * U), 0))
        else:
            pose.leg(which, pointed(add(joint, (1.0, 0.0), (THIGH + SHIN) * U), 0))
    pose.arm("near", add(add(pose.hip, pose.up, -9.0 * U), pose.across("near"), 10.5 * U),
             elbow_toward=pose.across("near"), hand=-6)  # fmt: skip
    return pose


def side_plank():
    props = [floor, mat(4, 116)]
    pictures = []
    for hips_up, alt in [
        (
            False,
            "Lying on one side on a mat, seen from the front, propped up on the forearm with the elbow under the "
            "shoulder, hips and legs on the mat. The arrow shows the hips about to lift.",
        ),
        (
            True,
            "The hips lifted off the mat so the body is straight from head to feet, propped on the forearm, the "
            "top arm along the side. The arrow shows the hips lowering.",
        ),
    ]:
        pose = plank_pose(hips_up)
        x, top = pose.hip[0] + 3.0, pose.hip[1] - 16.0 * U  # above the hips and the arm that lies on them
        arrow = [(x, top - 12.0), (x, top - 2.0)] if hips_up else [(x, top), (x, top - 10.0)]
        pictures.append(Picture(pose, ("side_trunk",), props, arrow, alt))
    return pictures


def step_up():
    top = 71.0
    props = [floor, step(58.0, top)]
    near_foot = flat(61.0, floor=top)
    start = Pose((47.0, 50.8), lean=12).leg("near", near_foot).leg("far", flat(33.0))
    hang(start, "near", forward=2), hang(start, "far", forward=-1)
    end = Pose(above_ankle(near_foot["ankle"], 0.2, 0.8)).leg("near", near_foot)
    end.leg("far", pointed(add(end.hip, (-3.0, 29.0)), 24))
    hang(end, "near"), hang(end, "far")
    return [
        Picture(start, ("quads", "glutes"), props, [(30, 46), (30, 32)],
                "Facing a step, side view: one whole foot on the step, the other on the floor behind. The arrow "
                "shows the push up onto the step."),
        Picture(end, ("quads", "glutes"), props, [(46, 34), (46, 48)],
                "Standing tall on the step on the straightened leg, the other foot lifted just off the step "
                "beside it. The arrow shows the slow step back down."),
    ]  # fmt: skip


def band(c, pose):
    """A looped band round both legs just above the knees."""
    near, far = pose.legs["near"], pose.legs["far"]
    a = add(far.hip, unit(far.hip, far.knee), 0.8 * math.dist(far.hip, far.knee))
    b = add(near.hip, unit(near.hip, near.knee), 0.8 * math.dist(near.hip, near.knee))
    c.stroke([add(a, (-4.3 * U, 0)), add(b, (4.3 * U, 0))], mix(TEAL, TEAL_LIGHT, 0.35), LINE * 2.4, smooth=False)


def banded_side_step():
    pictures = []
    for stride, arrow, alt in [
        (
            6.5,
            [(82, 76), (96, 76)],
            "Standing facing us with a looped band round both legs above the knees, "
            "knees a little bent, feet hip-width apart. The arrow shows a step to the side.",
        ),
        (
            16.0,
            [(34, 76), (48, 76)],
            "One foot stepped out to the side, the feet wide and the band tight, knees "
            "still a little bent. The arrow shows the other foot following.",
        ),
    ]:
        pose = Pose((58.0, 50.5), view="front")
        for which, x in (("far", 58.0 - 6.5), ("near", 58.0 + stride)):
            pose.leg(which, {"ankle": (x, 78.8), "heel": (x, FLOOR), "ball": (x, FLOOR), "toe": (x, FLOOR)})
            hang(pose, which, forward=0, out=2.0)
        pictures.append(Picture(pose, ("glute_side", "glute_side_far"), [floor], arrow, alt, extras=[band]))
    return pictures


def bent_knee_calf_raise():
    top = 69.0
    props = [floor, wall(86.0, 1), step(56.0, top)]
    pictures = []
    for lift, rising, alt in [
        (
            -24,
            True,
            "The front of one foot on the edge of a step, side view, the heel dropped just below the step "
            "and the knee softly bent, a fingertip on the wall. The arrow shows the rise.",
        ),
        (
            36,
            False,
            "Risen onto the toes on the step’s edge, the heel high and the knee still softly bent. The "
            "arrow shows the heel lowering slowly below the step.",
        ),
    ]:
        foot = on_ball((59.5, top), lift)
        pose = Pose(above_ankle(foot["ankle"], 3.2, 3.2), lean=5).leg("near", foot)
        pose.leg("far", pointed(add(pose.hip, (-11.0, 22.0)), 36))
        pose.arm("near", (80.5, pose.hip[1] - 11), elbow_toward=(0, 1), hand=(1.0, -0.05))
        hang(pose, "far")
        x, y = pose.legs["near"].heel[0] - 1.0, pose.legs["near"].heel[1]
        arrow = [(x, y + 12), (x, y + 3)] if rising else [(x, y + 2), (x, y + 10)]
        pictures.append(Picture(pose, ("calf",), props, arrow, alt, keep=[(92.0, FLOOR)]))
    return pictures


def cat_and_camel():
    pictures = []
    for bow, nod, arrow, alt in [
        (
            6.0,
            55,
            [(51, 38), (51, 48)],
            "On hands and knees, side view, the back rounded up towards the ceiling "
            "and the head dropped. The arrow shows the back about to dip.",
        ),
        (
            -4.5,
            -58,
            [(51, 50), (51, 40)],
            "On hands and knees, the back dipped gently downwards and the head lifted "
            "to look ahead. The arrow shows the back rounding up again.",
        ),
    ]:
        pose = Pose((40.0, 62.5), lean=82, bow=bow, nod=nod)
        for which, shift in (("near", 0.0), ("far", 2.2)):
            knee_x = pose.hip[0] + shift
            pose.leg(which, pointed((knee_x - SHIN * U, FLOOR - 2.8), 172), knee_toward=(0.4, 1.0))
            shoulder = pose.shoulder(which)
            pose.arm(which, (shoulder[0] + shift, FLOOR - 1.2), elbow_toward=(-1, 0), hand=(1.0, 0.0))
        pictures.append(Picture(pose, ("back",), [floor], arrow, alt))
    return pictures


SCENES = {
    "Split squat": split_squat,
    "Single-leg calf raise": single_leg_calf_raise,
    "Glute bridge": glute_bridge,
    "Side-lying hip abduction": side_lying_hip_abduction,
    "Wall sit": wall_sit,
    "Side plank": side_plank,
    "Step-up": step_up,
    "Banded side step": banded_side_step,
    "Bent-knee calf raise": bent_knee_calf_raise,
    "Cat and camel": cat_and_camel,
}


def drawings(name: str) -> list[tuple[bytes, str]]:
    """The start and end position of a library exercise, as (PNG, alt text) pairs, in one frame."""
    pictures = SCENES[name]()
    shown = frame(pictures)
    return [(picture.png(shown), picture.alt) for picture in pictures]


# --- Giving the library its pictures --------------------------------------------------------------------------------


def give_pictures():
    """Give each library exercise that has no pictures yet its two drawings, matched by name; return the names
    of those given them. An exercise the clinician has given pictures of their own, or renamed, is left alone.
    Safe to run again, and at the same time as another run: each exercise is locked while it is checked."""
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils.text import slugify

    from care.models import Exercise, ExerciseImage

    given = []
    for name in SCENES:
        with transaction.atomic():
            exercise = Exercise.objects.select_for_update().filter(name=name).first()
            if exercise is None or exercise.images.exists():
                continue
            for order, (png, alt) in enumerate(drawings(name)):
                image = ExerciseImage(exercise=exercise, alt=alt, display_order=order)
                position = ("start", "end")[order]
                image.image.save(f"{slugify(name)}-{position}.png", ContentFile(png), save=False)
                image.save()
        given.append(name)
    return given
