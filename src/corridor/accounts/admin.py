from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from corridor.accounts.models import ApiToken, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "country", "licence_number", "licence_valid_until", "is_active"]
    list_filter = ["type", "country", "is_active"]
    search_fields = ["name", "licence_number"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "phone", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "phone", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "phone", "password", "full_name", "language")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "user",
        "name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
