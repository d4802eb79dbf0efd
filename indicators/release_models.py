"""Dataset releases: frozen, immutable snapshots of everything published (issue 10, part 4).

Imported by ``indicators.models``: the models belong to the indicators app. A release, its
files and its snapshot records are written once, by ``indicators.services.release_cut``,
and never changed: ``save()`` of an existing row, ``delete()``, ``QuerySet.update()`` and
``QuerySet.delete()`` raise ``ReleaseImmutable``, and a PostgreSQL trigger (migration
0011) rejects every UPDATE and DELETE on the three tables whatever code sends it.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

VERSION_REGEX = r"^[0-9]{4}\.[1-9][0-9]{0,3}$"


class ReleaseImmutable(Exception):
    """A release, its files and its records are never changed or deleted."""

    def __init__(self, what: str = "row"):
        super().__init__(f"Dataset releases are immutable: a {what} cannot be changed or deleted.")


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ReleaseImmutable(self.model._meta.model_name)

    def delete(self):
        raise ReleaseImmutable(self.model._meta.model_name)

    def _raw_delete(self, using):
        raise ReleaseImmutable(self.model._meta.model_name)


class ImmutableModel(models.Model):
    """Rows written once: created, then never saved again nor deleted."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReleaseImmutable(self._meta.model_name)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseImmutable(self._meta.model_name)


class Release(ImmutableModel):
    """One cut of the published data: ``2027.1``, with its notes, changes and citation."""

    version = models.CharField(
        _("version"),
        max_length=9,
        unique=True,
        validators=[
            RegexValidator(
                VERSION_REGEX,
                _("A release version is a year and a number from 1: 2027.1, 2027.2…"),
            )
        ],
        help_text=_("Year and number, e.g. 2027.1."),
    )
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("release notes"), blank=True)
    changes = models.JSONField(
        _("what changed since the previous release"), default=dict, blank=True
    )
    changes_text = models.TextField(_("what changed, as text"), blank=True)
    cut_at = models.DateTimeField(_("cut at"))
    cut_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cut by"),
    )
    methodology_versions = models.JSONField(_("methodology versions in force"), default=list)
    is_sample = models.BooleanField(_("sample release"), default=False)
    citation_text = models.TextField(_("citation"))
    citation_bibtex = models.TextField(_("BibTeX"))
    citation_csl = models.JSONField(_("CSL-JSON"))

    class Meta:
        ordering = ["-cut_at", "-pk"]
        verbose_name = _("dataset release")
        verbose_name_plural = _("dataset releases")
        constraints = [
            models.CheckConstraint(
                condition=Q(version__regex=VERSION_REGEX), name="release_version_year_number"
            )
        ]

    def __str__(self):
        return self.version

    def get_absolute_url(self):
        return reverse("public:release_detail", kwargs={"version": self.version})


class ReleaseFile(ImmutableModel):
    """One file of a release (a CSV, the README, a citation, the MANIFEST, the ZIP)."""

    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="files", verbose_name=_("release")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    media_type = models.CharField(_("media type"), max_length=100)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        ordering = ["release", "position"]
        verbose_name = _("release file")
        verbose_name_plural = _("release files")
        constraints = [
            models.UniqueConstraint(fields=["release", "name"], name="release_file_name_unique")
        ]

    def __str__(self):
        return f"{self.release_id}: {self.name}"


class ReleaseRecord(ImmutableModel):
    """One JSON item of an API list, exactly as an anonymous client got it at the cut."""

    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="records", verbose_name=_("release")
    )
    resource = models.CharField(_("resource"), max_length=50)
    position = models.PositiveIntegerField(_("position"))
    # The path of the item's own ``url`` in lower case (its detail); empty if it has none.
    key = models.CharField(_("lookup key"), max_length=300, blank=True)
    country = models.CharField(_("country ISO3"), max_length=3, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    data = models.JSONField(_("item"))

    class Meta:
        ordering = ["release", "resource", "position"]
        verbose_name = _("release record")
        verbose_name_plural = _("release records")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "resource", "position"], name="release_record_position_unique"
            )
        ]
        indexes = [
            models.Index(fields=["release", "resource", "key"], name="release_record_key"),
            models.Index(
                fields=["release", "resource", "country", "year"], name="release_record_filter"
            ),
        ]

    def __str__(self):
        return f"{self.release_id}: {self.resource} #{self.position}"
