"""The triage taxonomy: labels, severities and their link to the knowledge base's harm slugs."""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """Kinds of abuse a message can carry; a message may carry several."""

    THREAT = "threat"
    HARASSMENT = "harassment"
    HATE = "hate"
    SEXUAL_HARASSMENT = "sexual_harassment"
    PRIVATE_INFORMATION = "private_information"
    INTIMIDATION = "intimidation"


class Severity(StrEnum):
    """How serious a message is, in increasing order; one per message."""

    NONE = "none"
    PLATFORM_VIOLATION = "platform_violation"
    POSSIBLE_CRIME = "possible_crime"
    URGENT = "urgent"


# The order is the column order of the model artifact: never reorder, only append.
LABELS: tuple[Label, ...] = (
    Label.THREAT,
    Label.HARASSMENT,
    Label.HATE,
    Label.SEXUAL_HARASSMENT,
    Label.PRIVATE_INFORMATION,
    Label.INTIMIDATION,
)

SEVERITY_ORDER: tuple[Severity, ...] = (
    Severity.NONE,
    Severity.PLATFORM_VIOLATION,
    Severity.POSSIBLE_CRIME,
    Severity.URGENT,
)

# Each triage label's harm in the knowledge base (hustings.policy); the one place they meet.
HARM_SLUGS: dict[Label, str] = {
    Label.THREAT: "threat_of_violence",
    Label.HARASSMENT: "harassment_and_bullying",
    Label.HATE: "hate",
    Label.SEXUAL_HARASSMENT: "sexual_harassment",
    Label.PRIVATE_INFORMATION: "private_information",
    Label.INTIMIDATION: "intimidation",
}

# Plain words for people, used in explanations (translated in the web layer).
LABEL_WORDS: dict[Label, str] = {
    Label.THREAT: "a threat of violence or serious harm",
    Label.HARASSMENT: "personal abuse or harassment",
    Label.HATE: "hate aimed at a protected characteristic",
    Label.SEXUAL_HARASSMENT: "sexual harassment",
    Label.PRIVATE_INFORMATION: "private information (doxxing)",
    Label.INTIMIDATION: "intimidation",
}
