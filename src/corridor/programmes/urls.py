from django.urls import path

from corridor.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<str:code>/", views.programme_detail, name="detail"),
    path("<str:code>/edit/", views.programme_edit, name="edit"),
    path("<str:code>/funders/new/", views.funding_add, name="funding_add"),
    path("<str:code>/indicators/new/", views.indicator_add, name="indicator_add"),
    path("<str:code>/results/new/", views.result_add, name="result_add"),
    path("<str:code>/iati.xml", views.iati_download, name="iati"),
]
