from django.contrib import admin

from corridor.reference.models import Country, IscoGroup, Language, Region


@admin.register(IscoGroup)
class IscoGroupAdmin(admin.ModelAdmin):
    # Unverified and possibly truncated Russian titles stay visible to administrators.
    list_display = [
        "code",
        "level",
        "title_en",
        "title_ru",
        "is_title_ru_verified",
        "is_title_ru_possibly_truncated",
    ]
    list_filter = ["level", "is_title_ru_verified", "is_title_ru_possibly_truncated"]
    search_fields = ["code", "title_en", "title_ru"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "country", "name_en", "name_ru", "name_uz", "is_name_ru_verified"]
    list_filter = ["country", "is_name_ru_verified"]


admin.site.register(
    Country,
    list_display=["code", "alpha_3", "name_en", "name_ru"],
    search_fields=["code", "name_en", "name_ru"],
)
admin.site.register(Language, list_display=["code", "name_en", "name_ru", "name_uz"])
