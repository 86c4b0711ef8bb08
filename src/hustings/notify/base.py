"""What every notifier does, whatever the channel."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (a report's PDF)."""

    filename: str
    content: bytes
    media_type: str  # "application/pdf"


@dataclass(frozen=True)
class Message:
    """One message to one person, already in their language."""

    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()


class Notifier(ABC):
    """A channel that delivers messages. Raise DeliveryFailed when the message did not go."""

    name: str

    @abstractmethod
    def send(self, message: Message) -> str:
        """Deliver the message; return the channel's id for it."""


class DeliveryFailed(Exception):
    """The channel refused the message; `permanent` means retrying will not help (a bounce)."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent
