"""Read-only reference data loaded from the files in `data/` (see data/README.md)."""

from typing import ClassVar

from django.db import models
from django.db.models.functions import Length
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from corridor.names.uzbek import uzbek_to_cyrillic


def _localised(obj: models.Model, field: str) -> str:
    """The name in the reader's language and script when we have it. Uzbek Cyrillic is
    written from the Uzbek (Latin) name. Readers of a Cyrillic language without its own name
    (Tajik, Kyrgyz), and Uzbek readers of a place without an Uzbek name, get the Russian name,
    as the corridor's official texts write them, rather than the ISO transliteration; English
    readers get the English (ISO) name."""
    language = get_language() or "en"
    if language == "uz-cyrl":
        uzbek = getattr(obj, f"{field}_uz", "")
        if uzbek:
            return uzbek_to_cyrillic(uzbek)
    own = getattr(obj, f"{field}_{language[:2]}", "")
    if own:
        return own
    if language != "en":
        russian = getattr(obj, f"{field}_ru", "")
        if russian:
            return russian
    return getattr(obj, f"{field}_en")


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    alpha_3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    name_uz = models.CharField(_("name (Uzbek)"), max_length=120, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class Region(models.Model):
    """A first-level subdivision (ISO 3166-2) of a corridor country."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="regions"
    )
    type = models.CharField(_("type"), max_length=60)
    name_en = models.CharField(_("name (ISO)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    name_uz = models.CharField(_("name (Uzbek)"), max_length=120, blank=True)
    # Russian names of Tajik and Kyrgyz regions still need checking against official texts.
    is_name_ru_verified = models.BooleanField(_("Russian name verified"), default=True)

    class Meta:
        ordering = ["country", "name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class Language(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True, help_text="ISO 639-1")
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_ru = models.CharField(_("name (Russian)"), max_length=80, blank=True)
    name_uz = models.CharField(_("name (Uzbek)"), max_length=80, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class IscoLevel(models.IntegerChoices):
    MAJOR = 1, _("major group")
    SUB_MAJOR = 2, _("sub-major group")
    MINOR = 3, _("minor group")
    UNIT = 4, _("unit group")


class IscoGroupQuerySet(models.QuerySet["IscoGroup"]):
    def unit_groups(self) -> "IscoGroupQuerySet":
        return self.filter(level=IscoLevel.UNIT)

    def search(self, text: str) -> "IscoGroupQuerySet":
        """Groups whose code starts with `text`, or whose title contains it (any case, any language).

        Titles are few (619), so folding case in Python keeps SQLite's ASCII-only LIKE out of it.
        """
        text = text.strip()
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(code__startswith=text).order_by(Length("code"), "code")
        needle = text.casefold()
        codes = [
            code
            for code, en, ru in self.values_list("code", "title_en", "title_ru")
            if needle in en.casefold() or needle in ru.casefold()
        ]
        return self.filter(code__in=codes).order_by("-level", "code")


class IscoGroup(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=IscoLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian, OKZ)"), max_length=300, blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    # Flags carried from the source files: administrators see them, nothing hides them.
    is_title_ru_verified = models.BooleanField(_("Russian title verified"), default=False)
    is_title_ru_possibly_truncated = models.BooleanField(
        _("Russian title may be cut short"), default=False
    )

    objects: ClassVar[IscoGroupQuerySet] = IscoGroupQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO-08 group")
        verbose_name_plural = _("ISCO-08 groups")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _localised(self, "title")
