from django.urls import path

from corridor.identity import views

app_name = "identity"

urlpatterns = [path("duplicates/", views.duplicates_view, name="duplicates")]
