"""End to end in a real browser: Debian's chromium driven by Playwright (run by .ci/run)."""

import os
import re

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import PASSWORD, member

CHROMIUM = os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls made here are
# ordinary synchronous test set-up, not code running inside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
        yield context.new_page()
        browser.close()


def test_caseworker_registers_a_cyrillic_name_finds_it_in_latin_and_sees_the_timeline(
    live_server, page
):
    caseworker = member(Role.CASEWORKER, country="UZ")
    page.goto(f"{live_server.url}/accounts/login/")
    page.select_option("#language-switch", "en")
    page.fill("input[name=username]", caseworker.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))

    page.goto(f"{live_server.url}/workers/new/")
    page.fill("#id_family_name", "Абдуллаев")
    page.fill("#id_given_name", "Шахзод")
    page.fill("#id_patronymic", "Ўткирович")
    page.select_option("#id_sex", "M")
    page.fill("#id_birth_date", "1995-03-14")
    page.select_option("#id_citizenship", "UZ")
    page.fill("#id_phone", "+998 90 123 45 67")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/workers/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text().startswith("Абдуллаев Шахзод Ўткирович")

    page.goto(f"{live_server.url}/workers/")
    page.fill("#id_q", "Abdullayev Shahzod")
    page.click(".filters button[type=submit]")
    page.wait_for_selector("#results >> text=Абдуллаев Шахзод Ўткирович")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 1

    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/workers/[0-9a-f-]{36}/$"))
    timeline = page.locator("#timeline")
    entries = timeline.locator("p")
    assert entries.count() == 1
    assert entries.first.locator("strong").inner_text() == "registered"
    assert str(caseworker) in entries.first.inner_text()


def test_someone_without_an_account_complains_anonymously_on_a_phone_and_follows_it(
    live_server, page
):
    from corridor.accounts.models import OrganisationType
    from corridor.accounts.tests.factories import OrganisationFactory
    from corridor.grievances.models import Complaint

    OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    # The browser asks for English (locale en-GB): no language switch needed.
    page.goto(f"{live_server.url}/complaints/new/")
    page.select_option("#id_category", "retained_documents")
    page.fill("#id_description", "The employer keeps my passport and will not give it back.")
    page.select_option("#id_confidentiality", "anonymous")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/complaints/track/[A-Z0-9]+/$"))

    complaint = Complaint.objects.get()
    assert complaint.tracking_code in page.locator("main").inner_text()
    assert (complaint.confidentiality, complaint.complainant_name, complaint.worker) == (
        "anonymous",
        "",
        None,
    )
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_administrator_enrols_a_second_factor_signs_out_and_signs_in_with_the_code(
    live_server, page
):
    from corridor.accounts.tests.second_factor import code_for_secret

    admin = member(Role.ADMIN, country="UZ")

    def sign_in_with_password():
        page.goto(f"{live_server.url}/accounts/login/")
        page.select_option("#language-switch", "en")
        page.fill("input[name=username]", admin.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stack button[type=submit]")

    sign_in_with_password()
    # The role needs a second factor: the enrolment page, with the QR code and its key.
    page.wait_for_url(re.compile(r"/accounts/me/two-factor/\?next="))
    assert page.locator(".qr-code svg").count() == 1
    secret = page.locator("#totp-secret").inner_text()
    page.fill("input[name=code]", code_for_secret(secret))
    page.click("form.stack button[type=submit]")
    codes = page.locator("#recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    page.click("text=Go on")
    page.wait_for_url(re.compile(r"/$"))

    page.click("nav form button[type=submit]")  # log out
    page.wait_for_url(re.compile(r"/accounts/login/"))
    sign_in_with_password()
    page.wait_for_url(re.compile(r"/accounts/me/two-factor/verify/\?next="))
    page.goto(f"{live_server.url}/workers/")  # nothing else opens before the code
    page.wait_for_url(re.compile(r"/accounts/me/two-factor/verify/\?next="))
    # The enrolment used this period's code: the app's next one signs in.
    page.fill("input[name=code]", code_for_secret(secret, steps_ahead=1))
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/workers/$"))
    assert page.locator("h1").count() == 1


def test_a_worker_invited_by_their_centre_goes_from_sign_in_to_contract_on_a_phone(
    live_server, page
):
    """Issue 15's walk: a caseworker invites a Tajik worker, who signs in with the phone code,
    says they are interested in a vacancy, accepts the offer, reads the contract in Tajik
    beside Russian, sees the recruiter that received their data, withdraws a consent and
    downloads everything Corridor holds on them."""
    import json
    from decimal import Decimal

    from corridor.people.models import ConsentRecord
    from corridor.people.tests.factories import actor
    from corridor.recruitment import contracts, pipeline
    from corridor.recruitment.models import Application, VacancyInterest
    from corridor.recruitment.tests.factories import (
        employer_user,
        job_ready_worker,
        organisation_of,
        recruiter_user,
        vacancy,
    )

    caseworker = member(Role.CASEWORKER, country="TJ")
    employer, recruiter = employer_user(), recruiter_user()
    job = vacancy(employer, recruiter=organisation_of(recruiter), title="Электрогазосварщик")
    worker = job_ready_worker(
        caseworker, citizenship="TJ", phone="+992901234567", given_name="Фирӯз"
    )

    # The caseworker issues the code on the worker's page and reads it off the screen.
    page.goto(f"{live_server.url}/accounts/login/")
    page.select_option("#language-switch", "en")
    page.fill("input[name=username]", caseworker.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"{live_server.url}/workers/{worker.pk}/")
    page.click("#sign-in summary")
    code_form = page.locator("form[action$='/sign-in-code/']")
    code_form.locator("input[name=agreed]").check()
    code_form.locator("button[type=submit]").click()
    code = page.locator("#code").inner_text().replace(" ", "")
    assert len(code) == 8
    page.click("nav form button[type=submit]")  # the caseworker logs out
    page.wait_for_url(re.compile(r"/accounts/login/"))

    # The worker, on their phone.
    page.goto(f"{live_server.url}/workers/sign-in/")
    page.fill("input[name=phone]", "992901234567")
    page.fill("input[name=code]", code)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/my/$"))
    assert "Фирӯз" in page.locator("h1").inner_text()

    page.goto(f"{live_server.url}/my/jobs/")
    page.click(f"#vacancy-{job.pk} button[type=submit]")
    page.wait_for_selector(f"#vacancy-{job.pk} >> text=I said I am interested")
    assert VacancyInterest.objects.filter(worker=worker, vacancy=job).count() == 1

    # The centre puts the worker forward and the employer offers (their own pages, elsewhere).
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=Decimal(95000),
        hours_per_week=40,
        housing="free",
    )
    page.goto(f"{live_server.url}/my/applications/")
    page.click(f"#application-{application.pk} button[value=yes]")
    page.wait_for_selector("text=You accepted the offer.")
    assert Application.objects.get(pk=application.pk).status == "accepted"

    contracts.generate_contract(actor=actor(recruiter), application=application)
    page.goto(f"{live_server.url}/my/applications/")
    page.click("text=Read my contract")
    page.wait_for_selector("text=Тарафҳои шартнома")  # Tajik beside
    assert "Стороны договора" in page.content()  # Russian

    page.goto(f"{live_server.url}/my/data/")
    uses = page.locator(".data-use").all_inner_texts()
    assert any(organisation_of(recruiter).name in text for text in uses)

    page.goto(f"{live_server.url}/workers/me/")
    page.select_option("select[name=purpose]", "statistics")
    page.select_option("select[name=is_given]", "0")
    page.click("text=Save my choice")
    page.wait_for_selector("text=Your choice is saved.")
    latest = ConsentRecord.objects.filter(worker=worker, purpose="statistics").latest("recorded_at")
    assert (latest.is_given, latest.method) == (False, "self_service")

    page.goto(f"{live_server.url}/my/data/")
    with page.expect_download() as download:
        page.click("text=Download (JSON, for a machine)")
    with open(download.value.path(), encoding="utf-8") as file:
        held = json.load(file)
    assert held["worker"]["reference"] == worker.reference
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
