"""Each library exercise's two positions (`care.drawings`), and giving the library its drawings."""

import math

from care.drawings.figure import (
    FLOOR,
    FOREARM,
    HIP_HALF,
    SHIN,
    THIGH,
    UPPER_ARM,
    Pose,
    U,
    add,
    flat,
    heading,
    on_ball,
    pointed,
    turn,
    unit,
)
from care.drawings.scene import (
    MAT_TOP,
    Picture,
    floor,
    frame,
    mat,
    step,
    wall,
)
from core.drawing import LINE, TEAL, TEAL_LIGHT, mix

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
