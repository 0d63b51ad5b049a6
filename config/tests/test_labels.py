"""The net that finds unnamed admin inputs must be able to find one: each way of naming an input, and each way not."""

import pytest

from config.tests.labels import unnamed_inputs


@pytest.mark.parametrize(
    ("html", "unnamed"),
    [
        ('<input name="a" id="id_a">', ["a"]),
        ('<fieldset><legend>Video</legend><input type="file" name="video" id="id_video"></fieldset>', ["video"]),
        ('<select name="s" id="id_s"></select><textarea name="t"></textarea>', ["s", "t"]),
        ('<label for="id_a">A</label><input name="a" id="id_a">', []),
        ('<input name="a" id="id_a"><label for="id_a">A, after it</label>', []),
        ('<label>A <input name="a"></label>', []),
        ('<input name="a" aria-label="A"><input name="b" aria-labelledby="x">', []),
        ('<input type="hidden" name="h"><input type="submit" name="go"><input type="button" value="x">', []),
    ],
    ids=[
        "bare",
        "legend-only",
        "select-and-textarea",
        "label-for",
        "label-after",
        "label-around",
        "aria",
        "unnamed-kinds",
    ],
)
def test_an_input_is_named_only_by_a_label_or_aria(html, unnamed):
    assert unnamed_inputs(html) == unnamed
