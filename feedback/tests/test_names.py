import pytest

from feedback.names import public_name


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ann Runner", "Ann R."),
        ("ann runner", "Ann R."),
        ("ANN RUNNER", "Ann R."),
        ("  Ann   Runner  ", "Ann R."),
        ("Ann", "Ann"),
        ("ann", "Ann"),
        ("Mary-Jane Smith-Jones", "Mary-Jane S."),
        ("mary-jane smith-jones", "Mary-Jane S."),
        ("Ann Marie Runner", "Ann R."),
        ("Dr Ann Runner", "Ann R."),
        ("Mrs. ann runner", "Ann R."),
        ("Ann O’Neill", "Ann O."),
        ("DeShawn McDonald", "DeShawn M."),
        ("Zoë ødegaard", "Zoë Ø."),
        ("Ann R.", "Ann R."),
        ("Ann -", "Ann"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_patient_is_shown_by_first_name_and_the_initial_of_their_surname(name, shown):
    assert public_name(name) == shown


def test_a_name_that_is_only_a_title_is_kept_rather_than_lost():
    assert public_name("Dr") == "Dr"
