"""Logins, logouts, failed logins and lock-outs go to the audit log.

Django announces these through its auth signals (django-axes its lock-outs); recording them
there is the one place every login path (pages, admin) passes, and it records, it does not
steer.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from corridor.accounts.models import User
from corridor.core import audit
from corridor.core.models import AuditAction


def _on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record(
        actor=audit.Actor(user=user, ip_address=audit.client_ip(request)),
        action=AuditAction.LOGIN,
        obj=user,
    )


def _on_logout(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if user is not None:
        audit.record(
            actor=audit.Actor(user=user, ip_address=audit.client_ip(request)),
            action=AuditAction.LOGOUT,
            obj=user,
        )


def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The credentials dict is already cleansed by Django; keep only the name that was tried.
    tried = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit.record(
        actor=audit.Actor(user=None, ip_address=audit.client_ip(request) if request else None),
        action=AuditAction.LOGIN_FAILED,
        actor_label=tried,
    )


def _on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    # django-axes paused signing in for this account or this address (settings.AXES_*).
    audit.record(
        actor=audit.Actor(user=None, ip_address=ip_address),
        action=AuditAction.LOGIN_FAILED,
        actor_label=str(username or "")[:254],
        changes={"locked_out": True},
    )


def username_tried(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt names, as django-axes counts it: e-mail addresses are
    stored in lower case, so "Admin@X" and "admin@x" are one account's attempts."""
    if credentials:
        tried = credentials.get("username") or credentials.get("email")
    else:
        tried = request.POST.get("username")
    return str(tried or "").strip().lower()


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="corridor_audit_login")
    user_logged_out.connect(_on_logout, dispatch_uid="corridor_audit_logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="corridor_audit_login_failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="corridor_audit_locked_out")
