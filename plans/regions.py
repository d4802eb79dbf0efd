"""UN M49 region and sub-region names in the reader's language.

Countries store the English M49 names (the reference data's spelling, used in URLs and
filters); people read these labels, the names the UN Statistics Division publishes in
French and Spanish.
"""

from django.utils.translation import pgettext_lazy

M49_LABELS = {
    "Africa": pgettext_lazy("M49 region", "Africa"),
    "Americas": pgettext_lazy("M49 region", "Americas"),
    "Asia": pgettext_lazy("M49 region", "Asia"),
    "Europe": pgettext_lazy("M49 region", "Europe"),
    "Oceania": pgettext_lazy("M49 region", "Oceania"),
    "Eastern Africa": pgettext_lazy("M49 region", "Eastern Africa"),
    "Middle Africa": pgettext_lazy("M49 region", "Middle Africa"),
    "Northern Africa": pgettext_lazy("M49 region", "Northern Africa"),
    "Southern Africa": pgettext_lazy("M49 region", "Southern Africa"),
    "Western Africa": pgettext_lazy("M49 region", "Western Africa"),
    "Caribbean": pgettext_lazy("M49 region", "Caribbean"),
    "Central America": pgettext_lazy("M49 region", "Central America"),
    "Northern America": pgettext_lazy("M49 region", "Northern America"),
    "South America": pgettext_lazy("M49 region", "South America"),
    "Central Asia": pgettext_lazy("M49 region", "Central Asia"),
    "Eastern Asia": pgettext_lazy("M49 region", "Eastern Asia"),
    "South-eastern Asia": pgettext_lazy("M49 region", "South-eastern Asia"),
    "Southern Asia": pgettext_lazy("M49 region", "Southern Asia"),
    "Western Asia": pgettext_lazy("M49 region", "Western Asia"),
    "Eastern Europe": pgettext_lazy("M49 region", "Eastern Europe"),
    "Northern Europe": pgettext_lazy("M49 region", "Northern Europe"),
    "Southern Europe": pgettext_lazy("M49 region", "Southern Europe"),
    "Western Europe": pgettext_lazy("M49 region", "Western Europe"),
    "Australia and New Zealand": pgettext_lazy("M49 region", "Australia and New Zealand"),
    "Melanesia": pgettext_lazy("M49 region", "Melanesia"),
    "Micronesia": pgettext_lazy("M49 region", "Micronesia"),
    "Polynesia": pgettext_lazy("M49 region", "Polynesia"),
}


def m49_label(name: str):
    """The words for a stored M49 region or sub-region name; an unknown name as it is."""
    return M49_LABELS.get(name, name)
