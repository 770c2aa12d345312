"""The public certificate check, mounted at /verify/: no login, rate-limited."""

from django.urls import path

from corridor.training import views

app_name = "verify"

urlpatterns = [path("<str:code>/", views.verify_view, name="certificate")]
