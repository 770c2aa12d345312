from django.urls import path

from corridor.occupations import views

app_name = "occupations"

urlpatterns = [
    path("review/", views.review_list_view, name="review"),
    path("review/<uuid:coded_id>/confirm/", views.confirm_view, name="confirm"),
]
