import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files of one test never land in the real var/ folder.
    settings.MEDIA_ROOT = tmp_path / "media"
