"""The person every exercise drawing shows (`care.drawings`): joints placed with fixed bone lengths, and the outlines
built on them, seen from the side or the front."""

import math
from dataclasses import dataclass, field

from care.drawings.geometry import U, add, heading, reach, tube, turn, unit
from core.drawing import FILL, FINE, PAPER, TEAL, mix
from core.drawing import front as left_of

WIDTH, HEIGHT, GRID = 800, 600, 120  # 4:3, two across the programme page's exercise
SUPERSAMPLE = 3  # long curved outlines: drawn at three times the size, so they reduce smoothly
FLOOR = 82.0

# Bone lengths, in U.
TORSO, NECK_TO_HEAD = 30.0, 12.5  # neck's base to the hip joints; neck's base to the middle of the skull
SHOULDER_DROP, SHOULDER_HALF, HIP_HALF = 3.0, 9.5, 5.5  # the shoulder joint below the neck's base; half widths
UPPER_ARM, FOREARM, HAND = 18.5, 15.0, 10.0
THIGH, SHIN = 24.5, 24.5
ANKLE_UP, HEEL_BACK, FOOT = 4.5, 4.0, 15.0  # ankle above the sole and ahead of the heel's back; heel to toe
BALL = 0.72  # how far along the sole the ball of the foot is

FAR_LINE = mix(TEAL, PAPER, 0.55)  # the far limbs: a paler outline over a fill nearer the paper
FAR_FILL = mix(FILL, PAPER, 0.55)


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
        """Draw the person; `highlight`: the muscles to colour, each a function of (person, canvas) drawn over the
        body before its contours (`scene.MUSCLES`)."""
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
        for muscle in highlight:
            muscle(self, c)
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
