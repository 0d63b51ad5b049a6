"""Every input on an admin page named for a screen reader (axe's "label" rule), in one place.

Two kinds of input have no label of their own in Django's admin: an input in a table (an inline's rows, an editable
list's rows), whose column heading names it for the eye only; and a file input or a two-box multiple choice, which
Django renders in a fieldset whose legend does not name the input. Each gets an `aria-label`: "Picture 2:
Description", "Pain in the knee: Order", "Video". The clinic's admin site applies `NamedInputsAdmin` to every model it
registers (config/admin.py); inlines with tables use `RowLabelledFormSet`."""

from django import forms
from django.forms.models import BaseInlineFormSet


def name_inputs(form, row: str) -> None:
    for field in form.fields.values():
        widget = getattr(field.widget, "widget", field.widget)  # inside admin's add/change links wrapper
        widget.attrs.setdefault("aria-label", f"{row}: {field.label}")


def legend_only(widget) -> bool:
    """A widget Django's admin puts in a fieldset whose legend names no input: a file, a two-box multiple choice."""
    widget = getattr(widget, "widget", widget)
    return getattr(widget, "use_fieldset", False) and isinstance(widget, (forms.FileInput, forms.SelectMultiple))


class RowLabelledFormSet(BaseInlineFormSet):
    """An inline's inputs named with their row ("Picture 2: Description", "New picture: Image")."""

    row_name = "Row"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name_inputs(form, f"New {self.row_name.lower()}" if index is None else f"{self.row_name} {index + 1}")


class NamedInputsAdmin:
    """A ModelAdmin mixin: file and two-box inputs named by their field's label; an editable list's inputs named by
    their row's object."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and legend_only(formfield.widget):
            widget = getattr(formfield.widget, "widget", formfield.widget)
            widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)

        class RowNamed(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                name_inputs(form, str(form.instance))

        return RowNamed
