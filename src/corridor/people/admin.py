from django.contrib import admin

from corridor.people.models import StageRequirement, StageTransition


# The programme's stage rules: an administrator changes them here, each with its source.
@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    list_display = ["from_stage", "to_stage", "is_active", "source"]
    list_filter = ["is_active", "from_stage", "to_stage"]
    list_editable = ["is_active"]
    search_fields = ["source"]


@admin.register(StageRequirement)
class StageRequirementAdmin(admin.ModelAdmin):
    list_display = ["stage", "check_code", "is_active", "source"]
    list_filter = ["is_active", "stage", "check_code"]
    list_editable = ["is_active"]
    search_fields = ["source"]
