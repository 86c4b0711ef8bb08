# ruff: noqa: E501, S311 - sentences are data, and random here makes data, not secrets
"""Our own replies to politicians, rude or polite, for the incivility ranking head.

The public sets hold few replies to British politicians, and the label templates deliberately
call rude criticism "not abuse". These templates say, for each reply, whether a civility coder
would count it as uncivil: vulgarity, name-calling, aspersion, accusations of lying, contempt
for what was said, mockery. Most frames come in pairs that differ only in the rude or polite
slot, so the head learns the rudeness and not the frame. None of them is abuse of a person.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hustings.triage.synthetic import (
    NAMES,
    POLICIES,
    PROFANITY,
    _cap,
    _pick,
    _style,
    _wrap,
    perturb,
)

PARTIES = [
    "the Tories", "Labour", "the Lib Dems", "Reform", "the Greens", "the SNP", "Plaid",
    "this government", "the council", "the opposition", "your party", "Westminster",
]  # fmt: skip
RUDE_ADJ = [
    "pathetic", "a joke", "an utter joke", "garbage", "total rubbish", "a shambles", "laughable",
    "idiotic", "moronic", "braindead", "a clown show", "pure drivel", "absolute tripe",
    "a load of crap", "bullshit", "a steaming pile of nonsense", "a fucking disgrace",
    "shit", "bollocks", "dogshit", "embarrassing trash", "a car crash", "useless",
    "clueless", "dire", "a dog's dinner", "cretinous", "piss-poor", "half-arsed",
]  # fmt: skip
CIVIL_ADJ = [
    "unconvincing", "a mistake", "poorly costed", "too expensive", "unfair to renters",
    "not ambitious enough", "too vague", "a step in the wrong direction", "disappointing",
    "hard to justify", "likely to backfire", "unclear", "rushed", "worth reconsidering",
    "a good start", "sensible", "well thought through", "overdue", "welcome news",
    "the wrong priority", "not what was promised", "difficult for small businesses",
]  # fmt: skip
RUDE_NOUN = [
    "clowns", "muppets", "idiots", "morons", "numpties", "liars", "crooks", "chancers",
    "donkeys", "halfwits", "buffoons", "grifters", "clueless bunch", "useless lot",
    "bunch of amateurs", "shower of shite", "absolute wankers", "jokers", "dimwits",
]  # fmt: skip
RUDE_PERSON = [
    "clown", "muppet", "idiot", "moron", "numpty", "liar", "hypocrite", "buffoon", "chancer",
    "joke", "fraud", "halfwit", "coward", "snake oil salesman", "dimwit", "waffler",
]  # fmt: skip
DISMISS = [
    "shut up", "get a grip", "do one", "jog on", "give it a rest", "spare us", "get lost",
    "piss off", "stop whining", "stop talking out of your arse", "pipe down", "grow up",
    "get a real job", "nobody cares", "wind your neck in", "stop embarrassing yourself",
]  # fmt: skip
SPEECH_RUDE = [
    "word salad", "waffle", "drivel", "garbage", "nonsense", "gibberish", "whinging",
    "bullshit", "crap", "tripe", "spin", "bollocks", "rubbish", "mindless ranting",
]  # fmt: skip
SPEECH_CIVIL = [
    "answer", "statement", "speech", "reply", "explanation", "argument", "position",
    "update", "response", "comments",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class CivilityExample:
    text: str
    uncivil: bool
    family: str


CivilityFamily = Callable[[random.Random], tuple[str, bool]]
FAMILIES: dict[str, CivilityFamily] = {}
WEIGHTS: dict[str, int] = {}


def family(name: str, weight: int) -> Callable[[CivilityFamily], CivilityFamily]:
    def register(fn: CivilityFamily) -> CivilityFamily:
        FAMILIES[name] = fn
        WEIGHTS[name] = weight
        return fn

    return register


@family("judgement", 500)
def _judgement(r: random.Random) -> tuple[str, bool]:
    """The same frames with a rude or a polite judgement of a policy."""
    rude = r.random() < 0.5
    adj = _pick(r, RUDE_ADJ if rude else CIVIL_ADJ)
    pol, name = _pick(r, POLICIES), _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"{_cap(pol)} is {adj}.",
            f"{name}, your plan for {pol} is {adj}.",
            f"Honestly, {pol} is {adj}.",
            f"I read the details of {pol} and it's {adj}.",
            f"{_cap(pol)}? {_cap(adj)}.",
            f"Your answer on {pol} last night was {adj}.",
            f"{_cap(pol)} from {_pick(r, PARTIES)} is {adj} if you ask me.",
        ],
    )
    return text, rude


@family("name_calling", 400)
def _name_calling(r: random.Random) -> tuple[str, bool]:
    """Name-calling of parties and politicians as politicians, or the polite counterpart."""
    party, name, pol = _pick(r, PARTIES), _pick(r, NAMES), _pick(r, POLICIES)
    if r.random() < 0.55:
        text = _pick(
            r,
            [
                f"{_cap(party)} are a bunch of {_pick(r, RUDE_NOUN)}.",
                f"What a bunch of {_pick(r, RUDE_NOUN)} running {pol}.",
                f"{name} is a total {_pick(r, RUDE_PERSON)} on {pol}.",
                f"Only {_pick(r, RUDE_NOUN)} would vote for {pol}.",
                f"The {_pick(r, RUDE_NOUN)} in charge have done it again.",
                f"{name} the {_pick(r, RUDE_PERSON)} strikes again.",
                f"{_cap(party)}, led by {_pick(r, RUDE_NOUN)}.",
            ],
        )
        return text, True
    text = _pick(
        r,
        [
            f"{_cap(party)} have got this one wrong.",
            f"I think the people running {pol} need to listen more.",
            f"{name} is mistaken on {pol}, in my view.",
            f"Few voters I know support {pol}.",
            "The people in charge have changed course again.",
            f"{name} has changed position on {pol} again.",
            f"{_cap(party)} have a new leader this year.",
        ],
    )
    return text, False


@family("lying", 300)
def _lying(r: random.Random) -> tuple[str, bool]:
    """Accusations of lying, against disagreement about facts."""
    name, pol = _pick(r, NAMES), _pick(r, POLICIES)
    if r.random() < 0.5:
        text = _pick(
            r,
            [
                f"Liar. You said the opposite about {pol} last year.",
                f"{name} is lying through their teeth about {pol}.",
                f"Stop lying about {pol}, {name}.",
                f"More lies from {_pick(r, PARTIES)}. Every word is a lie.",
                f"You lying {_pick(r, ['toad', 'weasel', 'hypocrite', 'fraud'])}, {pol} was your idea.",
                f"Pants on fire, {name}. {_cap(pol)} never added up.",
            ],
        )
        return text, True
    text = _pick(
        r,
        [
            f"I don't think that's accurate: you said the opposite about {pol} last year.",
            f"{name}'s figures on {pol} don't match the ONS data.",
            f"Could you correct the claim about {pol}? The numbers look wrong.",
            f"That isn't what {_pick(r, PARTIES)} promised in the manifesto.",
            f"Fact check: {pol} was first proposed two years ago.",
            f"I'd like to see the evidence behind your claim on {pol}, {name}.",
        ],
    )
    return text, False


@family("contempt", 350)
def _contempt(r: random.Random) -> tuple[str, bool]:
    """Contempt for what was said, against a neutral reply to it."""
    name, pol = _pick(r, NAMES), _pick(r, POLICIES)
    if r.random() < 0.5:
        text = _pick(
            r,
            [
                f"{_cap(_pick(r, DISMISS))}, {name}.",
                f"What a load of {_pick(r, SPEECH_RUDE)} about {pol}.",
                f"{_cap(_pick(r, DISMISS))}. Your {_pick(r, SPEECH_CIVIL)} on {pol} was {_pick(r, SPEECH_RUDE)}.",
                f"More {_pick(r, SPEECH_RUDE)} from {name}. {_cap(_pick(r, DISMISS))}.",
                f"Nobody asked for your {_pick(r, SPEECH_RUDE)}, {name}.",
                f"Spare us the {_pick(r, SPEECH_RUDE)} on {pol}.",
            ],
        )
        return text, True
    text = _pick(
        r,
        [
            f"Thanks for the {_pick(r, SPEECH_CIVIL)}, {name}.",
            f"I listened to your {_pick(r, SPEECH_CIVIL)} on {pol} and I'm not persuaded.",
            f"Your {_pick(r, SPEECH_CIVIL)} on {pol} raised more questions for me.",
            f"Interesting {_pick(r, SPEECH_CIVIL)} from {name} on {pol}.",
            f"Could you expand on your {_pick(r, SPEECH_CIVIL)} about {pol}?",
            f"Appreciate the {_pick(r, SPEECH_CIVIL)}, though I see {pol} differently.",
        ],
    )
    return text, False


@family("vulgar", 400)
def _vulgar(r: random.Random) -> tuple[str, bool]:
    """Swearing about politics, against the same point made without it."""
    pol, party, prof = _pick(r, POLICIES), _pick(r, PARTIES), _pick(r, PROFANITY)
    if r.random() < 0.5:
        text = _pick(
            r,
            [
                f"{_cap(pol)} is {prof} ridiculous.",
                f"Fuck {party} and fuck {pol}.",
                f"{_cap(party)} have made a {prof} mess of {pol}.",
                f"Why the fuck is nobody talking about {pol}?",
                f"What the hell were {party} thinking with {pol}?",
                f"This {prof} government can't even get {pol} right.",
                f"{_cap(pol)}, what a pile of shite.",
            ],
        )
        return text, True
    text = _pick(
        r,
        [
            f"{_cap(pol)} is very hard to defend.",
            f"{_cap(party)} have made a mess of {pol}.",
            f"Why is nobody talking about {pol}?",
            f"What were {party} thinking with {pol}?",
            f"This government can't seem to get {pol} right.",
            f"{_cap(pol)} needs a rethink.",
        ],
    )
    return text, False


@family("mockery", 250)
def _mockery(r: random.Random) -> tuple[str, bool]:
    """Sarcasm and mockery, against sincere comment."""
    pol, name, party = _pick(r, POLICIES), _pick(r, NAMES), _pick(r, PARTIES)
    if r.random() < 0.5:
        text = _pick(
            r,
            [
                f"Oh well done {name}, another genius idea. 🤡",
                f"lol imagine thinking {pol} is a plan",
                f"Clap clap. {_cap(party)} ruin {pol} again 👏👏",
                f"Bless {name}, still pretending {pol} works 😂",
                f"Another triumph for the {_pick(r, RUDE_NOUN)} in charge of {pol}. Slow clap.",
                f"Who writes this rubbish? A toddler could do better than {pol}.",
            ],
        )
        return text, True
    text = _pick(
        r,
        [
            f"Well done {name}, a good idea.",
            f"Glad to see progress on {pol}.",
            f"{_cap(party)} have improved {pol}, credit where it's due.",
            f"{name}, do you still think {pol} works?",
            f"Another update on {pol} from {party} today.",
            f"Who drafted {pol}? I'd like to ask them some questions.",
        ],
    )
    return text, False


@family("everyday", 300)
def _everyday(r: random.Random) -> tuple[str, bool]:
    """Ordinary civil replies to politicians: questions, thanks, support, logistics."""
    pol, name = _pick(r, POLICIES), _pick(r, NAMES)
    text = _pick(
        r,
        [
            f"When will the council publish the report on {pol}?",
            f"Thank you {name} for coming to our street today.",
            f"Good luck in the election, {name}.",
            f"I agree with you on {pol}.",
            f"Will you be at the hustings on Thursday, {name}?",
            f"Congratulations on your win, {name}!",
            f"Is there a consultation on {pol} I can respond to?",
            f"My family can't afford the rent increases. What will you do about {pol}?",
            f"I strongly disagree with {pol} and I'll be voting for someone else.",
            f"You've lost my vote over {pol}, {name}.",
            f"Please reconsider {pol}; it will hurt families like mine.",
            f"Our school needs more support than {pol} offers.",
        ],
    )
    return text, False


def generate_civility(seed: int = 13, scale: float = 1.0) -> Iterator[CivilityExample]:
    """Every family's examples, deterministic for a seed (about 2,500 at scale 1)."""
    r = random.Random(seed + 1)
    for name in sorted(FAMILIES):
        for _ in range(int(WEIGHTS[name] * scale)):
            text, uncivil = FAMILIES[name](r)
            text = _style(_wrap(text, r), r)
            if r.random() < 0.25:
                text = perturb(text, r)
            yield CivilityExample(text, uncivil, name)
