import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import register


@pytest.mark.django_db
def test_caseworker_sees_list_detail_and_forms(client):
    user = member()
    worker = register(user)
    client.force_login(user)
    for url in [
        "/",
        "/workers/",
        "/workers/?q=Abdullayev",
        "/workers/new/",
        f"/workers/{worker.pk}/",
        f"/workers/{worker.pk}/edit/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.get("/workers/?q=Shahzod")
    assert worker.reference in response.content.decode()
