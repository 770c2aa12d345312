"""The world every matrix case runs in: one of everything a URL may need, built once.

Built through the real services (the same factories the apps' tests use), so the objects are
what the product makes: grants come from shortlisting and referring, not from `.create()`.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from corridor.accounts import two_factor
from corridor.accounts.models import (
    ApiToken,
    Notification,
    NotificationKind,
    Organisation,
    OrganisationType,
    User,
)
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.accounts.tests.second_factor import enrol
from corridor.core.audit import Actor
from corridor.people import services as people_services
from corridor.people.models import ConsentPurpose, GrantPurpose, Worker
from corridor.people.tests.factories import (
    actor,
    add_document,
    add_family_member,
    give_consent,
    pdf_upload,
    register,
)
from corridor.recruitment.tests.factories import job_ready_worker, vacancy

# Roles of the matrix, in the order the cases are listed.
OWN_CW = "own_caseworker"  # caseworker of centre A, which registered W
OTHER_CW = "other_caseworker"  # caseworker of centre B (another country), no grant
OTHER_ADMIN = "other_admin"  # administrator of centre B: organisations, users, export, audit
REC_GRANT = "recruiter_grant"  # recruiter holding W's application grant (shortlisting)
REC_NONE = "recruiter_none"
EMP_GRANT = "employer_grant"  # employer holding W's application grant
EMP_NONE = "employer_none"
PARTNER_REF = "partner_referral"  # NGO holding W's referral grant (send_referral)
PARTNER_NONE = "partner_none"
AUTHORITY = "authority"  # labour authority holding W's authority grant
DONOR = "donor"
SELF = "self"  # W's own login
OTHER_WORKER = "other_worker"  # the login of another worker of centre A
ANON = "anonymous"

ROLES = [
    OWN_CW,
    OTHER_CW,
    OTHER_ADMIN,
    REC_GRANT,
    REC_NONE,
    EMP_GRANT,
    EMP_NONE,
    PARTNER_REF,
    PARTNER_NONE,
    AUTHORITY,
    DONOR,
    SELF,
    OTHER_WORKER,
    ANON,
]

# Distinctive values of W's record, so a response can be searched for a section it must not
# show (see FORBIDDEN in table.py).
W_PHONE = "+998901112233"
W_MESSENGER = "@matrix_w_tg"
W_PASSPORT = "FA7654321"
W_FAMILY = "Тестова Малика Рустамовна"
CONSENT_NOTE = "Matrix consent note, signed at the centre"
TODAY = datetime.date.today()


@dataclass
class World:
    users: dict[str, User | None]
    tokens: dict[str, str]
    organisations: dict[str, Organisation]
    workers: dict[str, Worker]
    objects: dict[str, Any]
    # Workers each role may see (by their key in `workers`).
    visible: dict[str, set[str]] = field(default_factory=dict)

    def organisations_of(self, role: str) -> Organisation:
        user = self.users[role]
        assert user is not None
        return user.active_memberships[0].organisation

    def foreign_markers(self, role: str) -> list[str]:
        """References and ids of the workers `role` may not see: none may be in a response."""
        markers = []
        for key, worker in self.workers.items():
            if key not in self.visible.get(role, set()):
                markers += [worker.reference, str(worker.pk)]
        return markers


def _org(name: str, type_: str, country: str, **fields: Any) -> Organisation:
    return OrganisationFactory.create(name=name, type=type_, country=country, **fields)


def _login_for(worker: Worker, organisation: Organisation) -> User:
    person = member(Role.WORKER, organisation)
    Worker.objects.filter(pk=worker.pk).update(user=person)
    worker.refresh_from_db()
    return person


@contextmanager
def world_built_once(django_db_blocker: Any, media: Any) -> Iterator[World]:
    """The world inside a transaction rolled back at the end, for a package-scoped fixture; each
    test runs in a savepoint of its own (the `db` fixture). Used by the matrix and the fuzz
    pass."""
    with (
        django_db_blocker.unblock(),
        translation.override("en"),
        override_settings(MEDIA_ROOT=media),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world() -> World:
    orgs = {
        "centre_a": _org("Matrix Centre A (UZ)", OrganisationType.EMPLOYMENT_CENTRE, "UZ"),
        "centre_b": _org("Matrix Centre B (TJ)", OrganisationType.EMPLOYMENT_CENTRE, "TJ"),
        "recruiter_1": _org(
            "Matrix Recruiter One",
            OrganisationType.RECRUITER,
            "RU",
            licence_number="L-77-101",
            licence_valid_until=TODAY + datetime.timedelta(days=365),
        ),
        "recruiter_2": _org(
            "Matrix Recruiter Two",
            OrganisationType.RECRUITER,
            "RU",
            licence_number="L-77-102",
            licence_valid_until=TODAY + datetime.timedelta(days=365),
        ),
        "employer_1": _org(
            "Matrix Employer One", OrganisationType.EMPLOYER, "RU", inn="7707083893"
        ),
        "employer_2": _org(
            "Matrix Employer Two", OrganisationType.EMPLOYER, "RU", inn="7736207543"
        ),
        "partner_1": _org("Matrix Legal Aid NGO", OrganisationType.NGO, "RU"),
        "partner_2": _org("Matrix Diaspora NGO", OrganisationType.NGO, "RU"),
        "authority": _org("Matrix Labour Authority", OrganisationType.AUTHORITY, "RU"),
        "donor": _org("Matrix Donor Fund", OrganisationType.DONOR, "CH"),
        "office": _org("Matrix Programme Office", OrganisationType.PROGRAMME_OFFICE, "RU"),
        "provider": _org("Matrix Training Provider", OrganisationType.TRAINING_PROVIDER, "UZ"),
    }
    users: dict[str, User | None] = {
        OWN_CW: member(Role.CASEWORKER, orgs["centre_a"]),
        OTHER_CW: member(Role.CASEWORKER, orgs["centre_b"]),
        OTHER_ADMIN: member(Role.ADMIN, orgs["centre_b"]),
        REC_GRANT: member(Role.RECRUITER, orgs["recruiter_1"]),
        REC_NONE: member(Role.RECRUITER, orgs["recruiter_2"]),
        EMP_GRANT: member(Role.EMPLOYER, orgs["employer_1"]),
        EMP_NONE: member(Role.EMPLOYER, orgs["employer_2"]),
        PARTNER_REF: member(Role.PARTNER, orgs["partner_1"]),
        PARTNER_NONE: member(Role.PARTNER, orgs["partner_2"]),
        AUTHORITY: member(Role.AUTHORITY, orgs["authority"]),
        DONOR: member(Role.DONOR, orgs["donor"]),
        ANON: None,
    }
    own, other = users[OWN_CW], users[OTHER_CW]
    assert own is not None and other is not None
    manager = member(Role.MANAGER, orgs["office"])
    provider = member(Role.PARTNER, orgs["provider"])

    workers = _workers(own, other)
    w = workers["W"]
    users[SELF] = worker_login = _login_for(w, orgs["centre_a"])
    users[OTHER_WORKER] = _login_for(workers["X"], orgs["centre_a"])

    objects: dict[str, Any] = {}
    objects.update(_records_of_w(own, w))
    objects.update(_recruitment(own, users, orgs, w))
    objects.update(_training(provider, own, w))
    objects.update(_support(own, users, orgs, w))
    objects.update(_identity_pairs(own, workers))
    objects.update(_complaint(worker_login, manager, orgs["office"], w))
    objects.update(_programme(manager))
    objects.update(_occupations(own, w))
    objects["authority_grant"] = people_services.grant_access(
        actor=actor(own),
        worker=w,
        organisation=orgs["authority"],
        purpose=GrantPurpose.AUTHORITY,
        reason="Matrix: exchange with the labour authority",
    )
    # Matching features are refreshed when a transaction commits, and the world's never does:
    # refresh them so that match lists hold the candidates they would in production.
    from corridor.recruitment.features import refresh_features

    refresh_features(Worker.objects.values_list("pk", flat=True))
    # An API token of W's caseworker, which only its owner may revoke.
    objects["token"] = ApiToken.issue(user=own, name="Matrix token")[0]
    # A reminder to W's caseworker, which only its recipient may open.
    objects["notification"] = Notification.objects.create(
        recipient=own,
        organisation=orgs["centre_a"],
        kind=NotificationKind.DOCUMENT_EXPIRING,
        key="matrix",
        subject="Matrix reminder",
        body="Matrix reminder",
        link=w.get_absolute_url(),
    )
    objects["organisation"] = orgs["centre_a"]
    objects["employer"] = orgs["employer_1"]
    objects["manager"] = manager
    # A recruiter with an authenticator: only an administrator of its agency may reset it.
    objects["second_factor_user"] = users[REC_GRANT]
    w.refresh_from_db()

    tokens = {role: ApiToken.issue(user=user)[1] for role, user in users.items() if user}
    # Staff whose role needs a second factor have an authenticator, as in production; each
    # case's sign-in passes it (the suite's force_login), so a case writes no device.
    for user in users.values():
        if user is not None and two_factor.is_required_for(user):
            enrol(user)
    everyone_of_a = {"W", "X", "D1", "D2", "M_KEPT", "M_MERGED"}
    visible = {
        OWN_CW: everyone_of_a,
        OTHER_CW: {"WB"},
        OTHER_ADMIN: {"WB"},
        REC_GRANT: {"W"},
        EMP_GRANT: {"W"},
        PARTNER_REF: {"W"},
        AUTHORITY: {"W"},
        SELF: {"W"},
        OTHER_WORKER: {"X"},
    }
    return World(users, tokens, orgs, workers, objects, visible)


def _workers(own: User, other: User) -> dict[str, Worker]:
    w = job_ready_worker(
        own,
        family_name="Матрицаев",
        given_name="Тимур",
        phone=W_PHONE,
        messenger_handle=W_MESSENGER,
    )
    purposes = (
        ConsentPurpose.REGISTRATION,
        ConsentPurpose.REFERRALS,
        ConsentPurpose.AUTHORITY_SHARING,
    )
    for purpose in purposes:
        give_consent(own, w, purpose)
    # A consent record with a note nobody but W's centre (and W) may read.
    people_services.record_consent(
        actor=actor(own),
        worker=w,
        purpose=ConsentPurpose.STATISTICS,
        is_given=True,
        method="signed_form",
        note=CONSENT_NOTE,
    )
    wb = job_ready_worker(other, family_name="Бобоев", given_name="Фаррух", citizenship="TJ")
    add_family_member(other, wb, full_name="Бобоева Зарина")
    workers = {
        "W": w,
        "X": register(own, family_name="Иксов", given_name="Илхом"),
        "WB": wb,
        "D1": register(own, family_name="Дубликатов", given_name="Дилшод"),
        "D2": register(own, family_name="Дубликатов", given_name="Дилшод"),
        "M_KEPT": register(own, family_name="Слиянов", given_name="Марат"),
        "M_MERGED": register(own, family_name="Слиянов", given_name="Марат"),
    }
    return workers


def _records_of_w(own: User, w: Worker) -> dict[str, Any]:
    document = add_document(
        own,
        w,
        number=W_PASSPORT,
        expiry_date=TODAY + datetime.timedelta(days=4 * 365),
        issue_date=TODAY - datetime.timedelta(days=300),
        upload=pdf_upload(),
    )
    family = add_family_member(own, w, full_name=W_FAMILY)
    return {"document": document, "family_member": family}


def _recruitment(own: User, users: dict[str, Any], orgs: dict[str, Organisation], w: Worker):
    from corridor.recruitment import contracts, fees, pipeline, profiles

    employer, agency = users[EMP_GRANT], users[REC_GRANT]
    profiles.set_job_profile(
        actor=actor(own),
        worker=w,
        preferred_regions=["RU-MOW"],
        expected_wage_rub=None,
        available_from=None,
        driving_licences=[],
        accepts_rotation=True,
    )
    job = vacancy(employer, recruiter=orgs["recruiter_1"], title="Matrix welder")
    other_job = vacancy(users[EMP_NONE], recruiter=orgs["recruiter_2"], title="Matrix fitter")
    # Three applications of W to E1's vacancies (recruited for by R1), so that every step has
    # one in the state it needs: contracted (reads, receipt, arrival), shortlisted (move,
    # offer), accepted without a contract (generate the contract).
    shortlist_job = vacancy(employer, recruiter=orgs["recruiter_1"], title="Matrix welder 2")
    accepted_job = vacancy(employer, recruiter=orgs["recruiter_1"], title="Matrix welder 3")
    # A fourth with an open offer, for the worker's own answer (portal).
    offered_job = vacancy(employer, recruiter=orgs["recruiter_1"], title="Matrix welder 4")
    application, shortlisted, accepted, offered = (
        # W's centre puts W forward and shortlists (decision 11).
        pipeline.create_application(actor=actor(own), worker=w, vacancy=each)
        for each in (job, shortlist_job, accepted_job, offered_job)
    )
    for each in (application, shortlisted, accepted, offered):
        pipeline.move_application(actor=actor(own), application=each, status="shortlisted")
    pipeline.make_offer(
        actor=actor(employer), application=offered, wage_rub=Decimal(95000), hours_per_week=40,
        housing="free",
    )  # fmt: skip
    for each in (application, accepted):
        pipeline.make_offer(
            actor=actor(employer), application=each, wage_rub=Decimal(95000), hours_per_week=40,
            housing="free",
        )  # fmt: skip
        # The worker's answer, recorded by their centre.
        pipeline.move_application(actor=actor(own), application=each, status="accepted")
    contract = contracts.generate_contract(actor=actor(agency), application=application)
    payment = fees.record_payment(
        actor=actor(own),
        worker=w,
        application=application,
        payee_type="recruiter",
        purpose="recruitment_service",
        amount=Decimal("10000"),
        currency="RUB",
        paid_on=TODAY,
    )
    return {
        "vacancy": job,
        "other_vacancy": other_job,
        "application": application,
        "shortlisted_application": shortlisted,
        "accepted_application": accepted,
        "offered_application": offered,
        "contract": contract,
        "payment": payment,
    }


def _training(provider: User, own: User, w: Worker) -> dict[str, Any]:
    from corridor.training import certificates
    from corridor.training.tests.factories import cohort, complete, course, enrol

    the_course = course(provider, title="Matrix welding course")
    the_cohort = cohort(provider, the_course)
    enrolment = enrol(own, the_cohort, w)
    complete(provider, enrolment)
    certificate = certificates.issue_certificate(actor=actor(provider), enrolment=enrolment)
    # An enrolment still running, of X, for dropping.
    running = enrol(own, the_cohort, Worker.objects.get(family_name="Иксов"))
    return {
        "running_enrolment": running,
        "course": the_course,
        "cohort": the_cohort,
        "enrolment": enrolment,
        "certificate": certificate,
    }


def _support(own: User, users: dict[str, Any], orgs: dict[str, Organisation], w: Worker):
    from corridor.support import groups, referrals
    from corridor.support.tests.factories import offer, refer

    service = offer(users[PARTNER_REF], "legal_aid", name="Matrix legal advice")
    offer(users[PARTNER_NONE], "legal_aid", name="Matrix diaspora advice")
    referral = refer(own, w, service)
    referrals.move_referral(actor=actor(users[PARTNER_REF]), referral=referral, status="accepted")
    # A second referral, completed, for the worker's feedback.
    done = refer(own, w, service, reason="Matrix: advice on the contract")
    for status in ("accepted", "completed"):
        referrals.move_referral(
            actor=actor(users[PARTNER_REF]), referral=done, status=status, outcome="Matrix done"
        )
    group = groups.create_group(
        actor=actor(own), organisation=orgs["centre_a"], name="Matrix group", country="UZ"
    )
    membership = groups.add_member(actor=actor(own), group=group, worker=w)
    meeting = groups.record_meeting(
        actor=actor(own), group=group, held_on=TODAY, topics="Matrix topics"
    )
    return {
        "service": service,
        "referral": referral,
        "completed_referral": done,
        "group": group,
        "group_member": membership,
        "meeting": meeting,
    }


def _identity_pairs(own: User, workers: dict[str, Worker]) -> dict[str, Any]:
    from corridor.identity.models import DuplicatePair
    from corridor.identity.services import merge_from_pair

    organisation = workers["D1"].organisation
    pair = DuplicatePair.objects.create(
        organisation=organisation,
        worker_a=workers["D1"],
        worker_b=workers["D2"],
        match_probability=0.99,
        model_version="matrix",
    )
    merged_pair = DuplicatePair.objects.create(
        organisation=organisation,
        worker_a=workers["M_KEPT"],
        worker_b=workers["M_MERGED"],
        match_probability=0.99,
        model_version="matrix",
    )
    merge = merge_from_pair(
        actor=Actor(user=own, organisation_id=organisation.pk),
        pair=merged_pair,
        keep=workers["M_KEPT"].pk,
    )
    return {"pair": pair, "merge": merge}


def _complaint(worker_login: User, manager: User, office: Organisation, w: Worker):
    from corridor.grievances import services
    from corridor.grievances.models import Channel

    complaint = services.file_complaint(
        actor=Actor(user=worker_login, organisation_id=w.organisation_id),
        channel=Channel.SELF_SERVICE,
        details=services.ComplaintDetails(
            category="unpaid_wages", description="Matrix: wages unpaid for two months."
        ),
        complainant=services.Complainant(
            relation="worker", name=w.full_name, contact=W_PHONE, worker=w
        ),
        uploads=[SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")],
        handling_organisation=office,
    )
    message = services.post_message(
        actor=Actor(user=manager, organisation_id=office.pk),
        complaint=complaint,
        text="Matrix: received.",
        to_complainant=True,
    )
    return {
        "complaint": complaint,
        "complaint_message": message,
        "attachment": complaint.attachments.first(),
    }


def _programme(manager: User) -> dict[str, Any]:
    from corridor.programmes import services
    from corridor.programmes.tests.factories import indicator, programme

    prog = programme(by=manager, code="MATRIX-1")
    ind = indicator(prog, manager)
    result = services.record_result(
        ind,
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        Decimal(10),
        source="manual",
        evidence="Matrix: programme records",
        actor=Actor(user=manager, organisation_id=manager.active_memberships[0].organisation_id),
    )
    return {"programme": prog, "indicator": ind, "result": result}


def _occupations(own: User, w: Worker) -> dict[str, Any]:
    from corridor.occupations.services import code_title

    # A title the coder cannot be sure of, so it waits in the review queue.
    return {"coded_title": code_title("матричный специалист широкого профиля")}
