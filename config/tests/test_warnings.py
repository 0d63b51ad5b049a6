"""pytest.ini turns deprecation warnings into errors: Django's own, and any raised from our code.

Each warning is raised as if from the module named, which is what the filters in pytest.ini match."""

import warnings

import pytest
from django.utils.deprecation import RemovedInDjango70Warning, RemovedInNextVersionWarning


def warn_from(module, category):
    exec("warnings.warn('x', category)", {"__name__": module, "warnings": warnings, "category": category})


OUR_MODULES = [
    "config.settings",
    "core.pagecache",
    "clinic.hours",
    "blog.models",
    "bookings.tests.test_flow",
    "care.views",
]


@pytest.mark.parametrize("module", OUR_MODULES)
@pytest.mark.parametrize("category", [DeprecationWarning, PendingDeprecationWarning])
def test_a_deprecation_warning_from_our_code_fails_the_test(module, category):
    with pytest.raises(category):
        warn_from(module, category)


@pytest.mark.parametrize("category", [RemovedInNextVersionWarning, RemovedInDjango70Warning])
def test_a_django_deprecation_warning_fails_the_test_whoever_triggers_it(category):
    with pytest.raises(category):
        warn_from("crispy_forms.helper", category)


@pytest.mark.parametrize("module", ["markdown.core", "bookingsystem", "clinical", "careers"])
def test_a_deprecation_warning_from_another_package_is_only_reported(module):
    with warnings.catch_warnings(record=True) as caught:  # keeps pytest.ini's filters, unlike pytest.warns
        warn_from(module, DeprecationWarning)
    assert [warning.category for warning in caught] == [DeprecationWarning]
