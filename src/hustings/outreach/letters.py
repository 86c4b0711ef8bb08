"""Printable invitation letters for people without an email address (WeasyPrint, the
library the guide pack uses). One A4 page per person, in their language, with a short
one-time code; several letters print as one PDF."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hustings.config import get_settings
from hustings.outreach.labels import describe_person
from hustings.outreach.models import Person
from hustings.outreach.service import LETTER_CODE_DAYS, Issued
from hustings.web import i18n
from hustings.web.templating import environment


def letter_html(person: Person, issued: Issued) -> str:
    """One letter, in the person's language."""
    language: i18n.Language = "cy" if person.language == "cy" else "en"
    previous = i18n.current_language()
    i18n.set_language(language)
    try:
        base = get_settings().base_url.rstrip("/")
        return (
            environment()
            .get_template("outreach/letter.html")
            .render(
                language=language,
                person=person,
                what=describe_person(person),
                code=issued.code,
                code_url=base + i18n.localise_path("/invitation", language),
                guide_url=base + i18n.localise_path("/guide", language),
                guide_pdf_url=base + i18n.localise_path("/guide.pdf", language),
                today=date.today(),
                valid_until=issued.invitation.expires_at.date(),
                days=LETTER_CODE_DAYS,
            )
        )
    finally:
        i18n.set_language(previous)


def letters_pdf(letters: Sequence[tuple[Person, Issued]]) -> bytes:
    """Every letter as one PDF, a page (or more) each."""
    from weasyprint import HTML  # Imported late: it loads pango and fonts.

    documents = [HTML(string=letter_html(person, issued)).render() for person, issued in letters]
    pages = [page for document in documents for page in document.pages]
    pdf: bytes | None = documents[0].copy(pages).write_pdf()
    assert pdf is not None
    return pdf
