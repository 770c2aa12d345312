from typing import Any

from django.http import HttpRequest

from corridor.accounts.roles import Permission


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the menu offers: computed from permissions, never from role names."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "workers": user.has_any_perm(Permission.VIEW_OWN_WORKERS)
            or user.has_any_perm(Permission.VIEW_SHARED_WORKERS),
            "register": user.has_any_perm(Permission.REGISTER_WORKERS),
            "duplicates": user.has_any_perm(Permission.CHANGE_WORKERS),
            "my_record": user.has_any_perm(Permission.VIEW_SELF),
            "organisations": user.has_any_perm(Permission.MANAGE_USERS),
            "audit": user.has_any_perm(Permission.VIEW_AUDIT),
            "occupation_review": user.has_any_perm(Permission.REVIEW_OCCUPATION_CODES),
            "training": user.has_any_perm(Permission.MANAGE_TRAINING),
            "programmes": user.has_any_perm(Permission.MANAGE_PROGRAMMES)
            or user.has_any_perm(Permission.VIEW_AGGREGATES),
            "dashboards": user.has_any_perm(Permission.VIEW_AGGREGATES),
            "referrals": user.has_any_perm(Permission.SEND_REFERRALS)
            or user.has_any_perm(Permission.HANDLE_REFERRALS),
            "groups": user.has_any_perm(Permission.MANAGE_GROUPS),
            "complaints": user.has_any_perm(Permission.HANDLE_COMPLAINTS),
            "vacancies": user.has_any_perm(Permission.VIEW_ALL_VACANCIES)
            or user.has_any_perm(Permission.MANAGE_VACANCIES),
        }
    }
