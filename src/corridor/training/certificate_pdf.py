"""The certificate as a one-page PDF, with a QR code that opens its public verification page.

Rendered like the employment contract (recruitment.contract_pdf): a Django template converted
by WeasyPrint with the DejaVu Sans files recruitment ships, fetched by a fetcher that loads
nothing else, so the PDF looks the same everywhere and never reaches the network. The QR code
is SVG (segno) placed inline. The PDF is made on each download, so a revocation shows at once.
"""

from typing import Any

import segno
import weasyprint
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint.urls import URLFetcher

from corridor.core.pdf import FONT_BOLD, FONT_REGULAR, FONTS_DIR
from corridor.training.certificates import grouped
from corridor.training.models import Certificate, CourseType

TEMPLATE = "training/certificate_pdf.html"


def qr_svg(url: str) -> str:
    """The URL as a QR code in SVG (medium error correction: survives a crease or a stain)."""
    return segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True, svgclass="qr")


def certificate_html(certificate: Certificate, verify_url: str) -> str:
    enrolment = certificate.enrolment
    cohort = enrolment.cohort
    course = cohort.course
    return render_to_string(
        TEMPLATE,
        {
            "certificate": certificate,
            "code": grouped(certificate.code),
            "worker": certificate.worker,
            "enrolment": enrolment,
            "cohort": cohort,
            "course": course,
            "course_type": CourseType(course.type).label,
            "provider": course.provider,
            "verify_url": verify_url,
            # segno's own markup of a URL we built: safe to place as it is.
            "qr": mark_safe(qr_svg(verify_url)),
            "font_regular": FONT_REGULAR.as_uri(),
            "font_bold": FONT_BOLD.as_uri(),
        },
    )


class _LocalFetcher(URLFetcher):
    """Fetches only the bundled fonts: a certificate never loads anything from the network."""

    allowed = frozenset({FONT_REGULAR.as_uri(), FONT_BOLD.as_uri()})

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url not in self.allowed:
            raise ValueError(f"The certificate may only load its bundled fonts, not {url}")
        return super().fetch(url, headers)


def certificate_document(certificate: Certificate, verify_url: str) -> weasyprint.Document:
    return weasyprint.HTML(
        string=certificate_html(certificate, verify_url),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=_LocalFetcher(fail_on_errors=True),
    ).render()


def render_certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """A4 landscape PDF bytes of the certificate; `verify_url` is the absolute URL of its
    public page (the QR code and the printed link)."""
    pdf = certificate_document(certificate, verify_url).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return pdf
