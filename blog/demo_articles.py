"""Demo articles, written for this project. Markdown, in the clinic's article format."""

KNEE_PAIN = """\
You've bought new trainers. You've switched from roads to trails. The knee still aches by mile four.
Here's the thing: the surface under your feet is rarely the real problem. How much you run, how quickly
you added it, and how well your legs cope with the load usually matter far more.

I see this every week in clinic. This guide walks through the usual suspects behind knee pain in runners,
what actually helps, and when it's time to have it looked at properly.

## The likely culprits

Most running knee pain falls into a handful of patterns:

- **IT band syndrome** – a sharp pain on the outside of the knee that tends to arrive at the same point
  in every run, often worse on downhills.
- **Patellofemoral pain syndrome** – a dull ache around or behind the kneecap, grumpy on stairs, squats
  and after sitting for a long time.
- **Patellar tendinopathy** – pain just below the kneecap, stiff at the start of a run, easing as you
  warm up, then worse the next morning.
- **Quadriceps tendinopathy** – similar, but just above the kneecap; common in runners who have added
  hills or speed work.
- **General overload** – no single structure to blame: the knee has simply been asked to do more than it
  was ready for.

[image: knee-culprits]

## Why new trainers help, but won't fix it

Trainers matter. A shoe that feels comfortable, suits your foot and isn't worn flat can take the edge off
a sore knee, and I'd never tell anyone to run in a pair they hate. But a shoe changes how load reaches the
knee a little; it doesn't change how much load there is, or how well your legs cope with it. If the
mileage jumped, the hills arrived or the strength work stopped, the knee will still complain in the new
pair. I treat a shoe change as a helpful tweak, not the plan.

## The muscles that matter, and why

Every stride lands roughly two to three times your body weight through the leg. Your muscles decide how
much of that the knee has to soak up:

- **Glutes** – they stop the thigh dropping inwards as you land. When they tire, the knee drifts in and
  the front and outside of the knee take more strain.
- **Hamstrings** – they slow the lower leg as it swings through and share the work of the knee at
  landing; weak or tired hamstrings leave more of it to the front of the knee.
- **Calves** – the most underrated. The calf and Achilles handle a huge share of each stride; when they
  fatigue, the work moves up the chain to the knee.
- **Quads** – they control how the knee bends as you land and are the main shock absorber for the
  kneecap and its tendons. Strong quads make downhills, stairs and late-race miles far kinder.

## What actually helps

### 1. Strength training

Stronger muscles absorb more of the load that would otherwise land on the knee. Two or three short
sessions a week make a real difference within six to eight weeks.

- **Split squats** – 3 sets of 8–10 per leg, slow on the way down.
- **Single-leg calf raises** – 3 sets of 12–15, knee straight then slightly bent.
- **Side-lying hip abduction or banded side steps** – 3 sets of 15.
- **Spanish squats or wall sits** – 4 holds of 30–45 seconds; often soothing for tendon pain.
- Aim for **2–3 times a week**, on easy days or after easy runs, not before a session.

### 2. Targeted mobility

Mobility won't fix a load problem on its own, but it helps you move well enough to train.

- Gentle hip flexor and quad stretches after runs.
- Ankle dorsiflexion drills (knee-to-wall) if your ankles are stiff.
- Foam rolling the quads and calves if it makes the next run feel better – skip it if it doesn't.

### 3. Smarter load progression

The most common trigger is doing too much, too soon.

- Increase weekly distance gradually, and hold it steady for a week every so often.
- Change one thing at a time: distance, hills, speed or surface – not all four.
- Keep painful runs short and easy; pain up to about 3 out of 10 that settles by the next morning is
  usually acceptable.
- Swap one run for cycling or swimming while things settle, rather than stopping altogether.

[image: load-week]

### 4. Better running mechanics

Small changes in how you run can shift load away from an irritated knee.

- A slightly quicker step rate – a cadence of around **170–180 steps per minute** suits many runners;
  start by adding 5% to your current cadence.
- Land with your foot closer to underneath you rather than reaching out in front.
- Run tall and relaxed; let your arms swing forwards and back, not across your body.
- Lean slightly forwards **from the ankles**, not the waist: think of your whole body tipping as one
  straight line. Bending at the hips puts the brakes on each stride and loads the front of the knee;
  a gentle lean from the ankles lets your feet land under you.

Change one thing at a time, on easy runs, and give it a few weeks before judging it.

### 5. Recovery is training too

Strength and load only pay off if your body gets the chance to adapt.

- **Sleep** is when tissue repairs. A run of short nights makes a sore knee more sensitive and slower
  to settle; seven hours or more is a sensible target.
- **Stress** from work and life counts. A heavy week at the desk is a good week to hold your mileage,
  not to add to it.
- **Keep the strength work going through race preparation.** It's the first thing people drop when the
  long runs get longer, and the knee often flares in the final weeks as a result. Cut it to one or two
  shorter sessions a week during the build and taper; don't stop it.

## When to get it checked

Book an assessment if:

- the pain has lasted more than two or three weeks despite cutting back;
- the knee swells, locks, clicks painfully or gives way;
- pain wakes you at night or is there when you're resting;
- you're limping, or changing how you run to avoid it;
- you have a race coming up and want a plan you can trust.

## What a consult gives you

When you come in with a sore knee, I'll:

- listen to how it started and look at your training over the weeks before it did;
- test how your hips, knees, ankles and the muscles above work, on one leg as well as two;
- watch you move, and run if it's useful;
- explain what's most likely going on, in plain English, and what isn't;
- give you a few exercises that fit your week, and clear rules for how much running to keep and when to
  build it back up.

You leave with a plan, not just a diagnosis, and you know what progress should look like.

## Final thoughts

Knee pain when running is common, and most of it gets better with the right mix of strength, sensible
load, recovery and a few tweaks to technique. The pavement and your trainers are rarely the villains –
how your training is put together usually is.

[book: knee]
"""

SHIN_SPLINTS = """\
Shin pain is one of the classic early-season complaints: the new-year runner, the footballer back for
pre-season, the parkrun regular training for a first half marathon. The good news is that most of it
responds well to sensible changes. The important thing is telling ordinary shin pain apart from a bone
stress injury.

## What "shin splints" usually means

The term covers a few different problems:

- **Medial tibial stress syndrome** – a diffuse ache along the inner edge of the shin bone, usually over
  a stretch of several centimetres.
- **Bone stress injury** – pain focused on one small spot you can press with a fingertip, often worse
  with every run and sometimes when walking.
- **Exertional compartment pain** – tightness or burning in the muscles that builds during a run and
  settles soon after stopping.

## What helps

### 1. Reduce the load, don't stop moving

- Cut weekly running by a third to a half, and remove hills and speed work for now.
- Keep fitness with cycling, swimming or the cross-trainer.
- Build back up over three to four weeks once runs are comfortable.

### 2. Strengthen the lower leg

- **Calf raises** – straight and bent knee, 3 sets of 15, building to single-leg.
- **Tibialis raises** – lean against a wall and lift your toes, 3 sets of 20.
- **Hopping drills** – only once walking and easy runs are pain-free.

[image: shin-strength]

### 3. Check your week, not just your shoes

- Look at how quickly your running went up in the last month.
- Sleep, nutrition and overall energy intake matter for bone health.
- Trainers that are comfortable are the right trainers; no shoe replaces a sensible plan.

## When to get it checked

See someone promptly if the pain is in one precise spot, if it hurts to hop on that leg, if it hurts at
night or when walking, or if it hasn't settled after two weeks of reduced running. A suspected bone
stress injury needs the right plan early.

## Final thoughts

Most shin pain is the body asking for a slower build. Respect it early and you'll lose days, not months.

[book]
"""

ACHILLES = """\
The Achilles tendon is the strongest tendon in the body, and in runners it works hard: several times
your body weight passes through it with every stride. When it gets irritated, it tends to announce it
first thing in the morning.

## Signs it's your Achilles

- Stiffness at the back of the heel or lower calf for the first few steps out of bed.
- Pain at the start of a run that eases once warm, then returns afterwards.
- A tender, sometimes thickened, area in the tendon itself or where it attaches to the heel.

## What helps

### 1. Load the tendon – gradually

Tendons respond to load. Resting completely rarely fixes them.

- **Isometric holds** – stand on both feet, rise halfway onto your toes and hold for 30–45 seconds,
  4–5 times. Useful on sore days.
- **Heavy slow calf raises** – 3 sets of 8–12, three seconds up and three seconds down, progressing to
  single-leg and then adding weight.
- Do the strength work **3 times a week**, with a rest day in between.

[image: heel-raise]

### 2. Keep running, within limits

- Flat routes and easy pace while it's irritable.
- Pain during running up to about 3 out of 10 is usually acceptable if it settles by the next morning.
- Hills, spikes and track sessions come back last.

### 3. Watch the sneaky changes

- A sudden switch to lower-drop shoes or racing flats.
- A jump in hill work or speed sessions.
- Stretching hard into the tendon when it's sore can aggravate insertional pain.

## When to get it checked

If you felt a sudden snap or felt as if someone kicked you in the back of the leg, get seen the same
day. Otherwise, book an assessment if morning stiffness is getting worse week on week, or if it hasn't
improved after three weeks of sensible loading.

## Final thoughts

Achilles problems reward patience and steady, progressive strength work. Start early and keep going
for longer than feels necessary: tendons adapt slowly.

[book: ankle-foot]
"""

FIRST_10K = """\
Whether it's your first 10K or your tenth, the weeks before a race are when niggles like to appear.
Most of them come from the same place: doing a little too much, a little too soon. Here's how to build
towards race day and arrive fresh rather than frayed.

## Build gradually

- Raise your weekly distance in small steps, and every third or fourth week hold it steady or ease off.
- Add one longer run a week, building it towards 12–14 km.
- Keep most of your running easy enough to hold a conversation.

## Strength twice a week

Twenty minutes is enough:

1. **Split squats** – 3 sets of 8 per leg.
2. **Single-leg calf raises** – 3 sets of 12 per leg.
3. **Glute bridges** – 3 sets of 12, progressing to single-leg.
4. **Side plank** – 3 holds of 20–30 seconds per side.

[image: race-plan]

## Taper, then trust it

- Reduce your running by about a third in the final week, but keep a few short faster efforts.
- Nothing new on race day: not the shoes, not the breakfast, not the gels.
- Warm up with ten minutes of easy jogging and a few strides.

## When to get it checked

If something has hurt for more than two weeks, or it's making you change how you run, get it looked at
before race day rather than after. A few weeks' notice leaves time to fix it.

## Final thoughts

The best race plan is the one you can follow without getting hurt. Consistent, moderate training beats
heroic weeks every time.

[book]
"""

ARTICLES = [
    {
        "slug": "knee-pain-when-running",
        "title": "Knee Pain When Running? Stop Blaming the Pavement (or Your Trainers)",
        "summary": (
            "Why knees hurt on the run, the five usual culprits, and the strength, load and technique "
            "changes that get most runners back to pain-free miles."
        ),
        "categories": ["Knee", "Running technique", "Strength"],
        "body": KNEE_PAIN,
        "days_ago": 3,
        "hero": (
            "knee-hero",
            "A bent running leg drawn in teal, the knee ringed in orange, over an orange-striped running track.",
        ),
        "images": [
            (
                "knee-culprits",
                (
                    "Diagram of a knee from the front with four points marked: above the kneecap (quadriceps "
                    "tendon), the outside (IT band), the kneecap itself, and below it (patellar tendon)."
                ),
                "Where it hurts is the first clue to what’s irritated.",
            ),
            (
                "load-week",
                (
                    "Bar chart of weekly distance over five weeks: it rises for three weeks, holds the same in "
                    "week 4 (in orange), then rises again."
                ),
                "Build, hold, then build again.",
            ),
        ],
    },
    {
        "slug": "shin-splints-what-runners-should-know",
        "title": "Shin Splints: What Runners Should Know Before Pushing Through",
        "summary": (
            "Shin pain is common when training ramps up. How to tell the ordinary kind from a bone stress "
            "injury, and the changes that settle it."
        ),
        "categories": ["Shin and calf", "Running technique"],
        "body": SHIN_SPLINTS,
        "days_ago": 12,
        "hero": (
            "shin-hero",
            "Two legs mid-stride drawn in teal over an orange-striped running track, the shins marked in orange.",
        ),
        "images": [
            (
                "shin-strength",
                "A lower leg from the side, the heel lifted off the floor and an arrow pointing up: a calf raise.",
                "Calf and shin strength spreads the load.",
            ),
        ],
    },
    {
        "slug": "achilles-pain-in-runners",
        "title": "Achilles Pain in Runners: Load It, Don’t Rest It",
        "summary": (
            "Morning stiffness at the back of the heel? Why Achilles tendons respond to steady loading, and a "
            "simple plan to follow."
        ),
        "categories": ["Ankle and foot", "Strength"],
        "body": ACHILLES,
        "days_ago": 26,
        "hero": (
            "achilles-hero",
            "A lower leg and heel from the side, the Achilles tendon marked in orange down the back of the leg.",
        ),
        "images": [
            (
                "heel-raise",
                "A foot with its ball on the edge of a step, the heel lifted and an arrow pointing up: a heel raise.",
                "Slow, heavy and steady.",
            ),
        ],
    },
    {
        "slug": "training-for-your-first-10k-without-injury",
        "title": "Training for Your First 10K Without Getting Injured",
        "summary": "How to build up, what strength work to add, and how to taper so you reach race day fresh.",
        "categories": ["Running technique", "Strength"],
        "body": FIRST_10K,
        "days_ago": 40,
        "hero": ("tenk-hero", "A road winding towards a finish arch, drawn in teal and orange."),
        "images": [
            (
                "race-plan",
                (
                    "Bar chart of eight weeks of training: distance rises, dips in week 4, rises to week 7 and "
                    "is lower in race week (in orange)."
                ),
                "Easy weeks are part of the plan.",
            ),
        ],
    },
]
