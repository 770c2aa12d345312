from django.urls import path

from corridor.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard.xlsx", views.export_workbook, name="workbook"),
    path("report.pdf", views.report_pdf, name="report"),
    path(
        "tables/<slug:key>.<str:extension>",
        views.export_table,
        name="table",
    ),
]
