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

from care.drawings.exercises import SCENES, drawings, give_pictures

__all__ = ["SCENES", "drawings", "give_pictures"]
