"""The site's words use typographic apostrophes and quotes (’ “ ”), as the top of site.css says: in the templates
and in the Python text a patient or the clinician reads (form errors, messages, email subjects, admin labels).
The browser walk in bookings/tests/test_e2e.py checks the rendered pages as well."""

import ast
import re
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
APPS = ["config", "core", "clinic", "blog", "bookings"]
STRAIGHT = re.compile(r"[A-Za-z]'[A-Za-z]")

# Text only a developer reads (an exception for a programming mistake, a management command's --help), and
# the demo articles' Markdown, which the renderer's smarty extension makes typographic.
FOR_DEVELOPERS = {"clinic/hours.py", "blog/management/commands/rerender_posts.py"}
MARKDOWN = {"blog/demo_articles.py"}


def docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


def straight_strings(source, *, markdown=False):
    """(line, text) of each string literal with a straight apostrophe, docstrings aside (and, in a module of
    Markdown, the multi-line article bodies)."""
    tree = ast.parse(source)
    skipped = set(map(id, docstrings(tree)))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
        if STRAIGHT.search(node.value) and not (markdown and "\n" in node.value)
    ]


def test_python_text_people_read_has_no_straight_apostrophe():
    found = [
        f"{name}:{line}: {text[:60]}"
        for app in APPS
        for path in sorted((BASE / app).rglob("*.py"))
        if not {"tests", "migrations"} & set(path.parts) and (name := str(path.relative_to(BASE))) not in FOR_DEVELOPERS
        for line, text in straight_strings(path.read_text(), markdown=name in MARKDOWN)
    ]
    assert found == []


def test_template_text_has_no_straight_apostrophe():
    # As Django's lexer reads them: a tag or {# comment #} spread over two lines is not one, and is shown as text.
    template_tags = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}")
    found = [
        f"{path.relative_to(BASE)}: {match.group()}"
        for root in [BASE / "templates", *(BASE / app / "templates" for app in APPS)]
        for path in sorted(root.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for match in STRAIGHT.finditer(template_tags.sub("", path.read_text()))
    ]
    assert found == []


def test_the_scan_finds_a_message_written_the_old_way_and_skips_docstrings():
    source = '"""The module\'s docstring."""\nMESSAGE = "That date can\'t be booked."\n'
    assert straight_strings(source) == [(2, "That date can't be booked.")]
