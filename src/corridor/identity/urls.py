from django.urls import path

from corridor.identity import views

app_name = "identity"

urlpatterns = [
    path("duplicates/", views.duplicates_view, name="duplicates"),
    path("review/", views.review_queue_view, name="review"),
    path("review/<uuid:pair_id>/", views.pair_view, name="pair"),
    path("merges/<uuid:merge_id>/undo/", views.undo_merge_view, name="undo_merge"),
]
