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
from collections.abc import Iterator
from dataclasses import dataclass

from hustings.triage.groups import names_protected_group
from hustings.triage.labels import Label
from hustings.triage.normalise import plain, tokenise

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
# A UK number plate in the current format ("FY19 KLM"): on its own a string of letters, so it
# counts only when the message also says it is a car or a plate.
VEHICLE_REG = re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{3}\b")
_VEHICLE_CONTEXT = re.compile(
    r"\b(?:reg|registration|number ?plate|plates?|car|van|drives?|motor)\b", re.IGNORECASE
)
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
    r"|husband|partner|mum|mom|dad|son|daughter|family|car|reg|parents)"
    r"|(?:personal|private|home) (?:number|mobile|email|e-mail|phone)|drives an? "
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
# Where someone's family lives or works, given so others can find them ("her parents live in the
# bungalow next to the Red Lion"): doxxing without a house number for the address rule to see.
FAMILY_WHEREABOUTS = re.compile(
    r"\b(?:her|his|your|their|the candidate'?s|the councillor'?s|the mp'?s)\s+"
    r"(?:parents|mum|mom|dad|mother|father|wife|husband|partner|family|sister|brother|nan|gran)\s+"
    r"(?:lives?|live|stays?|works?)\s+(?:in|at|on|next to|opposite|above|behind|round the corner from)\b",
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
    r"|maim|slit|rape|acid|execute|string up|gut|knife|glass|run (?:you|her|him|them) (?:over|down)"
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

# --- violence against a whole group ------------------------------------------------------------

# The rules above need a person as the object ("you", "her", "@name"). Violence wished on, or
# promised to, a protected group names no one, yet it threatens everyone in the group and is
# hate by definition. These patterns find the wish or the act; `_group_named` then requires the
# group itself in the same sentence, so "the bill should be killed off" stays politics.
_GROUP_OUTCOME = (
    r"(?:killed|shot(?! down)|gassed|hanged|hung(?! out)|lynched|drowned|left to drown|burn(?:ed|t) (?:out|alive)"
    r"|thrown off (?:\w+ ){0,3}?(?:roofs?|buildings?|bridges?|cliffs?)|put down(?: like)?|lined up and shot"
    r"|rounded up and (?:shot|killed|gassed|burned|burnt)|exterminated|wiped out|massacred|slaughtered"
    r"|beheaded|executed|culled|strung up|murdered|beaten to death|set on fire|sterilised|castrated)"
)
GROUP_VIOLENCE_WISHED = re.compile(
    rf"\b(?:should|shud|ought to|deserve to|deserves to|need to|needs to|must|have to|has to)\s+"
    rf"(?:all\s+|just\s+|simply\s+|really\s+)?be\s+(?:all\s+)?{_GROUP_OUTCOME}\b"
    r"|\bdeserves? (?:another |a |the )?(?:holocaust|genocide|pogrom|massacre)\b",
    re.IGNORECASE,
)
# A named group called vermin or less than human, in so many words. The model reads this in a
# short message ("Muslims are vermin." 0.94) but the words around it dilute it ("… and should be
# treated as such." 0.51). Only "are"/"were": "is" would take "black market is a cancer".
GROUP_DEHUMANISED = re.compile(
    r"\b(?:are|r|were)\s+(?:all |just |nothing but |basically |literally |no better than |like "
    r"|a bunch of |a pack of |a load of )?(?:vermin|rats|cockroaches|parasites|leeches|maggots|insects"
    r"|a plague|a disease|a cancer|a virus|an infestation|animals|subhuman|sub-human|savages|apes"
    r"|monkeys|filth|scum)\b",
    re.IGNORECASE,
)
# A first-person act against members of a group ("I'll batter any gay I see", "going to drive my
# van into the refugees"). Wider verbs than _HARM_VERBS: with a group as the object, "batter"
# and "run down" have no electoral reading.
GROUP_VIOLENCE_PROMISED = re.compile(
    r"\b(?:i'?ll|i will|i'?m going to|i am going to|i'?m gonna|we'?ll|we will|we'?re going to|we are going to"
    r"|going to|gonna|let'?s)\s+(?:\w+\s+){0,2}?"
    r"(?:kill|stab|shoot|batter|beat up|kick the (?:shit|hell) out of|glass|bottle|knife|hang|lynch|burn"
    r"|run down|run over|mow down|drive (?:my|a|the|our) (?:van|car|truck|lorry) (?:straight )?into|plough into"
    r"|throw acid (?:at|on)|bomb|gas|torch)\s+(?:any|every|each|all|the|those|these|some)\b",
    re.IGNORECASE,
)
# "That woman deserves to be shot" threatens one person; it is not an attack on women.
_ONE_PERSON = re.compile(
    r"\b(?:that|this)\s+(?:\w+\s+)?(?:woman|girl|lady|man|guy)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?;]\s")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_NO_SUBJECT = frozenset({"no", "nobody", "none", "not", "never"})
# Earlier in the sentence, a frame that reports or condemns what follows ("It's wrong to say that
# Muslims should be killed", "Anyone who thinks refugees should drown needs help").
_CONDEMNING_FRAME = re.compile(
    r"\b(?:wrong|unacceptable|disgusting|vile|appalling|shameful|sickening|abhorrent|hateful|racist"
    r"|bigoted|dehumanising|reported|condemn\w*|not ok|never ok|no place|how dare|sick of|fed up with"
    r"|stop (?:saying|calling|telling|claiming)|(?:anyone|people|those|someone|whoever|everyone) who (?:thinks?|says?|believes?|claims?)"
    r"|(?:don'?t|do not|never|doesn'?t) (?:think|believe|say|agree)"
    r"|to (?:say|claim|suggest|argue|pretend)|claim(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)


def _group_named(text: str, start: int, end: int, *, after: bool) -> bool:
    """Whether the sentence names a protected group before the match (the one wished harm) or,
    for a promise, in the few words after it (the ones to be harmed)."""
    if after:
        words = _WORD.findall(text[end : end + 60].lower())[:5]
        return names_protected_group(words)
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    # read through spelling tricks ("Stop s a y i n g …", "54ying"), as the model does
    subject = plain(tokenise(text[sentence_start:start]))
    words = _WORD.findall(subject.lower())
    # "No refugee deserves to be drowned" wishes harm on no one
    if not words or _NO_SUBJECT.intersection(words) or _CONDEMNING_FRAME.search(subject):
        return False
    return names_protected_group(words)


def threats_to_groups(text: str) -> list[Finding]:
    """Violence wished on or promised to a protected group (a threat, and hate), and a group
    called vermin or less than human (hate)."""
    findings = []
    for pattern, after in ((GROUP_VIOLENCE_WISHED, False), (GROUP_VIOLENCE_PROMISED, True)):
        for match in _spoken(pattern, text):
            if not _group_named(text, match.start(), match.end(), after=after):
                continue
            findings.append(
                Finding(Label.THREAT, 0.85, match.start(), match.end(), "violence against a group")
            )
            if not _ONE_PERSON.search(text[max(0, match.start() - 40) : match.start()]):
                findings.append(
                    Finding(Label.HATE, 0.9, match.start(), match.end(), "violence against a group")
                )
    for match in _spoken(GROUP_DEHUMANISED, text):
        if _group_named(text, match.start(), match.end(), after=False):
            findings.append(
                Finding(
                    # 0.9: as serious as hate the model is sure of, so `possible_crime`
                    Label.HATE,
                    0.9,
                    match.start(),
                    match.end(),
                    "a group called less than human",
                )
            )
    return findings


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


def _spoken(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches said in the writer's own voice: not inside quotation marks, not negated."""
    for match in pattern.finditer(text):
        if not (_inside_quotes(text, match.start()) or _negated(text, match.start())):
            yield match


def _found(
    pattern: re.Pattern[str], text: str, label: Label, floor: float, reason: str, guard: bool = True
) -> list[Finding]:
    matches = _spoken(pattern, text) if guard else pattern.finditer(text)
    return [Finding(label, floor, m.start(), m.end(), reason) for m in matches]


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
    if _VEHICLE_CONTEXT.search(text):
        for match in VEHICLE_REG.finditer(text):
            found.append(
                Finding(
                    Label.PRIVATE_INFORMATION, 0.0, match.start(), match.end(), "a number plate"
                )
            )
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
        FAMILY_WHEREABOUTS,
        text,
        Label.PRIVATE_INFORMATION,
        0.9,
        "where someone's family can be found",
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
    findings += threats_to_groups(text)
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
