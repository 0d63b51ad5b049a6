"""The public page cache: behaviour that mutation testing found unguarded (docs/mutation.md)."""

from core.pagecache import fingerprint


def test_the_fingerprint_changes_with_a_templates_words_or_name_but_not_with_other_files(tmp_path):
    app = tmp_path / "app"
    (app / "templates").mkdir(parents=True)
    page = app / "templates" / "page.html"
    page.write_text("<p>Open today</p>")
    first = fingerprint([app])
    (app / "notes.md").write_text("not part of any page")
    assert fingerprint([app]) == first
    page.write_text("<p>Closed today</p>")
    changed = fingerprint([app])
    assert changed != first
    page.rename(app / "templates" / "other.html")
    assert fingerprint([app]) not in (first, changed)
    assert len(first) == 12
