# ruff: noqa: E501 - long regular expressions read better whole
"""Rules for what rules do better than statistics: UK postcodes, phone numbers, street
addresses, children's schools, threats to publish them, and a few unmistakable constructions.

Each rule returns `Finding`s (a label, a score floor, a span and a reason). The service raises a
label's score to at least the floor; rules never lower a score. Patterns run on the original
text (offsets are exact) after case-folding, and skip matches inside quotation marks or after
a negation ("I would never say I'll kill you"), because quoting abuse to condemn it is not abuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hustings.triage.labels import Label

# --- private information -------------------------------------------------------------------

POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPS-UW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
    r" ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)44\s?\(?0?\)?\s?|\(?0)"
    r"(?:7\d{3}\)?\s?\d{3}\s?\d{3}|[1-3]\d{1,4}\)?\s?\d{3,4}\s?\d{3,4})(?!\d)"
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_STREET_KINDS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|gardens|gdns|place|pl"
    "|terrace|court|ct|grove|hill|park|square|sq|mews|row|walk|view|rise|green|parade|vale"
    "|fields|croft|wynd|brae|boulevard"
)
ADDRESS = re.compile(
    rf"\b(?:flat\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?:[a-z'’-]+\s+){{1,3}}(?:{_STREET_KINDS})\b",
    re.IGNORECASE,
)
_PERSONAL_CONTEXT = re.compile(
    r"\b(?:lives?|living|home|house|flat|address|where (?:s?he|you|they) (?:lives?|sleeps?)"
    r"|(?:her|his|your|their) (?:number|mobile|phone|address|door|street|kids?|children|wife"
    r"|husband|partner|mum|mom|dad|son|daughter|family)|personal (?:number|mobile|email)"
    r"|ring (?:her|him)|call (?:her|him)|text (?:her|him)|message (?:her|him)"
    r"|(?:let'?s|go) (?:visit|pay)|give (?:her|him) a (?:call|ring|visit))\b",
    re.IGNORECASE,
)
_PUBLIC_CONTEXT = re.compile(
    r"\b(?:office|surgery hours|campaign (?:hq|headquarters|office)|constituency office"
    r"|contact us|call us|our number|our office|helpline|hotline|council offices|town hall"
    r"|polling station|hustings (?:at|will be)|venue|event at|meeting at|count at)\b",
    re.IGNORECASE,
)
FAMILY_SCHOOL = re.compile(
    r"\b(?:(?:her|his|your|their|the candidate'?s|[a-z]+'s) "
    r"(?:kids?|children|son|daughter|boys?|girls?|little ones?))\b[^.!?\n]{0,60}?\b"
    r"(?:go(?:es)? to|attends?|at|in)\b[^.!?\n]{0,50}?\b"
    r"(?:school|primary|academy|nursery|college|high|grammar|comprehensive)\b",
    re.IGNORECASE,
)
PUBLISH_THREAT = re.compile(
    r"\b(?:i'?(?:ll| will| am going to|'m going to|'m gonna| am gonna)|we'?(?:ll| will| are going"
    r" to|'re going to|'re gonna)|gonna|about to|going to)\s+(?:post|publish|share|leak|release"
    r"|put out|put up|dox+|expose|spread|give out|hand out)\s+(?:(?:you|her|him|them)\s+)?"
    r"(?:all\s+)?(?:your|her|his|their)?\s*(?:home\s+|personal\s+|private\s+)?"
    r"(?:address|number|details|location|home|kids?|children|family|phone|mobile|postcode|nudes"
    r"|photos|pictures|info(?:rmation)?|where (?:you|she|he|they) lives?)\b"
    r"|\bdox+(?:ing|ed)?\s+(?:you|her|him|them|this)\b"
    r"|\beveryone (?:will|is going to|should) (?:know|find out|see) where (?:you|she|he|they) lives?\b",
    re.IGNORECASE,
)

# --- intimidation ----------------------------------------------------------------------------

INTIMIDATION = re.compile(
    r"\b(?:(?:we|i) know where (?:you|she|he|they|your (?:kids?|family|children)) (?:lives?|sleeps?"
    r"|work|go(?:es)? to school)"
    r"|(?:watch|mind) your back|sleep with one eye open|if you know what'?s good for you"
    r"|(?:you'?ve|you have) been warned|this is your (?:last|final|only) warning"
    r"|(?:we|i)(?:'re| are| am|'m) (?:watching|coming for|outside) (?:you|your)"
    r"|(?:we'?ll|we will|i'?ll|i will) be (?:waiting|outside|round|over) (?:for you|at your|outside)"
    r"|(?:turn|show|rock) up (?:at|outside|on) (?:her|his|your|their|the candidate'?s) (?:house|home|door|doorstep|street|flat)"
    r"|(?:pay|paying) (?:her|him|you|them) a (?:little |friendly |home )?visit"
    r"|(?:drop|pull|step) out(?: of the (?:race|election|contest))?,? or (?:else|you'?ll)"
    r"|or (?:else|you'?ll regret it|you'?ll be sorry)\b"
    r"|(?:you'?d|you had) better (?:drop out|stand down|step down|withdraw|quit|shut up|keep quiet|stop campaigning)"
    r"|we know (?:your|where your) (?:kids?|children|car|address|routine|movements))\b",
    re.IGNORECASE,
)

# --- threats ---------------------------------------------------------------------------------

# Only verbs that are rarely metaphors in politics ("we'll beat them", "smash the bill" are
# left to the model, which sees the whole sentence).
_HARM_VERBS = (
    r"(?:kill|murder|stab|shoot|hang|lynch|behead|decapitate|strangle|torch|firebomb|hurt"
    r"|maim|slit|rape|acid|execute|string up|gut|knife|glass|run (?:you|her|him|them) over"
    r"|put (?:a|one) bullet in|beat the (?:shit|hell|crap) out of|burn down|smash (?:your|her|his)"
    r" face in|break (?:your|her|his) (?:legs|neck|jaw|face))"
)
_OBJECT = (
    r"(?:you|u|her|him|them|ya|yer|your (?:face|head|throat|family|kids?|children|wife|husband"
    r"|house|home|office|car|windows|legs|neck|skull|teeth)|the (?:next|first|lot of)\b"
    r"|(?:all|every|each) (?:of )?(?:you|them|one)?|@\w+(?![\w'’]))"
)
THREAT_FIRST_PERSON = re.compile(
    rf"\b(?:i|we|im|i'm|we're|were)\s*(?:'ll|'m|'re| will| shall| am| are| is)?\s*"
    rf"(?:going to|gonna|gunna|about to|coming to|gona|goin to|will|ll|shall|want to|wanna)?\s*"
    rf"(?:personally |fucking |literally |actually |gladly |happily )?{_HARM_VERBS}(?:s|ed|ing)?\s+{_OBJECT}",
    re.IGNORECASE,
)
THREAT_SOMEONE = re.compile(
    rf"\b(?:someone|somebody|some1|one of us|people|we|you)\s+(?:should|ought to|needs? to|must|"
    rf"has to|have to|gotta|will|is going to|are going to)\s+(?:just |really |finally )?"
    rf"{_HARM_VERBS}\s+(?:you|her|him|them|@\w+(?![\w'’])|this (?:woman|man|bitch|bastard|traitor|candidate)|"
    rf"(?-i:[A-Z][a-z]+))\b"
    rf"|\b(?:hope|wish|pray)\s+(?:that\s+)?(?:someone|somebody|some1|a (?:nutter|patriot|bullet|bus|car))"
    rf"\s+(?:\w+\s+){{0,2}}{_HARM_VERBS}(?:s|es)?\s+(?:you|her|him|them)\b"
    rf"|\b(?:deserves?|needs?|ought) (?:to be|a) (?:shot|killed|hanged|hung|stabbed|lynched|"
    rf"beaten|bullet|executed|murdered|strung up|burned|raped|shot dead)\b",
    re.IGNORECASE,
)
# Arson or bombing of a place where people worship, live or shelter: the threats that follow a
# group from one platform to the next (mosques, asylum hotels, Travellers' sites). Base and -ing
# forms only, so news of a past attack ("the shop was torched", "burned down in 1850") is not one.
THREAT_TO_PLACE = re.compile(
    r"\b(?:burn(?:ing)? (?:down|out)|torch(?:ing)?|fire-?bomb(?:ing)?|petrol[- ]bomb(?:ing)?"
    r"|set(?:ting)? fire to|blow(?:ing)? up)\s+(?:the|that|their|this|these|those|every|each|your"
    r"|his|her|a|an|another)\s+(?:[\w'’-]+\s+){0,2}?(?:mosques?|synagogues?|gurdwaras?|temples?"
    r"|mandirs?|churches|church|hotels?|camps?|sites?|shops?|centres?|centers?|offices?|houses?"
    r"|homes?|schools?|caravans?|hostels?)\b",
    re.IGNORECASE,
)
THREAT_CONDITIONAL = re.compile(
    r"\b(?:you'?(?:ll|re going to| will| are going to)|you are going to)\s+(?:get|be)\s+"
    r"(?:what'?s coming|stabbed|shot|killed|hurt|beaten|glassed|murdered|hanged|hung|raped|"
    r"a bullet|a knife|acid)\b"
    r"|\b(?:you|she|he)(?:'re| are| is) (?:a )?dead (?:man|woman|meat)\b"
    # Violence promised to whoever does something ("the next one who … gets a bullet"): outcomes
    # that have no harmless reading, unlike "getting a kicking at the polls".
    r"|\b(?:get|gets|getting|got coming)\s+(?:a bullet(?!\s*points?)|a brick through (?:the|your|their|his|"
    r"her|my|our) windows?|a petrol bomb|acid (?:in|to) (?:the|your|their|his|her) faces?)"
    r"|\b(?:your|her|his) days are numbered\b"
    r"|\bcount(?:ing)? (?:down )?your days\b",
    re.IGNORECASE,
)

# --- urgency (used only once a threat has been found) ----------------------------------------

# What makes a threat a danger to life: death, killing or a weapon.
LETHAL = re.compile(
    r"\b(?:gun|knife|machete|acid|petrol|bomb|shotgun|rifle|crossbow|blade"
    r"|kill(?:s|ed|ing|er)?|murder(?:s|ed|ing|er)?|shoot(?:s|ing)?|shot|stab(?:s|bed|bing)?"
    r"|behead(?:s|ed|ing)?|hang(?:s|ed|ing)?|lynch(?:es|ed|ing)?|strangl(?:e|es|ed|ing)"
    r"|slit(?:s|ting)?|execut(?:e|es|ed|ing|ion)|dead|bullet|body bag|six feet under"
    r"|in the ground|throat)\b",
    re.IGNORECASE,
)
# What makes a threat imminent: a time soon, or the person's own door.
IMMEDIACY = re.compile(
    r"\b(?:tonight|today|tomorrow|this (?:morning|afternoon|evening|weekend|week)|right now"
    r"|on (?:my|our) way|outside your|when you (?:leave|get home|come out)|i'?m (?:outside|coming)"
    r"|we'?re (?:outside|coming)|i know where you|at your (?:surgery|office|house|home|door))\b",
    re.IGNORECASE,
)


_NEGATION_BEFORE = re.compile(
    r"\b(?:never|not|no one|nobody|would(?:n'?t| not)|don'?t|didn'?t|won'?t|shouldn'?t|"
    r"wouldnt|dont|didnt|wont|shouldnt|against|condemn\w*|report\w*|saying|said|says|"
    r"telling|told|calling|called|tweeted|wrote|posted|threatened to)\b[^.!?,;:]{0,25}$",
    re.IGNORECASE,
)
_QUOTE_MARKS = '"“”«»„'


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule saw: the label it supports, how strongly, where, and why in plain words."""

    label: Label
    floor: float
    start: int
    end: int
    reason: str


def _inside_quotes(text: str, start: int) -> bool:
    """Whether position `start` sits inside an open double (or paired single) quotation."""
    before = text[:start]
    if sum(before.count(q) for q in '"„') % 2 == 1:
        return True
    if before.count("“") > before.count("”") or before.count("«") > before.count("»"):
        return True
    # paired single quotes: an odd number of quote-like apostrophes at word edges
    singles = len(re.findall(r"(?:^|\s)['‘]", before)) - len(re.findall(r"['’](?:\s|$)", before))
    return singles > 0


def _negated(text: str, start: int) -> bool:
    """Whether the match is under a negation or reported as someone else's words."""
    return bool(_NEGATION_BEFORE.search(text[max(0, start - 60) : start]))


def _found(
    pattern: re.Pattern[str], text: str, label: Label, floor: float, reason: str, guard: bool = True
) -> list[Finding]:
    findings = []
    for match in pattern.finditer(text):
        if guard and (_inside_quotes(text, match.start()) or _negated(text, match.start())):
            continue
        findings.append(Finding(label, floor, match.start(), match.end(), reason))
    return findings


def personal_details(text: str) -> list[Finding]:
    """Postcodes, phone numbers, emails and street addresses: evidence, not yet a verdict."""
    found = []
    for pattern, what in (
        (POSTCODE, "a UK postcode"),
        (PHONE, "a UK phone number"),
        (ADDRESS, "a street address"),
        (EMAIL, "an email address"),
    ):
        for match in pattern.finditer(text):
            found.append(Finding(Label.PRIVATE_INFORMATION, 0.0, match.start(), match.end(), what))
    return found


def find(text: str) -> list[Finding]:
    """Every rule finding in `text`, in order of position."""
    findings: list[Finding] = []
    details = personal_details(text)
    if details:
        personal = _PERSONAL_CONTEXT.search(text) is not None
        public = _PUBLIC_CONTEXT.search(text) is not None
        floor = 0.9 if personal and not public else (0.55 if personal else 0.3)
        findings.extend(
            Finding(d.label, floor, d.start, d.end, d.reason + " shared about a person")
            if floor >= 0.5
            else Finding(d.label, floor, d.start, d.end, d.reason)
            for d in details
        )
    findings += _found(
        FAMILY_SCHOOL, text, Label.PRIVATE_INFORMATION, 0.9, "details of someone's children"
    )
    findings += _found(
        PUBLISH_THREAT, text, Label.PRIVATE_INFORMATION, 0.9, "a threat to publish private details"
    )
    findings += _found(PUBLISH_THREAT, text, Label.INTIMIDATION, 0.8, "a threat to expose")
    findings += _found(INTIMIDATION, text, Label.INTIMIDATION, 0.9, "an attempt to frighten")
    findings += _found(THREAT_FIRST_PERSON, text, Label.THREAT, 0.9, "a threat of violence")
    findings += _found(THREAT_SOMEONE, text, Label.THREAT, 0.85, "violence wished or urged")
    findings += _found(THREAT_CONDITIONAL, text, Label.THREAT, 0.85, "a veiled threat")
    findings += _found(THREAT_TO_PLACE, text, Label.THREAT, 0.85, "violence against a place")
    return sorted(findings, key=lambda f: (f.start, f.end, f.label))


@dataclass(frozen=True, slots=True)
class UrgencyCues:
    """What in a threatening message could make it urgent (call 999)."""

    lethal: bool  # death, killing or a weapon
    located: bool  # an address or phone number: the sender knows where to find the person
    immediate: bool  # a time soon ("tonight") or a place ("outside your house")


def urgency_cues(text: str) -> UrgencyCues:
    """The urgency cues in `text`; the caller decides with the threat's strength."""
    return UrgencyCues(
        lethal=LETHAL.search(text) is not None,
        located=bool(personal_details(text)),
        immediate=IMMEDIACY.search(text) is not None,
    )
