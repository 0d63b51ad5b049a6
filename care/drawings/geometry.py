"""Plane geometry for the exercise drawings (`care.drawings`): points and vectors as (x, y) pairs on the picture's
grid, y downwards."""

import math

from core.drawing import curve
from core.drawing import front as left_of

U = 0.64  # a hundredth of the person's height (64 grid units tall, in every picture): the unit of body sizes


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
