"""The body regions exercises are tagged with, and the starting exercise library, written for this site (the
strength work the demo articles name). Loaded by a migration; the clinician edits and adds to it in admin."""

REGIONS = [
    ("knee", "Knee"),
    ("hip", "Hip"),
    ("ankle-foot", "Ankle and foot"),
    ("back", "Back"),
    ("shoulder", "Shoulder"),
    ("neck", "Neck"),
    ("elbow-wrist", "Elbow and wrist"),
]

# name, regions, cues (one a line), description for screen readers
EXERCISES = [
    (
        "Split squat",
        ["knee", "hip"],
        "Stand tall, one foot a long stride ahead of the other.\nLower slowly until the back knee nearly "
        "touches the floor.\nKeep the front knee in line with the middle toes.\nPush up through the front heel.",
        "Standing in a long stride, the person bends both knees and lowers the body straight down until the back "
        "knee is just above the floor, then pushes back up through the front foot.",
    ),
    (
        "Single-leg calf raise",
        ["ankle-foot", "knee"],
        "Stand on one foot, a fingertip on a wall for balance.\nRise as high as you can onto the ball of the "
        "foot.\nLower slowly, taking about three seconds.\nDo the same with the knee slightly bent.",
        "Standing on one leg beside a wall, the person rises onto the ball of the foot so the heel lifts high, "
        "holds for a moment, then lowers the heel slowly back to the floor.",
    ),
    (
        "Glute bridge",
        ["hip", "back", "knee"],
        "Lie on your back, knees bent, feet flat and hip-width apart.\nSqueeze your buttocks and lift your hips "
        "until knees, hips and shoulders make a line.\nPause, then lower slowly.\nKeep your ribs down: don’t arch "
        "your lower back.",
        "Lying on the back with knees bent and feet on the floor, the person lifts the hips until the body makes a "
        "straight slope from shoulders to knees, pauses, and lowers the hips back down.",
    ),
    (
        "Side-lying hip abduction",
        ["hip", "knee"],
        "Lie on your side, bottom knee bent, top leg straight.\nLift the top leg a hand’s width or two, toes "
        "pointing forward.\nDon’t let your hips roll back.\nLower slowly.",
        "Lying on one side with the lower knee bent for balance, the person lifts the straight upper leg a short "
        "way towards the ceiling, keeping the toes facing forward, and lowers it slowly.",
    ),
    (
        "Wall sit",
        ["knee"],
        "Lean your back against a wall and slide down until your knees are bent to a comfortable angle.\nKeep "
        "your weight through your heels.\nBreathe steadily while you hold.\nStand up by sliding back up the "
        "wall.",
        "With the back flat against a wall and feet a little in front, the person slides down into a part-squat, "
        "as if sitting on an invisible chair, and holds still before sliding back up.",
    ),
    (
        "Side plank",
        ["hip", "back"],
        "Lie on your side, propped on your forearm, elbow under your shoulder.\nLift your hips so your body makes "
        "a straight line.\nStart from your knees if that’s enough.\nKeep breathing.",
        "Lying on one side and propped on a forearm, the person lifts the hips off the floor so the body is "
        "straight from head to feet (or to the knees), and holds.",
    ),
    (
        "Step-up",
        ["knee", "hip"],
        "Put one whole foot on a sturdy step.\nPush through that foot to stand up on the step.\nStep down slowly "
        "with the other foot.\nKeep the knee in line with the middle toes.",
        "Facing a step with one foot on it, the person straightens that leg to stand up on the step, then lowers "
        "the other foot slowly back to the floor.",
    ),
    (
        "Banded side step",
        ["hip", "knee"],
        "Put a light band around your legs just above the knees.\nBend your knees a little and sit your hips "
        "back.\nStep sideways, keeping tension in the band.\nGo the same number of steps back the other way.",
        "With a looped band around both legs above the knees and the knees slightly bent, the person takes small "
        "steps sideways, keeping the feet apart so the band stays tight.",
    ),
    (
        "Bent-knee calf raise",
        ["ankle-foot"],
        "Stand with the ball of your foot on the edge of a step, knee slightly bent.\nRise onto your toes, "
        "keeping the knee bend.\nLower slowly until your heel is just below the step.",
        "Standing with the front of one foot on a step edge and the knee softly bent, the person rises onto the "
        "toes and then lowers the heel slowly below the level of the step.",
    ),
    (
        "Cat and camel",
        ["back", "neck"],
        "Kneel on all fours, hands under shoulders and knees under hips.\nRound your back gently towards the "
        "ceiling, letting your head drop.\nThen let your back dip gently as you look ahead.\nMove slowly and only "
        "as far as is comfortable.",
        "On hands and knees, the person slowly arches the back upwards like a cat, then lets it sag gently "
        "downwards while lifting the head, moving smoothly between the two.",
    ),
]


def seed(BodyRegion, Exercise):  # noqa: N803 - the models, historical ones from a migration
    """Add the regions and exercises that are not there yet (by slug and name); change none that are."""
    regions = {}
    for order, (slug, name) in enumerate(REGIONS):
        regions[slug], _ = BodyRegion.objects.get_or_create(slug=slug, defaults={"name": name, "display_order": order})
    for name, region_slugs, cues, description in EXERCISES:
        exercise, created = Exercise.objects.get_or_create(
            name=name, defaults={"cues": cues, "description": description}
        )
        if created:
            exercise.regions.set([regions[slug] for slug in region_slugs])
