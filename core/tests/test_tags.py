"""core_tags: small template filters the apps share."""

import pytest

from core.templatetags.core_tags import breakable_email


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("stephen.lunt@restoresportsinjury.co.uk", "stephen.lunt@<wbr>restoresportsinjury<wbr>.co<wbr>.uk"),
        ("a@b", "a@<wbr>b"),
        ("no-at-sign", "no-at-sign"),
        ("<x>@example.com", "&lt;x&gt;@<wbr>example<wbr>.com"),
        ("", ""),
    ],
    ids=["clinic", "shortest", "not-an-address", "escaped", "empty"],
)
def test_an_email_address_breaks_after_the_at_and_before_dots_only(address, shown):
    assert breakable_email(address) == shown
