"""The exercise library's drawings, so `make run` shows them on a programme. Called by `seed_demo`."""

from care.drawings import SCENES, give_pictures


def seed(stdout):
    given = give_pictures()
    stdout.write(f"Exercise drawings: {len(given)} exercises given theirs, of {len(SCENES)} in the library.")
