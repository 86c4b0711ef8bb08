# ruff: noqa: E501 - sentences are data
"""Template messages for the shapes of hate a word list misses, and their harmless twins.

`synthetic._hate_group` states hate outright ("{group} are vermin"). Hate is as often felt
("I despise …", "… make my skin crawl"), denied a virtue ("no … has ever done an honest day's
work"), asked ("wouldn't this town be better off without …?"), said of a group named in the
sentence before ("Romanians moved in next door. They're thieves."), or implied by a stereotype.
Each shape has twins with the same frame and a harmless point, and the feelings are also aimed
at policies and parties, so that the model learns the frame means hate only of a group (the
group-conditioned view in `model.with_group_view` sees only messages that name one).

The functions take the group lists from `synthetic` as arguments, so this module imports nothing
from it and `synthetic` can register them as families.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from hustings.triage.labels import Label
from hustings.triage.template_slots import a_or_an as _a
from hustings.triage.template_slots import pick as _pick

HATE = frozenset({Label.HATE})
NONE: frozenset[Label] = frozenset()


EMOTION_VERBS = [
    "hate", "despise", "detest", "loathe", "can't stand", "can't bear", "abhor", "resent",
    "am sick of", "can't stomach", "have no time for", "am disgusted by", "can't abide",
]  # fmt: skip
INTENSIFIERS = ["", "", "", "absolutely ", "genuinely ", "really ", "honestly ", "just ", "truly "]
REACTIONS = [
    "disgust me", "make me sick", "make my skin crawl", "fill me with disgust",
    "fill me with loathing", "turn my stomach", "creep me out", "make me want to vomit",
    "make my blood boil", "make me so angry", "make me deeply uneasy", "repulse me", "sicken me",
]  # fmt: skip
TAILS = [
    "", "", "", ", always have", ", there, I said it", " and I don't care who knows it",
    ", every last one of them", " and I'm done pretending otherwise", ", always will",
    ", sorry not sorry",
]  # fmt: skip
PLACES = ["Luton", "Rochdale", "Boston", "our town", "this country", "Peterborough", "the high street", "Swindon", "Leicester", "our estate"]  # fmt: skip
NEUTRAL_ACTS = [
    "moving in next door", "canvassing on our street", "holding hands at the hustings",
    "opening shops on the high street", "standing for the council", "leafleting outside Tesco",
    "at the school gates", "on my timeline", "in the town centre", "being housed in our town",
    "on the telly", "at the count",
]  # fmt: skip
PAST_EVENTS = [
    "moved in next door", "were leafleting outside the library", "came to the hustings",
    "opened a shop on the high street", "were out canvassing", "got a council house on our road",
    "turned up at the count", "started a stall at the market", "joined the residents' association",
]  # fmt: skip
NEG_ADJ = ["sneaky", "lazy", "dirty", "dishonest", "violent", "filthy", "greedy", "thick", "backward", "shifty", "useless"]  # fmt: skip
NEG_NOUNS = ["Scum", "Thieves", "Vermin", "Parasites", "Leeches", "Animals", "Liars", "Crooks", "Scroungers"]  # fmt: skip
POS_ADJ = ["intelligent", "capable", "trustworthy", "sane", "honest", "competent", "clever", "loyal", "civilised"]  # fmt: skip
CIVIC = ["sit in Parliament", "run a council", "vote", "be trusted with public money", "represent anyone", "teach our kids", "be a magistrate", "chair a committee"]  # fmt: skip
GOOD_DEEDS = ["done an honest day's work", "been worth the money we spend on them", "paid their own way", "told the truth", "given anything back", "been an asset to this town"]  # fmt: skip
GOOD_ING = ["being loyal to this country", "honest politics", "telling the truth", "working for a living", "running anything", "thinking for themselves"]  # fmt: skip
COMMUNITIES = ["Polish", "Sikh", "Muslim", "Jewish", "Hindu", "Somali", "Bangladeshi", "Pakistani", "Traveller", "Chinese", "Irish", "Nigerian", "Romanian", "Kurdish", "deaf", "LGBT"]  # fmt: skip
GOOD_TYPES = ["decent", "honest", "clean", "law-abiding", "hard-working", "trustworthy"]


def _felt(r: random.Random, g: str, gs: str) -> str:
    tail = _pick(r, TAILS)
    return _pick(
        r,
        [
            f"I {_pick(r, INTENSIFIERS)}{_pick(r, EMOTION_VERBS)} {g}{tail}",
            f"{g} {_pick(r, REACTIONS)}{tail}",
            f"the sight of {g} {_pick(r, NEUTRAL_ACTS)} {_pick(r, ['makes me feel sick', 'turns my stomach', 'fills me with rage', 'makes my skin crawl'])}",
            f"nothing makes my blood boil like {g} {_pick(r, NEUTRAL_ACTS)}",
            f"the thought of more {g} {_pick(r, NEUTRAL_ACTS)} makes me want to vomit",
            f"I cross the road when I see {_a(gs)}, they {_pick(r, REACTIONS)}",
        ],
    )


def _denied(r: random.Random, g: str, gs: str) -> str:
    return _pick(
        r,
        [
            f"{g} are not {_pick(r, POS_ADJ)} enough to {_pick(r, CIVIC)}",
            f"{g} just aren't {_pick(r, POS_ADJ)} enough to {_pick(r, CIVIC)}",
            f"{g} are never {_pick(r, ['faithful', 'honest', 'loyal', 'clean', 'grateful'])} to anyone",
            f"{g} never contribute anything {_pick(r, ['of value', 'worthwhile', 'useful'])}",
            f"{g} don't contribute a single worthwhile thing to {_pick(r, PLACES)}",
            f"no {gs} has ever {_pick(r, GOOD_DEEDS)}",
            f"there's no such thing as {_a(_pick(r, GOOD_TYPES))} {gs}",
            f"there isn't one {_pick(r, GOOD_TYPES)} {gs} in {_pick(r, PLACES)}",
            f"{g} are incapable of {_pick(r, GOOD_ING)}",
            f"{g} can't ever be {_pick(r, ['useful members of society', 'trusted', 'proper citizens', 'real Brits'])}",
            f"{g} are not normal and never will be",
        ],
    )


def _asked(r: random.Random, g: str, gs: str) -> str:
    return _pick(
        r,
        [
            f"why are {g} even allowed to {_pick(r, CIVIC)}?",
            f"wouldn't {_pick(r, PLACES)} be better off without {_pick(r, ['any', 'all the', 'the'])} {g}?",
            f"don't you think {g} are {_pick(r, ['a danger to our kids', 'a threat to this country', 'ruining everything', 'the problem'])}?",
            f"what is it about {g} that makes them so {_pick(r, NEG_ADJ)}?",
            f"are {g} even capable of {_pick(r, GOOD_ING)}?",
            f"does anyone seriously believe {_a(gs)} is capable of {_pick(r, ['leading the council', 'running a ward', 'making laws'])}?",
            f"how many more {g} do we have to put up with?",
            f"can someone explain why {g} think they're {_pick(r, ['clever enough to be MPs', 'fit to vote', 'one of us'])}?",
            f"is there anything more {_pick(r, ['revolting', 'pathetic', 'disgusting'])} than {_a(gs)} {_pick(r, NEUTRAL_ACTS)}?",
            f"who decided {g} should be allowed to {_pick(r, CIVIC)} when they're all {_pick(r, ['fraudsters', 'liars', 'crooks'])}?",
        ],
    )


def _referred(r: random.Random, g: str, gs: str) -> str:
    lot = _pick(r, ["the lot of them", "every one of them", "all of them", "always will be"])
    return _pick(
        r,
        [
            f"{g} {_pick(r, PAST_EVENTS)}. They're {_pick(r, NEG_NOUNS).lower()}, {lot}",
            f"saw some {g} at the {_pick(r, ['car boot sale', 'hustings', 'market', 'count'])}. {_pick(r, NEG_NOUNS)}, {lot}",
            f"{g} keep {_pick(r, ['standing for council', 'demanding rights', 'asking for funding', 'turning up to meetings'])} even though they're {_pick(r, ['useless', 'deluded freaks', 'nothing but trouble', 'a waste of space'])}",
            f"{g} say they want {_pick(r, ['equality', 'respect', 'fairness'])} but what they really want is {_pick(r, ['handouts', 'to take over', 'special treatment'])}",
            f"I met some {g} at {_pick(r, ['the hustings', 'work', 'the school gates'])} and they were every bit as {_pick(r, NEG_ADJ)} as I expected",
            f"my new neighbours are {g}, which means {_pick(r, ['they will be drunk by nine', 'lock up your bikes', 'there goes the neighbourhood'])}",
            f"{g} came to the hustings. They should have been kept {_pick(r, ['at home out of sight', 'out', 'away from decent people'])}",
        ],
    )


def _implied(r: random.Random, g: str, gs: str) -> str:
    place = _pick(r, PLACES)
    return _pick(
        r,
        [
            f"another {gs} candidate in {place}. Let's see how long before the money goes missing",
            f"funny how the {_pick(r, ['burglaries', 'crime rate', 'fly-tipping'])} went up the same year the {g} arrived",
            f"put {_a(gs)} in charge of the council and watch {_pick(r, ['the money vanish', 'the lead go off the roof', 'the books get cooked'])}",
            f"{_pick(r, ['he', 'she'])} is {_a(gs)}, so we all know where {_pick(r, ['his', 'her'])} real loyalties lie",
            f"remember when {place} was English?",
            f"{g} in politics: great at {_pick(r, ['crying', 'complaining', 'playing the victim'])}, less great at {_pick(r, ['sums', 'work', 'the truth'])}",
        ],
    )


SHAPES = (_felt, _denied, _asked, _referred, _implied)


def hate_shapes(
    r: random.Random, groups: Sequence[str], singular: Sequence[str]
) -> tuple[str, frozenset[Label]]:
    """Hate that is felt, denies a virtue, asks, refers back or implies: labelled `hate`."""
    return _pick(r, SHAPES)(r, _pick(r, groups), _pick(r, singular)), HATE


def hate_shape_twins(
    r: random.Random, groups: Sequence[str], singular: Sequence[str]
) -> tuple[str, frozenset[Label]]:
    """The same frames about a group with a harmless point, or the feelings aimed at politics."""
    g, gs, place = _pick(r, groups), _pick(r, singular), _pick(r, PLACES)
    target = _pick(
        r,
        [
            "this budget",
            "the Tories",
            "Labour",
            "the bypass plan",
            "the council tax rise",
            "Reform",
            "the Lib Dems",
            "the bin strike",
            "politicians who lie",
            "the new parking charges",
            "the water companies",
            "the government",
            "landlords who ignore mould",
            "HS2",
        ],
    )
    text = _pick(
        r,
        [
            f"I {_pick(r, INTENSIFIERS)}{_pick(r, EMOTION_VERBS)} {target}{_pick(r, TAILS)}",
            f"{target} {_pick(r, ['disgusts me', 'makes me sick', 'makes my blood boil', 'turns my stomach'])}",
            f"the abuse {g} get {_pick(r, NEUTRAL_ACTS)} {_pick(r, ['makes me sick', 'makes my blood boil', 'disgusts me'])}",
            f"{g} are {_pick(r, ['more than', 'far more than'])} {_pick(r, POS_ADJ)} enough to {_pick(r, CIVIC)}",
            f"no {gs} should be made to feel unwelcome in {place}",
            f"there's no such thing as a typical {gs}",
            f"{g} never get the credit they deserve in {place}",
            f"there isn't one {gs} on the council, which says a lot about who gets selected",
            f"why are {g} so underrepresented in {_pick(r, ['Parliament', 'the council', 'the cabinet'])}?",
            f"wouldn't {place} be better off with more {g} on the council?",
            f"what is it about {g} that the papers always get wrong?",
            f"are {g} being listened to in this election?",
            f"does anyone know how many {g} stood for council this year?",
            f"is there anything more inspiring than {_a(gs)} winning a seat?",
            f"{g} {_pick(r, PAST_EVENTS)}. They're {_pick(r, ['lovely', 'brilliant', 'great neighbours', 'so welcoming'])}, the lot of them",
            f"I met some {g} at the hustings and they were every bit as {_pick(r, ['sharp', 'funny', 'kind', 'well informed'])} as I expected",
            f"{g} keep standing for council even though the odds are against them",
            f"another {gs} candidate in {place}, great to see the council looking more like the town",
            f"remember when {place} had a proper bus service?",
            f"my new neighbours are {g} and they brought round a cake",
            f"I met some {g} at the {_pick(r, ['market', 'hustings', 'surgery', 'school gates', 'count'])} {_pick(r, ['today', 'yesterday', 'this morning'])}, {_pick(r, ['lovely chat', 'great questions about the buses', 'really welcoming', 'we talked housing for an hour'])}",
            f"our ward has a large {_pick(r, COMMUNITIES)} {_pick(r, ['community', 'population'])}, so {_pick(r, ['the leaflets are in two languages', 'one hustings was at their centre', 'we knocked on a lot of doors there'])}",
            f"nothing but {_pick(r, ['love', 'respect', 'admiration'])} for {g}",
            f"don't let anyone tell you {g} are {_pick(r, NEG_ADJ)}. They're our {_pick(r, ['neighbours', 'friends', 'colleagues'])}",
            f"if you think {g} are {_pick(r, ['predators', 'criminals', 'a threat', 'scroungers'])}, you've been lied to",
            f"{_pick(r, ['misogynist trolls', 'racists', 'bigots', 'online abusers'])} are driving {g} out of politics and we have to stop them",
        ],
    )
    return text, NONE
