# ruff: noqa: E501, S311 - sentences are data, and random here makes data, not secrets
"""Template-generated training messages for what the public data sets lack or get wrong.

The public sets barely label threats to one person, doxxing or intimidation of a candidate, and
they teach a word-list lesson (a swear word means abuse) that is wrong for political debate.
These templates teach structure instead: the same words as abuse and as counter-speech, under a
negation, quoted to condemn, aimed at a policy rather than a person, or reclaimed by the group
they name. Every family yields pairs of near-identical messages with opposite labels.

Slurs are stored ROT13-encoded so the source does not read as a list of slurs.
"""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hustings.triage.labels import Label
from hustings.triage.synthetic_hate import hate_shape_twins, hate_shapes
from hustings.triage.synthetic_sexual import sexual_harassment, sexual_look_alike
from hustings.triage.synthetic_threats import threat_twins, threats_composed
from hustings.triage.template_slots import a_or_an as _a
from hustings.triage.template_slots import pick as _pick

T, H, HA, S, P, INT = (
    Label.THREAT,
    Label.HARASSMENT,
    Label.HATE,
    Label.SEXUAL_HARASSMENT,
    Label.PRIVATE_INFORMATION,
    Label.INTIMIDATION,
)


@dataclass(frozen=True, slots=True)
class Example:
    """One generated message, its labels and the family that made it (for per-family splits)."""

    text: str
    labels: frozenset[Label]
    family: str


def _rot(words: str) -> list[str]:
    return [codecs.decode(w, "rot13") for w in words.split("|")]


# --- slots -------------------------------------------------------------------------------------

GROUPS = [
    "women", "trans people", "gay people", "black people", "disabled people", "Muslims",
    "immigrants", "Jews", "refugees", "asylum seekers", "lesbians", "Asians", "Pakistanis",
    "Travellers", "Gypsies", "Hindus", "Sikhs", "bisexual people", "trans women", "gay men",
    "migrants", "Africans", "Romanians", "Poles", "Catholics", "deaf people", "autistic people",
    "black women", "Muslim women", "foreigners", "Chinese people", "Jewish people", "Irish people",
    "Nigerians", "Somalis", "Ukrainians", "Indians", "Arabs", "Kurds", "Bulgarians", "Jamaicans",
    "Christians", "atheists", "blind people", "non-binary people", "bisexual women", "Syrians",
    "Orthodox Jews", "Eastern Europeans", "Afghans", "people with learning disabilities",
]  # fmt: skip
GROUP_SINGULAR = [
    "woman", "trans person", "gay man", "black person", "disabled person", "Muslim",
    "immigrant", "Jew", "refugee", "lesbian", "Asian", "Traveller", "Sikh", "Hindu", "migrant",
    "foreigner", "asylum seeker", "trans woman", "Pakistani", "Jewish woman", "black man",
    "Nigerian", "Somali", "Christian", "blind man", "non-binary person", "Arab", "Indian woman",
    "Ukrainian",
]  # fmt: skip
NON_PROTECTED_GROUPS = [
    "artists", "lawyers", "bankers", "estate agents", "journalists", "landlords", "cyclists",
    "accountants", "footballers", "influencers", "lobbyists", "consultants", "vegans",
    "Arsenal fans", "commuters", "tourists", "students", "pensioners", "hedge fund managers",
    "Tories", "Labour voters", "Lib Dems", "Brexiteers", "Remoaners", "Reform voters", "the SNP",
    "politicians", "MPs", "councillors", "Plaid", "Green Party members", "property developers",
]  # fmt: skip
OBJECTS = [
    "cauliflower", "Mondays", "this weather", "the traffic on the M6", "traffic wardens' apps",
    "my printer", "the new roundabout", "tax returns", "this heatwave", "pineapple on pizza",
    "the 8.15 to Paddington", "my broadband", "queues at the post office", "paperwork",
    "this spreadsheet", "potholes", "reality TV", "the self-checkout machines", "jazz",
]  # fmt: skip
POLICIES = [
    "the housing bill", "this budget", "the Rwanda plan", "the new welfare cuts",
    "your party's manifesto", "the ULEZ expansion", "this tax rise", "the bedroom tax",
    "the council's parking scheme", "HS2", "the immigration bill", "the two-child limit",
    "your stance on Brexit", "the NHS reforms", "the green belt plan", "tuition fees",
    "the planning reforms", "the fuel duty freeze", "the school funding formula",
    "Labour's plan", "the Tory budget", "the Lib Dem leaflet", "Reform's policy",
    "the Green Party's tax plan", "the SNP's record on schools", "this government",
    "the cost of living crisis", "the energy price cap", "universal credit", "the local plan",
    "the bin collection changes", "the consultation", "the voting record on water companies",
]  # fmt: skip
NAMES = [
    "Sarah", "Priya", "Tom", "Aisha", "David", "Fatima", "James", "Olivia", "Mohammed",
    "Rachel", "Gareth", "Siobhan", "Kwame", "Emily", "Rhian", "Hamza", "Lucy", "Ben", "Nadia",
    "Cllr Patel", "Ms Hughes", "Mr Okafor", "Dr Evans", "Jess", "Angela", "Rishi", "Keir",
    "Nigel", "Ed", "Zarah", "Dawn", "Lee", "Bell", "Wes", "Bridget", "Jeremy", "Kemi", "Rosie",
]  # fmt: skip
YOU = ["you", "You", "u", "she", "he", "this woman", "this man", "our MP", "the candidate"]
INSULTS = [
    "idiot", "moron", "waste of space", "piece of shit", "pathetic excuse for a human",
    "disgusting pig", "worthless cow", "absolute scumbag", "vile creature", "parasite",
    "complete cretin", "thick twat", "lying bastard", "dickhead", "brainless muppet", "tosser",
    "clown", "loser", "fat slob", "ugly hag", "prick", "wanker", "bellend", "knobhead", "snake",
    "scumbag", "slimeball", "creep", "nonce", "rat", "absolute weapon", "gobshite", "plank",
]  # fmt: skip
ADJ_INSULTS = [
    "worthless", "pathetic", "disgusting", "stupid", "useless", "vile", "repulsive", "thick",
    "brain-dead", "ugly", "fat", "retarded", "hideous", "spineless", "sick in the head",
    "a disgrace to humanity", "filth", "vermin", "scum", "subhuman", "a waste of oxygen",
]  # fmt: skip
GROUP_NEG_ATTR = [
    "disgusting", "vermin", "scum", "parasites", "animals", "a plague", "filthy", "subhuman",
    "a cancer on this country", "rats", "dirty", "stupid", "worthless", "evil", "lesser beings",
    "a disease", "savages", "pigs", "a burden on society", "inferior", "cockroaches", "trash",
    "too stupid to vote", "a stain on this country", "dangerous", "not real people",
    "a menace", "degenerate", "beneath contempt", "the scum of the earth", "a danger to our children",
    "not fit to live among us", "a blight", "backward", "primitive", "repugnant", "rotten",
    "evil to the core", "the worst people on earth", "a disgrace to humanity",
]  # fmt: skip
PROFANITY = ["fucking", "bloody", "shit", "fuckin", "effing", "damn", "bollocks", "crap"]
HARM_VERBS = [
    "kill", "stab", "shoot", "murder", "hang", "strangle", "hurt", "batter", "beat", "knife",
    "glass", "burn", "behead", "string up", "cut", "smash", "bury", "maim", "put a bullet in",
]  # fmt: skip
HARM_PAST = [
    "killed", "stabbed", "shot", "murdered", "hanged", "strangled", "hurt", "battered",
    "beaten to death", "knifed", "burned alive", "beheaded", "strung up", "run over",
    "set on fire", "kicked to death", "lynched", "shot in the head", "acid attacked",
]  # fmt: skip
LESSONS = [
    "they won't walk away from", "with a bat", "the hard way", "in a dark alley",
    "they'll never forget", "with their fists", "that ends in hospital",
]  # fmt: skip
DAYS_AHEAD = ["in May", "on Thursday", "at the next election", "at the polls"]
DAYS = ["Friday", "Saturday", "Monday", "Thursday", "the weekend"]
THREAT_PHRASES = [
    "I will put you in the ground", "I'm going to end you", "gonna beat you to a pulp",
    "I'll break every bone in your body", "I'll do you in", "we will take you out",
    "you'll end up in a ditch", "you'll be six feet under by Christmas", "I'll make you disappear",
    "I will finish you, and I mean physically", "you'll leave the hustings in an ambulance",
    "I'll rip your head off", "I'm going to cave your skull in", "we'll string you up",
    "I'll smash your car and then you", "I'll cut your throat", "you won't see polling day",
    "I'm going to hunt you down", "I'll slit your throat", "we're going to get you",
    "you'll be going home in a body bag", "I'll put you in hospital", "one bullet, that's all it takes",
    "I'll set fire to you", "I will hurt you badly", "you'll be found in pieces",
    "you'll pay for this with your life", "you're going to pay with your blood",
    "this vote will cost you your life",
]  # fmt: skip
PROPERTY = [
    "your office", "your house", "your car", "your campaign office", "your windows",
    "your front door", "your home", "your constituency office", "your family home",
]  # fmt: skip
FAMILY = [
    "your kids", "your children", "your wife", "your husband", "your family", "your staff",
    "your daughter", "your son", "your mum", "your volunteers", "your partner",
]  # fmt: skip
STREETS = [
    "Acacia Avenue", "Church Lane", "Mill Road", "Victoria Street", "Station Road",
    "Park Crescent", "Meadow Close", "Elm Grove", "High Street", "Bridge Street", "Oak Drive",
    "Willow Way", "Queens Road", "Castle Terrace", "Heol y Bryn", "Kings Gardens",
]  # fmt: skip
TOWNS = [
    ("Leeds", "LS6 2AB"), ("Bristol", "BS3 1QT"), ("Cardiff", "CF24 4HQ"), ("Swansea", "SA1 8PQ"),
    ("Manchester", "M14 5RT"), ("Hull", "HU5 3LP"), ("Norwich", "NR2 4EE"), ("Derby", "DE22 1JH"),
    ("Bangor", "LL57 2DG"), ("Glasgow", "G12 8QQ"), ("Luton", "LU1 3JU"), ("Truro", "TR1 2HN"),
    ("Sheffield", "S10 2TN"), ("Croydon", "CR0 1NX"), ("Belfast", "BT7 1NN"),
]  # fmt: skip
SCHOOLS = [
    "St Mary's Primary", "Oakfield Academy", "Greenhill Primary School", "Ysgol Gymraeg Bro Teifi",
    "Hillside Infants", "the grammar school on Park Road", "Westfield High", "Little Acorns nursery",
    "St Joseph's RC Primary", "Kingsway Academy",
]  # fmt: skip
SLURS_GROUP = {
    "black people": _rot("avttref|pbbaf|avttnf|wvtnobbf"),
    "gay people": _rot("snttbgf|snt|dhrref|cbbsf|ubzbf"),
    "trans people": _rot("genaavrf|furznyrf|genaal|gencf"),
    "women": _rot("ovgpurf|fyhgf|juberf|phagf|fxnaxf"),
    "disabled people": _rot("ergneqf|fcnfgvpf|fcnmm|zbatf|pevcf"),
    "Muslims": _rot("ent urnqf|gbjry urnqf|zhmmvrf|cnxvf"),
    "Jews": _rot("xvxrf|lvqf"),
    "immigrants": _rot("jrgonpxf|cnxvf|sbervta fphz|vyyrtnyf"),
    "Travellers": _rot("cvxrlf|tlccbf"),
    "lesbians": _rot("qlxrf|yrfobf"),
    "Asians": _rot("puvaxf|tbbxf|cnxvf"),
}
SLUR_SINGULAR = _rot(
    "avttre|snttbg|glcr|gennal|ergneq|fcnfgvp|ovgpu|fyhg|juber|phag|cnxv|xvxr|pubax|cvxrl|qlxr"
    "|fcnm|jrgonpx|pbba|ent urnq|zbat|gjng"
)
RECLAIMED = _rot("avttn|dhrre|qlxr|snt")
HOMONYMS = [
    "I had this queer feeling we were being watched.",
    "The vet said the bitch had six healthy puppies.",
    "We had faggots and peas for tea, proper Black Country food.",
    "My nan used to call a cigarette a fag.",
    "The spastic colon diagnosis took months.",
    "They built a dam across the valley in 1960.",
    "Get your facts straight before you speak, that's all I ask of any candidate.",
    "The retard on the engine timing made it backfire.",
    "He's a bit of a dick sometimes but he votes the right way.",
    "The coon hound won best in show at the county fair.",
    "Ramming the bill through without scrutiny is a disgrace.",
    "Yorkshire pudding and faggots at the Sunday carvery, can't beat it.",
    "My gran was a proud Romany and taught me the old words.",
    "That gig last night was queer as folk in the best way.",
]  # fmt: skip


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --- families ----------------------------------------------------------------------------------
# Each family is a function(rng) -> (text, labels); the generator calls it many times.

Family = Callable[[random.Random], tuple[str, frozenset[Label]]]
FAMILIES: dict[str, Family] = {}
WEIGHTS: dict[str, int] = {}


def family(name: str, weight: int = 300) -> Callable[[Family], Family]:
    def register(fn: Family) -> Family:
        FAMILIES[name] = fn
        WEIGHTS[name] = weight
        return fn

    return register


def L(*labels: Label) -> frozenset[Label]:
    return frozenset(labels)


# Threats to one person, their family, staff or property.
def _direct_slots(verb: str, past: str, who: str, name: str) -> list[str]:
    """Second-person constructions whose meaning is carried by the verb alone: filled with harm
    they are threats, filled with politics or kindness they are not (see `_same_words`)."""
    return [
        f"I am going to {verb} {who}",
        f"I'm gonna {verb} {who}",
        f"I will {verb} {who} if you win",
        f"I'll {verb} {who} myself",
        f"we are going to {verb} {who}",
        f"{name}, I'm coming to {verb} {who}",
        f"next time I see you I'll {verb} {who}",
        f"I will find you and {verb} {who}",
        f"Keep talking and I'll {verb} {who}",
        f"one more vote like that and we {verb} {who}",
        f"I swear I'll {verb} {who} when I see you",
        f"you're going to get {past}",
        f"you're getting {past} the minute you step outside",
        f"you're getting {past}, just wait",
        f"{name}'s getting {past} after the count",
        f"you will be {past}, mark my words",
        f"I'm going to {verb} {who} and nobody will stop me",
    ]


def _wish_slots(verb: str, past: str, who: str) -> list[str]:
    """Wishes and "someone should" constructions, likewise carried by the verb."""
    return [
        f"someone should {verb} {who}",
        f"somebody needs to {verb} {who}",
        f"someone really ought to {verb} {who}",
        f"I hope {who} gets {past}",
        f"wish someone would {verb} {who}",
        f"{who} deserves to be {past}",
        f"{who} should be {past}",
        f"people like {who} should be {past}",
        f"won't somebody {verb} {who} already",
        f"I'd pay good money for someone to {verb} {who}",
    ]


@family("threat_direct", 700)
def _threat_direct(r: random.Random) -> tuple[str, frozenset[Label]]:
    verb = _pick(r, HARM_VERBS)
    who = _pick(r, ["you", "you", "you", "her", "him", "your family", "your kids", "your wife"])
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            *_direct_slots(verb, _pick(r, HARM_PAST), who, name),
            f"you'll end up {_pick(r, HARM_PAST)} like the last one",
            f"I'll be waiting with a {_pick(r, ['knife', 'bat', 'gun', 'hammer', 'crowbar'])}",
            f"there's a {_pick(r, ['bullet', 'knife', 'rope'])} with your name on it",
            f"you're a dead {_pick(r, ['woman', 'man'])} walking",
            f"your days are numbered {name}",
            f"{name} won't make it to polling day, I'll see to that",
            _pick(r, THREAT_PHRASES),
            _pick(r, THREAT_PHRASES) + f", {name}",
            f"{_cap(_pick(r, THREAT_PHRASES))} when you leave the count",
            f"I'll make sure {who} never walk again",
            f"I'm going to burn {_pick(r, PROPERTY)} down",
            f"{_cap(_pick(r, PROPERTY))} is going up in smoke {_pick(r, ['tonight', 'soon', 'this week'])}",
            f"{_cap(_pick(r, PROPERTY))} will burn, and you with it",
            f"we'll torch {_pick(r, PROPERTY)} with you inside",
            f"a brick through {_pick(r, PROPERTY)} is the least you'll get",
            f"{_pick(r, FAMILY)} won't be safe after this",
            f"watch what happens to {_pick(r, FAMILY)}",
            "petrol through your letterbox tonight",
            "I hope you enjoy your last week alive",
        ],
    )
    return text, L(T, H)


@family("threat_wish", 600)
def _threat_wish(r: random.Random) -> tuple[str, frozenset[Label]]:
    past = _pick(r, HARM_PAST)
    verb = _pick(r, HARM_VERBS)
    who = _pick(r, ["you", "her", "him", "this traitor", "that woman", _pick(r, NAMES)])
    text = _pick(
        r,
        [
            *_wish_slots(verb, past, who),
            f"I hope someone {verb}s {who}",
            f"hope you get {past} on the way home",
            f"it would be a shame if someone {past.split()[0]} {who}",
            f"if anyone {verb}s {who} I won't be sorry",
            f"a patriot will {verb} {who} one day and I'll cheer",
            f"Jo Cox was a warning, {who} could be next",
            f"what happened to Jo Cox should happen to {who}",
            f"someone needs to teach {who} a lesson {_pick(r, LESSONS)}",
            f"somebody ought to do a Jo Cox on {who}",
            f"{who} should go the same way as David Amess",
            f"{who} needs a bullet",
            f"{who} needs to be dealt with, permanently",
            f"let's hope a nutter gets to {who} first",
        ],
    )
    return text, L(T, H)


@family("wish_harm", 300)
def _wish_harm(r: random.Random) -> tuple[str, frozenset[Label]]:
    who = _pick(r, ["you", "you", "she", "he", _pick(r, NAMES)])
    text = _pick(
        r,
        [
            f"I hope {who} die{'s' if who not in ('you',) else ''} in a fire",
            "I hope you get cancer",
            "go and kill yourself",
            "kys you worthless cow",
            "do everyone a favour and top yourself",
            "nobody would miss you if you died",
            "the world would be better without you in it",
            f"I hope {who} get{'s' if who != 'you' else ''} what's coming",
            "rot in hell",
            "drink bleach and do us all a favour",
            "I'll dance on your grave",
            "you should top yourself, no one would notice",
            "just end it, nobody would care",
            "do the world a favour and jump off a bridge",
            "why don't you just kill yourself",
            "no one would even notice if you disappeared, go on",
        ],
    )
    return text, L(H)


@family("threat_group", 400)
def _threat_group(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, GROUPS)
    gs = _pick(r, GROUP_SINGULAR)
    verb = _pick(r, HARM_VERBS)
    text = _pick(
        r,
        [
            f"I am going to {verb} the next {gs} I see",
            f"I'll {verb} every {gs} in this town",
            f"we should get rid of {g} once and for all",
            f"all {g} should be {_pick(r, HARM_PAST)}",
            f"{g} deserve to be {_pick(r, HARM_PAST)}",
            f"I want to {verb} all {g}",
            f"it's time to round up the {g}",
            f"{g} need to be wiped out",
            f"I think that {g} should all be {_pick(r, HARM_PAST)}",
            f"let's burn down the {_pick(r, ['mosque', 'synagogue', 'hostel', 'gurdwara'])} tonight",
            f"we'll burn every {_pick(r, ['refugee hotel', 'mosque', 'asylum hostel'])} in the county",
            f"{g} will be hunted down",
            f"the only good {gs} is a dead one",
            f"gas the {g}",
            f"if I see a {gs} on my street I'll {verb} them",
        ],
    )
    return text, L(T, HA)


CRIMES = [
    "criminals", "rapists", "groomers", "terrorists", "thieves", "benefit cheats", "paedos",
    "liars", "scroungers", "drug dealers",
]  # fmt: skip
THREAT_SUBJECT = [
    "I'm going to", "I'll", "I will", "gonna", "we're going to", "I swear I'll", "I'm coming to",
    "I'm gonna", "we will", "I am going to", "me and the lads are going to", "I'd happily",
    "one day I'll", "I promise I will", "I'm going to find you and",
]  # fmt: skip
THREAT_ACT = [
    "kill you", "stab you", "put you in the ground", "beat you to a pulp", "end you",
    "break your legs", "smash your face in", "run you over", "burn your house down", "shoot you",
    "hurt your kids", "slit your throat", "strangle you", "glass you", "cave your head in",
    "put you in hospital", "hang you", "set you on fire", "batter you", "knock your teeth out",
    "throw acid in your face", "break every bone in your body", "make you bleed", "take you out",
    "do you in", "snap your neck", "kick your head in", "bury you", "gut you like a fish",
    "put a bullet in your head", "torch your office", "smash your car and then you",
    "drown you in the canal", "blow your brains out", "kick the life out of you",
    "lynch you", "murder your whole family", "break your jaw", "firebomb your office",
    "push you under a train", "bash your skull in", "choke you", "poison you",
    "throw you off a bridge", "tear you limb from limb", "burn you alive", "shoot your kids",
]  # fmt: skip
THREAT_WISH_ACT = [
    "runs you over", "stabs you", "puts a bullet in you", "beats you to a pulp", "shoots you",
    "kills you", "burns your house down", "slits your throat", "caves your head in",
    "throws acid at you", "hangs you", "knifes you", "puts you in the ground", "ends you",
    "flattens you with a lorry", "drowns you", "blows your brains out", "firebombs your office",
    "burns you alive", "murders you",
]  # fmt: skip
ADJUNCT = [
    "", "", "", " tonight", " when you leave the count", ", traitor", " and nobody will stop me",
    " if you win", ", councillor", " next time I see you", " with my bare hands", ", mark my words",
    " and I mean physically", " before polling day", ", you {ins}",
]  # fmt: skip


@family("threat_composed", 900)
def _threat_composed(r: random.Random) -> tuple[str, frozenset[Label]]:
    adj = _pick(r, ADJUNCT).replace("{ins}", _pick(r, INSULTS))
    lead = _pick(
        r,
        [
            "",
            "",
            "",
            "Keep pushing that policy and ",
            "One more word and ",
            "Listen, ",
            "If you vote for it ",
            "I know what car you drive. ",
        ],
    )
    if r.random() < 0.7:
        text = f"{lead}{_pick(r, THREAT_SUBJECT)} {_pick(r, THREAT_ACT)}{adj}"
    else:
        act = _pick(r, THREAT_WISH_ACT)
        text = _pick(
            r,
            [
                f"I really hope someone {act}{adj}",
                f"can't wait for the day someone {act}",
                f"if someone {act} tomorrow, I'd celebrate",
                f"I'd laugh if somebody {act}",
                f"here's hoping a patriot {act}",
                f"pray someone {act}{adj}",
            ],
        )
    return text, L(T, H)


# Harassment aimed at a person.
@family("insult_direct", 800)
def _insult_direct(r: random.Random) -> tuple[str, frozenset[Label]]:
    ins = _pick(r, INSULTS)
    adj = _pick(r, ADJ_INSULTS)
    name = _pick(r, NAMES)
    prof = _pick(r, PROFANITY)
    text = _pick(
        r,
        [
            f"you are {_a(ins)}",
            f"you're a {prof} {ins}",
            f"{name} is {_a(ins)}",
            f"{name} you {ins}",
            f"shut up you {ins}",
            f"shut your {prof} mouth you {ins}",
            f"you are {adj}",
            f"you're so {adj} it hurts",
            f"{name} is {adj} and everyone knows it",
            f"what {_a(ins)} you are",
            f"fuck you {name}",
            f"fuck off you {ins}",
            f"nobody likes you, you {ins}",
            "you make me sick",
            "you disgust me",
            f"look at the state of you, {adj}",
            f"go crawl back under your rock you {ins}",
            f"{name} should be ashamed to be seen in public, {adj} {ins}",
            f"every time you open your mouth I remember what a {ins} you are",
            "your face makes me want to vomit",
            f"nobody wants you here, get lost {ins}",
            f"you {prof} {ins}, resign",
            f"@{name.lower()} {ins}",
            f"{name}? {_cap(adj)}. Absolute {ins}.",
            f"imagine being as {adj} as {name}",
            f"you are nothing but a {ins}",
            "you're not worth the air you breathe",
            "you aren't fit to lick my boots",
            f"not a single brain cell in that {adj} head of yours",
        ],
    )
    return text, L(H)


# Sexual harassment is built from parts in its own module; registered here like every family.
family("sexual", 800)(sexual_harassment)
family("sexual_look_alike", 500)(sexual_look_alike)
# So are the shapes of hate a word list misses (felt, denied, asked, referred back, implied).
family("hate_shapes", 900)(lambda r: hate_shapes(r, GROUPS, GROUP_SINGULAR))
family("hate_shape_twins", 700)(lambda r: hate_shape_twins(r, GROUPS, GROUP_SINGULAR))
# And threats composed from parts: veiled, with deadlines, to whoever turns up, to property.
family("threats_composed", 700)(lambda r: threats_composed(r, GROUPS, GROUP_SINGULAR))
family("threat_twins", 500)(lambda r: threat_twins(r, GROUPS, GROUP_SINGULAR))


# Hate against protected characteristics.
@family("hate_group", 1000)
def _hate_group(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, GROUPS)
    gs = _pick(r, GROUP_SINGULAR)
    attr = _pick(r, GROUP_NEG_ATTR)
    prof = _pick(r, PROFANITY)
    text = _pick(
        r,
        [
            f"I hate {g}",
            f"I really can't stand {g}",
            f"{g} are {attr}",
            f"{g} are nothing but {attr}",
            f"all {g} are {attr}",
            f"{g} belong in a zoo",
            f"{g} should go back where they came from",
            f"{g} don't belong in this country",
            f"{g} are ruining this country",
            f"why are all {g} so {_pick(r, ['stupid', 'filthy', 'repulsive', 'lazy', 'disgusting'])}?",
            f"isn't it obvious that {g} are {attr}?",
            f"I think {g} are {attr}",
            f"in my opinion {g} are {attr}",
            f"{g} lives don't matter",
            f"I can't stand {g}, they make me sick",
            f"{g} make me sick",
            f"{g} are not welcome here",
            f"{g} are not welcome anywhere near this town",
            f"{g} should be locked up",
            f"{g} are perverts",
            f"{g} can't be trusted with anything",
            f"{g} will never be equal to us",
            f"{g} don't deserve rights",
            f"{g} are all {_pick(r, CRIMES)}",
            f"why do {g} always {_pick(r, ['commit crime', 'lie', 'cheat', 'steal', 'scrounge', 'play the victim'])}?",
            f"{g} are {_pick(r, ['invaders', 'an infestation', 'a plague of locusts', 'an abomination', 'degenerates', 'freaks', 'groomers', 'predators', 'thieves', 'a burden on the rest of us', 'a drain on the NHS'])}",
            f"{g} should never have been given {_pick(r, ['the vote', 'passports', 'rights', 'council houses'])}",
            f"{g} own the {_pick(r, ['media', 'banks', 'government', 'Labour party', 'BBC'])}",
            f"{g} are behind {_pick(r, ['every war', 'the cost of living crisis', 'all our problems', 'the crime wave'])}",
            f"{g} should be treated like the {_pick(r, ['invaders', 'vermin', 'animals', 'criminals'])} they are",
            f"{g} are dirty thieving scum",
            f"{g} are a mental illness",
            f"{g} aren't human",
            f"{g} can never be British",
            f"I wouldn't let {g} near my children",
            f"{g} are not human",
            f"{g} shouldn't be allowed to vote",
            f"{g} shouldn't be allowed to stand for election",
            f"these {g} should shut the {prof} up",
            f"{prof} {g} everywhere these days",
            f"I have met many {g} and I hate every single one of them",
            f"of course they are stupid, they are just {g} after all",
            f"{g} are a blight on our towns",
            f"you can always tell a {_pick(r, GROUP_SINGULAR)} by the smell",
            f"typical {_pick(r, GROUP_SINGULAR)}, can't be trusted",
            f"never trust a {_pick(r, GROUP_SINGULAR)}",
            f"keep {g} out of parliament",
            f"another {_pick(r, GROUP_SINGULAR)} candidate, this country is finished",
            f"{g} are breeding like rats",
            f"send the {g} back on the boats",
            f"ban {g} from {_pick(r, ['public office', 'our schools', 'this town', 'the council', 'parliament'])}",
            f"get rid of the {g}, all of them",
            f"I'd never vote for {_a(gs)} {gs}, they're all the same",
            f"nobody wants {g} here",
            f"I'm sick to death of {g}",
        ],
    )
    return text, L(HA)


@family("hate_slur", 700)
def _hate_slur(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, sorted(SLURS_GROUP))
    slur = _pick(r, SLURS_GROUP[g])
    one = _pick(r, SLUR_SINGULAR)
    name = _pick(r, NAMES)
    text, labels = _pick(
        r,
        [
            (f"you are just a {one} to me", L(HA, H)),
            (f"shut up you {one}", L(HA, H)),
            (f"{name} is a {one}", L(HA, H)),
            (f"go home you dirty {one}", L(HA, H)),
            (f"nobody votes for a {one}", L(HA, H)),
            (f"{slur} everywhere", L(HA)),
            (f"I hate {slur}", L(HA)),
            (f"{slur} should all be gassed", L(HA, T)),
            (f"too many {slur} round here", L(HA)),
            (f"the {slur} are taking over", L(HA)),
            (f"of course {name} won, the {slur} voted for her", L(HA)),
            (f"typical {one} behaviour", L(HA)),
            (
                f"{slur} {_pick(r, ['camped on the rec again', 'have moved in next door', 'have nicked the lead off the church roof', 'were out canvassing today'])}",
                L(HA),
            ),
            (f"not voting for any party that panders to {slur}", L(HA)),
            (
                f"lazy {one} {_pick(r, ['MP', 'councillor', 'candidate'])} still hasn't answered my email",
                L(HA, H),
            ),
        ],
    )
    return text, labels


@family("hate_person", 400)
def _hate_person(r: random.Random) -> tuple[str, frozenset[Label]]:
    gs = _pick(r, GROUP_SINGULAR)
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"go back to your own country {name}",
            f"you're only a candidate because you're a {gs}",
            f"no {gs} will ever represent me",
            f"{name} should go back to where she came from",
            f"a {gs} has no place in parliament",
            f"get back in the kitchen {name}",
            f"{name} should be making sandwiches not laws",
            f"dirty {gs}, get out of our town",
            f"we don't want a {gs} as our MP",
            f"{name} is a typical {gs}, lying is in their blood",
        ],
    )
    return text, L(HA, H)


# Private information (doxxing) and intimidation.
@family("doxx", 700)
def _doxx(r: random.Random) -> tuple[str, frozenset[Label]]:
    name = _pick(r, NAMES)
    street = _pick(r, STREETS)
    town, pc = TOWNS[r.randrange(len(TOWNS))]
    num = r.randint(1, 180)
    phone = _pick(
        r,
        [
            f"07{r.randint(100, 999)} {r.randint(100000, 999999)}",
            f"07{r.randint(100, 999)}{r.randint(100000, 999999)}",
            f"+44 7{r.randint(100, 999)} {r.randint(100, 999)} {r.randint(100, 999)}",
            f"01{r.randint(10, 99)}{r.randint(0, 9)} {r.randint(100000, 999999)}",
        ],
    )
    school = _pick(r, SCHOOLS)
    text, labels = _pick(
        r,
        [
            (f"{name} lives at {num} {street}, {town} {pc}", L(P)),
            (
                f"{name}'s home address is {num} {street} {pc}, go and tell her what you think",
                L(P, INT),
            ),
            (f"here's where {name} lives: {num} {street}, {town}", L(P)),
            (f"her personal mobile is {phone}, ring her day and night", L(P, H)),
            (f"{name}'s number is {phone}, let her know how we feel", L(P, INT)),
            (f"call him on {phone} at 3am, he deserves it", L(P, H)),
            (f"{name}'s kids go to {school}, just saying", L(P, INT)),
            (f"her children go to {school}, be a shame if something happened", L(P, INT, T)),
            (f"I know your daughter goes to {school}", L(P, INT)),
            (f"his wife works at the Tesco on {street}, pop in and say hello", L(P, INT)),
            (f"found {name}'s house, {num} {street}, postcode {pc}", L(P)),
            ("I'm going to post your home address online", L(P, INT)),
            ("I'll publish your address and your kids' school for everyone", L(P, INT)),
            ("we're going to dox you and your whole family", L(P, INT)),
            ("everyone is going to know where you live", L(P, INT)),
            ("drop out or your address goes on every forum", L(P, INT)),
            ("I've got your home address and I'm sharing it tonight", L(P, INT)),
            (f"{name} lives on {street} in {town}, the house with the blue door", L(P)),
            (f"her postcode is {pc}, do what you want with that", L(P, INT)),
            (f"DM me for {name}'s personal email and mobile", L(P)),
            (f"the candidate sleeps at {num} {street}, {pc}", L(P, INT)),
        ],
    )
    return text, labels


@family("intimidation", 700)
def _intimidation(r: random.Random) -> tuple[str, frozenset[Label]]:
    name = _pick(r, NAMES)
    text, labels = _pick(
        r,
        [
            ("we know where you live", L(INT)),
            (f"we know where you live {name}", L(INT)),
            ("I know where your kids go to school", L(INT, P)),
            ("we know your car and we know your routine", L(INT)),
            ("let's all turn up at her house on Saturday", L(INT)),
            (
                f"everyone meet outside {_pick(r, ['her', 'his', name + chr(39) + 's'])} house at 8 tonight",
                L(INT),
            ),
            ("let's go round to his place and make him listen", L(INT)),
            ("a few of us will be on her doorstep tomorrow morning, bring friends", L(INT)),
            (f"everyone get down to {name}'s house tonight and let her know", L(INT)),
            ("we'll be waiting outside your home", L(INT)),
            ("I'll be waiting for you after the hustings", L(INT, T)),
            ("see you at your surgery on Friday, you won't enjoy it", L(INT, T)),
            ("drop out of the race or else", L(INT)),
            ("pull out of the election if you know what's good for you", L(INT)),
            ("stand down now or you'll regret it", L(INT)),
            ("you'd better stop campaigning", L(INT)),
            ("watch your back", L(INT)),
            ("watch your back at the count", L(INT)),
            ("you've been warned", L(INT)),
            ("this is your last warning", L(INT)),
            ("we're watching you", L(INT)),
            ("we're watching your every move and your family's", L(INT)),
            ("sleep with one eye open", L(INT, T)),
            ("let's pay her a little visit at home", L(INT)),
            ("time someone paid him a home visit", L(INT)),
            ("keep quiet about this or we'll make your life hell", L(INT, H)),
            ("people like you get what's coming to them", L(INT, T)),
            ("nice house you've got, shame if anything happened to it", L(INT, T)),
            ("I saw you leave your house this morning, lovely blue coat", L(INT)),
            ("do you always walk your dog at 7 on your own?", L(INT)),
            ("we're coming for you", L(INT, T)),
            ("you won't be standing next time, one way or another", L(INT, T)),
            (
                "don't bother coming to canvass on our estate again if you want to keep your teeth",
                L(INT, T),
            ),
            ("we'll be on your doorstep every night until you quit", L(INT)),
            ("you're being followed, you just haven't noticed yet", L(INT)),
            ("quit the race while you still can", L(INT)),
            ("think very carefully about standing again, for your family's sake", L(INT)),
            ("keep talking and see what happens to you", L(INT)),
            (f"keep going on about {_pick(r, POLICIES)} and see what happens", L(INT)),
            ("accidents happen to people who don't listen", L(INT, T)),
            ("it would be a shame if your family got caught up in this", L(INT, T)),
            ("withdraw your candidacy, we won't ask nicely twice", L(INT)),
            ("stand down while you still have the choice", L(INT)),
            ("for the sake of your kids, don't stand again", L(INT)),
            ("we've been watching your house", L(INT)),
            ("we know which car is yours", L(INT)),
            ("nice garden you've got, be a pity if something happened to it", L(INT, T)),
        ],
    )
    return text, labels


# --- non-abusive: the hard negatives -------------------------------------------------------------


@family("counter_quote", 900)
def _counter_quote(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, GROUPS)
    attr = _pick(r, GROUP_NEG_ATTR)
    ins = _pick(r, INSULTS)
    verb = _pick(r, HARM_VERBS)
    name = _pick(r, NAMES)
    q = _pick(r, ['"', "'", "“"])
    qc = {"“": "”"}.get(q, q)
    abuse = _pick(
        r,
        [
            f"{g} are {attr}",
            f"I hate {g}",
            f"you {ins}",
            f"I'll {verb} you",
            f"{g} should be {_pick(r, HARM_PAST)}",
            "go back to your own country",
            f"you're a {ins}",
            "we know where you live",
            f"someone should {verb} her",
            f"{g} belong in a zoo",
            f"kill all {g}",
        ],
    )
    quoted = f"{q}{abuse}{qc}"
    text = _pick(
        r,
        [
            f"Statements like {quoted} are deeply hurtful.",
            f"{_cap(quoted)} is not an opinion, it's hate.",
            f"Someone just sent me {quoted}. This is what candidates put up with.",
            f"If you tweet {quoted} at me you will be reported.",
            f"You said {quoted}. That is disgusting and you should apologise.",
            f"I'm sick of seeing {quoted} in my replies. Enough.",
            f"Writing {quoted} under a candidate's post is not free speech.",
            f"Reported. {_cap(quoted)} has no place here.",
            f"People keep telling {name} {quoted}, it has to stop.",
            f"The leaflet said {quoted}, which is vile and we've told the police.",
            f"{_cap(quoted)}? No. Just no.",
            f"Nobody should ever have to read {quoted} just for standing for election.",
            f"Today someone shouted {quoted} at our volunteers. We won't be intimidated.",
            f"When you say {quoted} you show everyone who you really are.",
            f"Saying {quoted} is wrong and always will be.",
            f"I can't believe people still think {quoted} is acceptable.",
            f"Screenshot for the police: {quoted}.",
        ],
    )
    return text, L()


@family("counter_ref", 900)
def _counter_ref(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, GROUPS)
    attr = _pick(r, GROUP_NEG_ATTR)
    ins = _pick(r, INSULTS)
    verb = _pick(r, HARM_VERBS)
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"You have to stop calling {g} {attr}.",
            f"Calling {g} {attr} says more about you than about them.",
            f"Stop saying {g} are {attr}, it's just not true.",
            f"It's wrong to say that {g} are {attr}.",
            f"Anyone who thinks {g} are {attr} needs to take a long look at themselves.",
            f"I'm fed up with people claiming {g} are {attr}.",
            f"Threatening to {verb} a candidate is a crime and I've reported it.",
            f"Someone threatened to {verb} {name} today. Police are investigating.",
            f"Called {name} a {ins}? Blocked and reported.",
            f"If you call {name} a {ins} you lose the argument.",
            f"Calling a woman a {_pick(r, ['bitch', 'slag', 'whore', 'cow'])} for standing for election is misogyny, plain and simple.",
            f"Death threats against {name} are appalling and must be condemned.",
            f"We stand with {name} after the abuse she received this week.",
            f"The abuse {g} get online is shocking and we have to call it out.",
            f"Hate against {g} has no place in our town.",
            f"Reported the account that said {g} should be {_pick(r, HARM_PAST)}.",
            f"Saying someone should {verb} an MP is not banter, it's a threat.",
            f"Nobody should be told they'll be {_pick(r, HARM_PAST)} for standing for office.",
            "Doxxing a candidate's home address is dangerous and illegal in spirit if not in letter.",
            "Posting someone's address online to intimidate them must stop.",
            f"Racist abuse of {name} is disgusting, the party must act.",
            f"Using slurs against {g} is never acceptable.",
            f"Please stop calling {g} {attr}. They are people.",
            f"{_pick(r, ['Publishing', 'Posting', 'Sharing', 'Leaking', 'Tweeting'])} {_pick(r, ['an MP', 'a candidate', 'a councillor', name])}'s {_pick(r, ['address', 'home address', 'phone number', 'family details'])} is {_pick(r, ['doxxing', 'dangerous', 'wrong', 'a crime waiting to happen', 'how people get hurt'])}.",
            f"{_pick(r, ['Doxxing', 'Publishing home addresses', 'Sharing family details'])} puts lives at risk and has to stop.",
            f"Comparing {g} to {_pick(r, ['rats', 'vermin', 'animals', 'insects', 'a disease'])} is {_pick(r, ['how genocide starts', 'dehumanising', 'how the worst chapters of history began', 'disgusting'])}.",
            f"Talking about {g} as {attr} is exactly what the far right wants.",
            f"People who say {g} are {attr} should spend a day with them.",
            f"Whoever posted {name}'s home address online should be prosecuted.",
            "Sharing a candidate's phone number so people can harass her is cowardly.",
            f"If your argument depends on saying {g} are {attr}, you have no argument.",
            f"It's appalling that someone threatened to {verb} a councillor.",
            f"Telling {g} to go home is racist.",
            f"You can disagree with {name} without calling her a {_pick(r, INSULTS)}.",
            f"Describing {g} as {attr} is dehumanising.",
            f"Why do people think it's OK to tell {g} to go back where they came from?",
        ],
    )
    return text, L()


@family("negation", 900)
def _negation(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, GROUPS)
    gs = _pick(r, GROUP_SINGULAR)
    ins = _pick(r, INSULTS)
    adj = _pick(r, ADJ_INSULTS)
    verb = _pick(r, HARM_VERBS)
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"I would never say you're {adj}.",
            f"I'd never call you a {ins}, even though I disagree with you.",
            f"You are not a {ins}, whatever they say.",
            f"{name} is not {adj}, she's just wrong on {_pick(r, POLICIES)}.",
            f"No {gs} deserves to die.",
            f"No {gs} deserves to be {_pick(r, HARM_PAST)}.",
            f"{g} are not {attr_plain(r)}.",
            f"I don't hate {g}, I never have.",
            f"Nobody should {verb} anyone over an election.",
            "I would never threaten anyone, let alone a candidate.",
            f"I don't think {g} are {attr_plain(r)} at all.",
            f"It's not true that {g} are {attr_plain(r)}.",
            f"I'm not saying you're a {ins}, I'm saying your policy is bad.",
            f"I won't {verb} anyone, I'll just vote you out.",
            f"Nobody is calling you {adj}, calm down.",
            f"There's no way {g} are {attr_plain(r)}, that's nonsense.",
            f"{name} is no {ins}, she did her homework.",
            f"No one thinks {g} should be {_pick(r, HARM_PAST)}.",
            f"I never said {g} were {attr_plain(r)} and I never would.",
            f"You're not {adj}, you're just on the wrong side of this.",
            f"You are not {_a(ins)}, you just got this one wrong.",
            f"You're not {_a(ins)} and I never said you were.",
            f"{name} isn't {_a(ins)}, she's a decent person I disagree with.",
            f"Nobody here thinks you're {_a(ins)}.",
            f"I don't think you're {adj}, I think you've been badly advised.",
            f"Nobody wants to {verb} you, we just want the road fixed.",
            f"I'm not going to {verb} anyone, I'm going to vote.",
            f"I'm not going to {verb} you, I'm going to campaign against you.",
            f"We won't {verb} anyone; we'll outvote them.",
            f"{_cap(g)} are not a {_pick(r, ['danger', 'threat', 'risk'])} to {_pick(r, ['children', 'anyone', 'our town', 'women'])} and never were.",
            f"{_cap(g)} aren't {_pick(r, ['dangerous', 'criminals', 'the problem', 'a threat'])}, poverty is.",
            f"Nobody is saying {g} are {attr_plain(r)}.",
            "Never would I wish harm on you or your family.",
        ],
    )
    return text, L()


def attr_plain(r: random.Random) -> str:
    return _pick(r, GROUP_NEG_ATTR)


@family("policy_profanity", 1000)
def _policy_profanity(r: random.Random) -> tuple[str, frozenset[Label]]:
    pol = _pick(r, POLICIES)
    prof = _pick(r, PROFANITY)
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"{_cap(pol)} is {prof} awful.",
            f"{_cap(pol)} is a load of {_pick(r, ['shit', 'bollocks', 'crap', 'bullshit'])}.",
            f"fuck {pol}",
            f"fuck this {_pick(r, ['budget', 'bill', 'policy', 'plan', 'government', 'manifesto'])}",
            f"what a {prof} shambles {pol} is",
            f"{_cap(pol)} is an absolute shitshow and {name} knows it",
            f"{name}, your position on {pol} is {prof} nonsense and you know it.",
            f"Honestly {pol} is the stupidest idea I've heard all year.",
            f"{_cap(pol)} is a disgrace. Vote them out.",
            f"{_cap(pol)} will hurt the poorest families, shame on you {name}.",
            f"Your record on {pol} is shameful and I'll be voting against you.",
            f"{name} voted for {pol}. Never again.",
            f"This {prof} government has wrecked {pol}.",
            f"Bin {pol}, it's {prof} rubbish.",
            f"holy shit {pol} is even worse than I thought",
            f"{_cap(pol)}? Total bollocks from start to finish.",
            f"We need to kill {pol} before it kills our high street.",
            f"Let's smash {pol} at the ballot box.",
            f"We'll beat them on polling day and scrap {pol}.",
            f"Time to kick this lot out and bury {pol} for good.",
            f"{name} you should resign over {pol}.",
            f"You lied about {pol} and voters will remember.",
            f"{name}'s U-turn on {pol} is spineless politics.",
            f"I hate {pol} with a passion.",
            f"Scrap {pol}. It's a disgusting betrayal of working people.",
            f"{_cap(pol)} is a stab in the back for pensioners.",
            "This is a shit policy and you should be embarrassed defending it.",
            "The damn council ruined the bus routes again.",
            f"{name}, respectfully, {pol} is bullshit and your leaflets are full of lies.",
            f"{_cap(pol)} is pathetic, weak and cruel.",
            f"Your party are clowns on {pol}, utter clowns.",
        ],
    )
    return text, L()


@family("profanity_benign", 700)
def _profanity_benign(r: random.Random) -> tuple[str, frozenset[Label]]:
    prof = _pick(r, PROFANITY)
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            "I wish someone could get me the fuck out of here.",
            f"What a {prof} brilliant speech tonight.",
            "Fuck yeah, we won the seat!",
            f"holy shit what a result for {name}",
            f"{name} absolutely killed it in the debate.",
            "That was a fucking great hustings, well done everyone.",
            f"I'm so {prof} tired after canvassing all day.",
            "Shit, I left my leaflets on the bus.",
            "Damn, the turnout was low in our ward.",
            "It's bloody freezing out on the doorstep today.",
            "Fucking hell, the count is taking forever.",
            f"{name} is a bloody legend for turning out in the rain.",
            "Bollocks, missed the deadline for postal votes.",
            f"No fucking way, {name} won by 12 votes!",
            "I'm going to kill it at the hustings tomorrow.",
            "We're going to crush this canvassing session.",
            "This cake is to die for.",
            "Knock 'em dead at the debate tonight!",
            "My feet are killing me after six hours of leafleting.",
            "I could murder a cup of tea after that count.",
            "Shoot me a message if you want a lawn sign.",
            "That joke absolutely slayed the room.",
            "She's a total badass on the campaign trail.",
            "Fuck me, that's a lot of leaflets to deliver.",
            "Crap weather for canvassing, but we keep going.",
            "Shit, forgot my rosette.",
            "Oh shit, the printer's jammed again.",
            "Fuck, I locked myself out of the campaign office.",
            "Bollocks, it's raining on polling day.",
            "Shit shit shit, I'm late for the count.",
            "Damn that was close.",
            "Fucking finally, the results are in.",
            "Crap, the leaflets have the wrong date on them.",
        ],
    )
    return text, L()


@family("political_criticism", 1000)
def _political(r: random.Random) -> tuple[str, frozenset[Label]]:
    pol = _pick(r, POLICIES)
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"{name}, you've been an MP for ten years and done nothing about {pol}.",
            f"I will never vote for {name} after {pol}.",
            f"{name} is wrong about {pol} and the figures prove it.",
            f"Why did you vote against {pol}? Explain yourself to your constituents.",
            f"{name}'s party has failed this town for a generation.",
            f"You are out of touch, {name}. People can't afford to heat their homes.",
            f"Resign. Your handling of {pol} has been a catastrophe.",
            f"{name} has no idea what ordinary people are going through.",
            f"Another broken promise from {name}. Shameful.",
            f"You should be ashamed of your voting record on {pol}.",
            f"{name} is the worst MP this constituency has ever had.",
            f"I'm furious about {pol}. You have let us all down.",
            f"I'm coming to your surgery on {_pick(r, DAYS)} to ask about {pol}.",
            f"See you at your surgery on {_pick(r, DAYS)}, {name}, I've got questions about {pol}.",
            f"We'll be outside the town hall with placards on {_pick(r, DAYS)} about {pol}.",
            f"We're coming to your office with a petition against {pol}.",
            f"Shut up about {pol}, you caused it.",
            f"Let's teach {name} a lesson at the ballot box.",
            f"Voters will teach your party a lesson {_pick(r, DAYS_AHEAD)} over {pol}.",
            f"Your party will be wiped out and you'll be out of a job, {name}. Good riddance.",
            f"You should be in prison for what you did on {pol}.",
            f"Oh do shut up about {pol}, your party made this mess.",
            f"Stop lecturing us about {pol}, you voted for it.",
            f"Vote {name} out on Thursday!",
            f"Get back to work instead of tweeting about {pol} all day, {name}.",
            f"Go back to Westminster and do your job on {pol}.",
            f"Get back to work, {name}. Nobody elected you to do photo ops.",
            f"Go back to London, {name}, and fix {pol} while you're there.",
            f"{name} dodged every question at the hustings. Cowardly.",
            f"Your campaign is built on lies about {pol}.",
            f"{name} is a career politician who cares only about power.",
            f"You're a hypocrite on {pol} and you know it.",
            f"{name} should be sacked for the mess on {pol}.",
            f"Absolute incompetence from {name} on {pol}.",
            f"We're going to beat you on polling day, {name}.",
            f"We will fight {pol} all the way.",
            f"Let's defeat {name} at the ballot box.",
            "We are going to beat you in May and kick your party out of the council.",
            f"We'll wipe you out at the election, {name}.",
            "Your party is going to get hammered in May.",
            f"We'll destroy you in the debate on {pol}.",
            f"Time to take {name} down at the polls.",
            f"I hope you lose your seat on Thursday, {name}.",
            "Kill the bill! Protest at the town hall on Saturday.",
            "Crush the Tories at the ballot box!",
            f"We're coming for your seat, {name}, see you at the count.",
            f"{name}, your leaflet is misleading and I've complained to the Electoral Commission.",
            f"Thanks {name} for answering my question about {pol}, still disagree though.",
            f"Good luck on Thursday {name}, you have my vote.",
            f"Great to meet {name} on the doorstep today.",
            f"{name} spoke well about {pol} at the hustings.",
            f"Where do you stand on {pol}, {name}?",
            f"Please come to our hustings on Tuesday at 7pm, {name}.",
            f"Visit our campaign office at {r.randint(1, 99)} {_pick(r, STREETS)}, {TOWNS[r.randrange(len(TOWNS))][0]} {TOWNS[r.randrange(len(TOWNS))][1]}.",
            f"Call the constituency office on 0{r.randint(1100, 2999)} {r.randint(100000, 999999)} for help with {pol}.",
            f"Surgery hours this Saturday at the library on {_pick(r, STREETS)}.",
            f"The candidate's office is at {r.randint(1, 99)} {_pick(r, STREETS)}, {TOWNS[r.randrange(len(TOWNS))][0]} {TOWNS[r.randrange(len(TOWNS))][1]}, open 10 to 4.",
            f"Drop-in advice session at {r.randint(1, 99)} {_pick(r, STREETS)} {TOWNS[r.randrange(len(TOWNS))][1]} every Friday.",
            f"Our campaign HQ has moved to {r.randint(1, 99)} {_pick(r, STREETS)}. Volunteers welcome!",
            f"Write to {name} at the constituency office, {r.randint(1, 99)} {_pick(r, STREETS)}, {TOWNS[r.randrange(len(TOWNS))][1]}.",
            f"The count will be at the leisure centre on {_pick(r, STREETS)}.",
            f"Polling station moved to the church hall, {_pick(r, STREETS)}.",
        ],
    )
    return text, L()


VISIT_PLACES = [
    "your surgery", "your office", "the constituency office", "your next street stall",
    "the hustings", "your advice session", "the count",
]  # fmt: skip
VISIT_PEACEFUL = [
    "with a petition", "with a list of questions", "with fifty signatures", "with my neighbours",
    "with a placard", "with the residents' association", "with our letters about the bus cuts",
    "to ask about the hospital", "to hand in our petition", "with my MP questions written down",
]  # fmt: skip
VISIT_ARMED = [
    "with a knife", "with a can of petrol", "with a baseball bat", "with a blade",
    "with a hammer", "with a few lads who want a word", "with something sharp for you",
    "with a lighter and petrol", "with my machete",
]  # fmt: skip


@family("visits", 250)
def _visits(r: random.Random) -> tuple[str, frozenset[Label]]:
    """Turning up in person: with a petition it is democracy, with a weapon it is a threat.
    The frame ("coming to your surgery on Friday") is the same, so only what they bring can
    tell the two apart; both halves are generated from one template."""
    place, day, name = _pick(r, VISIT_PLACES), _pick(r, DAYS), _pick(r, NAMES)
    armed = r.random() < 0.5
    what = _pick(r, VISIT_ARMED if armed else VISIT_PEACEFUL)
    text = _pick(
        r,
        [
            f"I'm coming to {place} on {day} {what}",
            f"see you at {place} on {day}, I'll be there {what}",
            f"{name}, we'll be at {place} on {day} {what}",
            f"a few of us are coming to {place} {what}",
            f"I'll be waiting at {place} {what}",
            f"expect me at {place} on {day} {what}",
        ],
    )
    return text, (L(T, INT) if armed else L())


@family("group_neutral", 700)
def _group_neutral(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, GROUPS)
    gs = _pick(r, GROUP_SINGULAR)
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"We are a group of {g}.",
            f"I love {g}.",
            f"{g} are welcome here.",
            f"Proud to stand alongside {g} in this constituency.",
            f"{name} will be the first {gs} to represent this seat.",
            f"As a {gs} I know what discrimination feels like.",
            f"{g} contribute so much to our town.",
            f"Two {g} were elected to the council yesterday.",
            f"The report found {g} face more abuse online.",
            f"{g} deserve the same respect as everyone else.",
            f"Our party wants more {g} standing for election.",
            f"{name} is a {gs} and proud of it.",
            f"My neighbours are {g} and they're lovely people.",
            f"Very few {g} are in parliament.",
            f"The hustings covered the needs of {g} in the area.",
            f"Hate crimes against {g} rose last year, according to the Home Office.",
        ],
    )
    return text, L()


# Hate's own frames filled with warmth or plain fact. The public sets rarely name a group except to
# attack it, so the model had learnt a group's name and hate's frames ("{g} are …", "{g} deserve
# …") as hate: 41% of positive statements about groups in tests/triage/data/identity.jsonl were
# flagged. As `same_words` does for threats, this leaves hostility to the words that carry it.
GROUP_POS_ATTR = [
    "wonderful", "great", "lovely", "kind", "talented", "hard-working", "valued members of this town",
    "our neighbours and friends", "as British as anyone", "welcome in this constituency", "amazing",
    "a credit to this country", "human beings like the rest of us", "fantastic campaigners",
    "an asset to our town", "equal citizens", "great company", "the backbone of our NHS",
]  # fmt: skip
GROUP_DESERVE = [
    "respect", "dignity", "a voice in parliament", "protection from abuse", "a fair hearing",
    "the same chances as everyone", "to feel safe", "better representation",
]  # fmt: skip


@family("group_positive", 1500)
def _group_positive(r: random.Random) -> tuple[str, frozenset[Label]]:
    g = _pick(r, GROUPS)
    gs = _pick(r, GROUP_SINGULAR)
    attr = _pick(r, GROUP_POS_ATTR)
    text = _pick(
        r,
        [
            f"{_cap(g)} are {attr}.",
            f"all the {g} I know are {attr}",
            f"I think {g} are {attr}",
            f"in my opinion {g} are {attr}",
            f"isn't it obvious that {g} are {attr}?",
            f"I adore {g}",
            f"{_cap(g)} deserve {_pick(r, GROUP_DESERVE)}.",
            f"{_cap(g)} belong in this country as much as anyone.",
            f"{_cap(g)} are welcome anywhere in this town.",
            f"{_cap(g)} make this country better.",
            f"{_cap(g)} lives matter.",
            f"{_cap(g)} should be treated with respect.",
            f"Of course {g} should be allowed to vote.",
            f"{_cap(g)} should be able to stand for election without abuse.",
            f"I have met many {g} and I liked every single one of them.",
            f"My best mate is {_a(gs)} {gs}.",
            f"The family next door are {g}.",
            f"I'm {_a(gs)} {gs} and I'm standing for the council.",
            f"I'm a proud {gs}.",
            f"There are lots of {g} in my family.",
            f"{_cap(g)} have every right to be here.",
            f"We need more {g} on the council.",
            f"{_cap(g)} will always be equal to everyone else here.",
            f"Why are {g} so rarely asked what they think?",
            f"Two {g} joined our campaign team this week.",
            f"{_cap(g)} can be trusted like anyone else.",
        ],
    )
    return text, L()


@family("non_protected", 400)
def _non_protected(r: random.Random) -> tuple[str, frozenset[Label]]:
    grp = _pick(r, NON_PROTECTED_GROUPS)
    obj = _pick(r, OBJECTS)
    text = _pick(
        r,
        [
            f"I really can't stand {obj}.",
            f"I hate {obj}.",
            f"{_cap(obj)} is disgusting.",
            f"{_cap(obj)} is the worst.",
            f"{_cap(grp)} are parasites to our society.",
            f"{_cap(grp)} are all crooks.",
            f"Typical {grp} scum, only out for themselves.",
            f"{_cap(grp)} are scum and always have been.",
            f"I hate {grp}.",
            f"{_cap(grp)} are the worst.",
            f"Honestly {grp} ruin everything.",
            f"I'd happily kill for a day without {obj}.",
            f"Death to {obj}!",
        ],
    )
    return text, L()


@family("reclaimed", 400)
def _reclaimed(r: random.Random) -> tuple[str, frozenset[Label]]:
    word = _pick(r, RECLAIMED)
    text = _pick(
        r,
        [
            f"I'm the freshest {word} in the room.",
            f"Us {word}s are here to stay.",
            f"Proud {word} and proud to be standing in this election.",
            f"My {word}s are coming to the count tonight.",
            f"As a {word} myself, I'm voting for whoever protects our rights.",
            f"That's my {word} right there, love you.",
            f"The {word} community in this city organised the whole march.",
            f"{word} pride!",
        ],
    )
    return text, L()


@family("homonym", 150)
def _homonym(r: random.Random) -> tuple[str, frozenset[Label]]:
    return _pick(r, HOMONYMS), L()


BENIGN_VERBS = [
    "vote for", "support", "campaign for", "thank", "help", "back", "meet", "call", "email",
    "write to", "interview", "endorse", "canvass for", "defend", "cheer on", "buy a pint for",
    "vote against", "challenge", "question", "debate", "outvote", "complain about", "listen to",
    "sponsor", "nominate", "congratulate", "hold to account", "vote out",
]  # fmt: skip
BENIGN_PAST = [
    "re-elected", "elected", "promoted", "thanked", "voted out", "deselected", "knighted",
    "made leader", "beaten at the polls", "held to account", "recognised", "rewarded", "voted in",
    "listened to", "investigated by the standards commissioner", "questioned about this",
    "a reply from me", "my vote", "a letter from the residents' association", "a peerage",
    "out of a job", "wiped out at the ballot box", "sent packing at the election",
    "in prison for this fraud", "voted out of office", "made to answer for this in Parliament",
]  # fmt: skip


@family("same_words", 900)
def _same_words(r: random.Random) -> tuple[str, frozenset[Label]]:
    """The threat templates' own words with a verb that harms no one: a linear model learns
    from these pairs that "I'm going to … you" is a threat because of the verb, not the frame."""
    verb, past = _pick(r, BENIGN_VERBS), _pick(r, BENIGN_PAST)
    who = _pick(r, ["you", "you", "you", "her", "him", _pick(r, NAMES)])
    slots = _direct_slots(verb, past, who, _pick(r, NAMES)) + _wish_slots(verb, past, who)
    return _pick(r, slots), L()


PRAISE = [
    "brilliant", "great", "fantastic", "superb", "amazing", "a credit to this town", "excellent",
    "a great MP", "a fantastic councillor", "the best MP we've had", "a great leader",
]  # fmt: skip


@family("support", 600)
def _support(r: random.Random) -> tuple[str, frozenset[Label]]:
    """Warm messages built like the threat templates ("I'm going to …", "you'll be …"): the
    second person and the future tense alone must not read as a threat or as harassment."""
    name = _pick(r, NAMES)
    who = _pick(r, ["you", "you", "you", "her", "him", name])
    praise = _pick(r, PRAISE)
    text = _pick(
        r,
        [
            f"I am going to vote for {who}",
            f"I'm gonna campaign for {who} all week",
            f"I will back {who} if you stand again",
            f"I'll vote for {who} myself",
            f"we are going to knock doors for {who} on Saturday",
            f"{name}, I'm coming to help {who} deliver leaflets",
            "next time I see you I'll buy you a coffee",
            "I will find you at the count and shake your hand",
            "Keep talking like that and I'll join your party",
            f"you're going to be {praise}",
            f"you'll be {praise}, mark my words",
            f"you will be {praise}",
            f"Congratulations on the win, you'll be {praise}!",
            f"congrats on winning {name}, you're going to be {praise}",
            f"Well done {name}! You are going to be {praise}.",
            f"you're going to win this, {name}",
            "you're getting my vote, just wait and see",
            f"{_pick(r, ['she', 'he', name])}'s getting re-elected after the count, I'm sure of it",
            "you'll end up prime minister one day",
            "I'll be waiting with a flask of tea when you leave the count",
            "there's a seat with your name on it at our branch meeting",
            "watch what happens to turnout when you knock on doors",
            "I hope you enjoy your first week in the chamber",
            f"You will be missed, {name}. Thank you for everything.",
            f"we're going to miss you, {name}",
            "awww we're going to miss you :(",
            f"I'm going to miss you {_pick(r, ['on the council', 'at branch meetings', 'in the chamber', 'so much'])}",
            "we'll really miss you round here, thank you for everything",
            f"Good luck tomorrow {name}, you've got this!",
            f"Can't wait to see you {_pick(r, ['in Parliament', 'on the council', 'in the Senedd'])}, you deserve it",
            f"you deserve {_pick(r, ['it', 'to win', 'every vote', 'a break', 'this'])}, {name}",
            "I'm going to support you all the way to polling day",
            f"So proud of {who}. You'll smash the hustings tonight.",
            f"We're all behind you {name}, you'll knock them dead at the debate.",
        ],
    )
    return text, L()


@family("reporting", 400)
def _reporting(r: random.Random) -> tuple[str, frozenset[Label]]:
    name = _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"{name} received death threats this week and police are investigating.",
            f"A man has been charged with threatening to kill {name}.",
            f"Candidates in {TOWNS[r.randrange(len(TOWNS))][0]} were harassed outside the count.",
            "The Electoral Commission says 55% of candidates faced abuse.",
            "Threatening a candidate can get you disqualified from office for five years.",
            f"{name} was doxxed last year and had to move house.",
            "The police advise candidates not to canvass alone.",
            f"Stay safe out there {name}, the abuse is getting worse.",
            "Jo Cox was murdered in 2016 and we still remember her.",
            f"The film shows a killer stalking his victim through {TOWNS[r.randrange(len(TOWNS))][0]}.",
            "In the novel the villain threatens to burn the village down.",
        ],
    )
    return text, L()


# --- perturbations (spelling tricks) -------------------------------------------------------------

_LEET_OUT = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def perturb(text: str, r: random.Random) -> str:
    """One spelling trick on one word of `text`: what an abuser does to get past a filter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return text
    i = candidates[r.randrange(len(candidates))]
    w = words[i]
    trick = r.randrange(7)
    if trick == 0:  # l33t
        w = "".join(_LEET_OUT.get(c, c) if r.random() < 0.6 else c for c in w)
    elif trick == 1:  # swap two adjacent letters
        k = r.randrange(1, len(w) - 2)
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    elif trick == 2:  # drop a letter
        k = r.randrange(1, len(w) - 1)
        w = w[:k] + w[k + 1 :]
    elif trick == 3:  # spaced letters
        w = " ".join(w)
    elif trick == 4:  # mask a vowel
        vowels = [k for k, c in enumerate(w) if c in "aeiou" and k > 0]
        if vowels:
            k = vowels[r.randrange(len(vowels))]
            w = w[:k] + "*" + w[k + 1 :]
    elif trick == 5:  # stretch a letter
        k = r.randrange(len(w))
        w = w[:k] + w[k] * r.randint(3, 6) + w[k + 1 :]
    else:  # glue to the next word
        if i + 1 < len(words):
            words[i + 1] = w + words[i + 1]
            del words[i]
            return " ".join(words)
    words[i] = w
    return " ".join(words)


def _style(text: str, r: random.Random) -> str:
    """Surface variety: case, a leading mention, trailing punctuation or emoji."""
    roll = r.random()
    if roll < 0.12:
        text = text.upper()
    elif roll < 0.35:
        text = text.lower()
    elif roll < 0.6:
        text = _cap(text)
    if r.random() < 0.15:
        text = "@" + _pick(r, ["user", "MP", "candidate", "Cllr"]) + " " + text
    if r.random() < 0.1:
        text += _pick(r, [" !!", " 😡", " 🤮", " 👍", " lol", " #GE2029", " ...", " 😂"])
    return text


# Wrappers that say nothing about abuse; used on every family alike, so that the model learns
# from the core of a message and not from how a template happens to begin or end.
PREFIXES = [
    "Listen, ", "Honestly, ", "Mark my words: ", "I'm telling you, ", "Right, ", "Councillor, ",
    "To the candidate: ", "Just so you know, ", "After last night's debate, ", "Oi ", "Hey ",
    "{name}, ", "Dear MP, ", "Re your leaflet: ", "Saw you on the news. ",
]  # fmt: skip
SUFFIXES = [
    ", councillor.", " and I mean it.", ". Think about that.", ", mate.", " - pass it on.",
    ". Seriously.", " #GE2029", ". Just saying.", " x", ", {name}.", ". End of.", "!!!",
]  # fmt: skip


def _wrap(text: str, r: random.Random) -> str:
    name = _pick(r, NAMES)
    if r.random() < 0.25:
        text = _pick(r, PREFIXES).replace("{name}", name) + text[:1].lower() + text[1:]
    if r.random() < 0.25:
        text = text.rstrip(".!?") + _pick(r, SUFFIXES).replace("{name}", name)
    return text


def generate(seed: int = 13, scale: float = 1.0) -> Iterator[Example]:
    """Every family's examples, deterministic for a seed; about 20,000 messages at scale 1."""
    r = random.Random(seed)
    for name in sorted(FAMILIES):
        fn = FAMILIES[name]
        for _ in range(int(WEIGHTS[name] * scale)):
            text, labels = fn(r)
            text = _wrap(text, r)
            text = _style(text, r)
            roll = r.random()
            if roll < 0.3:
                text = perturb(text, r)
            elif roll < 0.4:
                text = perturb(perturb(text, r), r)
            elif roll < 0.42 and len(text) < 60:
                text = text.replace(" ", "")
            yield Example(text, labels, name)
