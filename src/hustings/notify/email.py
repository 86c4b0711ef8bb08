"""Email over SMTP with the standard library; settings from HUSTINGS_SMTP_*."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from hustings.config import Settings, get_settings
from hustings.notify.base import DeliveryFailed, Message, Notifier


class EmailNotifier(Notifier):
    name = "email"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    def build(self, message: Message) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.settings.mail_from
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain="hustings.localhost")
        for name, value in message.headers.items():
            email[name] = value
        email.set_content(message.text)
        if message.html:
            email.add_alternative(message.html, subtype="html")
        for attachment in message.attachments:
            maintype, _, subtype = attachment.media_type.partition("/")
            email.add_attachment(
                attachment.content,
                maintype=maintype,
                subtype=subtype or "octet-stream",
                filename=attachment.filename,
            )
        return email

    def send(self, message: Message) -> str:
        email = self.build(message)
        s = self.settings
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=15) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_username and s.smtp_password:
                    smtp.login(s.smtp_username, s.smtp_password)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            raise DeliveryFailed(
                f"recipient refused: {error.recipients}", permanent=True
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryFailed(f"SMTP failure: {error}", permanent=False) from error
        return str(email["Message-ID"])


def default_notifier() -> Notifier:
    return EmailNotifier()
