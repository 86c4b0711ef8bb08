# ruff: noqa: E501 - sentences are data
"""Template threats built from parts, for the threats the fixed templates miss, with twins.

`synthetic` covers the classic shapes ("I'm going to … you", "someone should …"). Threats to
candidates and to the groups and places around them are as often veiled ("you'll be leaving in
an ambulance"), given a deadline ("you've got until polling day"), promised to whoever turns up
("any … who comes to the count deserves a kicking"), or aimed at staff, family and property.
They are composed here from a subject, an act or an outcome, a target and a time or place, so
that no one sentence is learnt by heart. Twins keep the campaign's fighting words and harm no
one ("we'll batter them at the ballot box", "the Tories will be leaving in a removal van").

The group lists come from `synthetic` as arguments, so this module imports nothing from it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from hustings.triage.labels import Label
from hustings.triage.template_slots import pick as _pick

T, HA = Label.THREAT, Label.HATE


PEOPLE = [
    "you", "your agent", "your caseworker", "your wife", "your husband", "your kids", "your staff",
    "that canvasser", "your volunteers", "the returning officer", "your mum",
]  # fmt: skip
PLACES = [
    "the polling station", "the count", "the hustings", "your surgery", "the town hall",
    "the campaign office", "the community centre", "the school gates", "the leisure centre", "the market",
]  # fmt: skip
WHEN = [
    "on Thursday", "tonight", "after the count", "before polling day", "next week", "on Friday",
    "when the cameras have gone", "the minute you step outside", "on your way home",
]  # fmt: skip
VEILED_OUTCOMES = [
    "will be leaving in an ambulance", "won't be walking home", "will be carried out",
    "won't make it to polling day", "won't see the result", "will need a new face",
    "will be picking teeth up off the floor", "won't be canvassing again", "will end up in A&E",
    "will be going home in a box", "won't be able to stand, never mind stand for election",
]  # fmt: skip
HARM_ACTS = [
    "batter", "glass", "stab", "knife", "shoot", "kick the life out of", "run over", "torch",
    "drag out and beat", "put in hospital", "smash up", "cut up", "throw acid at", "hang",
]  # fmt: skip
PROPERTY = ["your office", "your car", "your house", "the campaign office", "your windows", "your shop", "the mosque", "the synagogue", "their caravans", "the asylum hotel"]  # fmt: skip
PROPERTY_ACTS = ["torch", "burn out", "petrol bomb", "brick", "smash in", "set fire to"]  # fmt: skip


def _person_threat(r: random.Random) -> str:
    who, place, when = _pick(r, PEOPLE), _pick(r, PLACES), _pick(r, WHEN)
    return _pick(
        r,
        [
            f"{who} {_pick(r, VEILED_OUTCOMES)} if you turn up at {place} {when}",
            f"{who} had better watch {_pick(r, ['their', 'your', 'her', 'his'])} back {when}",
            f"turn up at {place} {when} and {who} {_pick(r, VEILED_OUTCOMES)}",
            f"you've got until {_pick(r, ['polling day', 'Friday', 'the count', 'the end of the week'])} to stand down. After that we {_pick(r, ['stop talking', 'come for you', 'start on your family', 'bring the petrol'])}",
            f"we're coming with {_pick(r, ['petrol', 'bats', 'knives', 'a rope', 'more than leaflets'])} {when}",
            f"next time it won't be {_pick(r, ['leaflets', 'eggs', 'a letter', 'words'])} through your door, it'll be {_pick(r, ['a brick', 'petrol', 'a blade', 'us'])}",
            f"I'll {_pick(r, HARM_ACTS)} {who} {_pick(r, ['', 'myself', 'with my own hands', 'and laugh about it'])} {when}".replace(
                "  ", " "
            ),
            f"there'll be blood on the floor of {place} {when}, and it'll be yours",
            f"accidents happen to candidates who walk home alone from {place}",
            f"I'm going to {_pick(r, PROPERTY_ACTS)} {_pick(r, PROPERTY)} {when}",
            f"it'd be a shame if someone {_pick(r, ['torched', 'burned out', 'smashed up', 'put a brick through'])} {_pick(r, PROPERTY)} {when}",
        ],
    )


def _group_threat(r: random.Random, group: str, one: str) -> str:
    place, when = _pick(r, PLACES), _pick(r, WHEN)
    return _pick(
        r,
        [
            f"any {one} who turns up at {place} {_pick(r, VEILED_OUTCOMES)}",
            f"any {one} who comes to {place} {when} deserves a good kicking",
            f"{group} at {place}, you've got until {_pick(r, ['the election', 'polling day', 'Friday'])}. Then we start {_pick(r, ['shooting', 'burning', 'hunting you down', 'cracking heads'])}",
            f"I'll {_pick(r, HARM_ACTS)} the next {one} I see {_pick(r, ['at ' + place, when, 'round here'])}",
            f"going to {_pick(r, ['drive my van into', 'run down', 'plough into', 'mow down'])} the {group} outside {place} {when}",
            f"we're coming for the {group} {when}, bring {_pick(r, ['bats', 'petrol', 'whatever you have'])}",
            f"next {one} who walks past our pub won't be walking home",
            f"it's {_pick(r, ['open season', 'time', 'our turn'])} on {group} {when}, lads",
            f"{group} should be {_pick(r, ['hunted down', 'burned out of their homes', 'dragged out and beaten', 'lined up against a wall'])} {_pick(r, ['', 'and I will help', 'one by one'])}".strip(),
            f"let's {_pick(r, PROPERTY_ACTS)} {_pick(r, ['the mosque', 'the synagogue', 'their caravans', 'the asylum hotel', 'the gurdwara'])} {when} and see how the {group} like it",
        ],
    )


def threats_composed(
    r: random.Random, groups: Sequence[str], singular: Sequence[str]
) -> tuple[str, frozenset[Label]]:
    """A threat to a person or to a protected group (also hate).

    Not also `harassment` for a person, though the service adds it to any threat aimed at one:
    labelled so, these campaign-worded threats taught the harassment model to flag robust
    criticism ("Liar liar. The hospital funding was cut and you know it.")."""
    if r.random() < 0.5:
        return _person_threat(r), frozenset({T})
    return _group_threat(r, _pick(r, groups), _pick(r, singular)), frozenset({T, HA})


def threat_twins(
    r: random.Random, groups: Sequence[str], singular: Sequence[str]
) -> tuple[str, frozenset[Label]]:
    """Campaign fighting words, news and support that share the threats' words: no label."""
    party = _pick(
        r, ["the Tories", "Labour", "the Lib Dems", "Reform", "the Greens", "Plaid", "the SNP"]
    )
    place, when, group = _pick(r, PLACES), _pick(r, WHEN), _pick(r, groups)
    text = _pick(
        r,
        [
            f"{party} {_pick(r, ['will be leaving Downing Street in a removal van', 'will be carried out of this ward on polling day', 'will not see the result they want'])}",
            f"we'll {_pick(r, ['batter', 'hammer', 'thrash', 'smash'])} {party} at the ballot box {when}",
            f"we're coming for your seat {when}, bring your best leaflets",
            f"turn up at {place} {when} and you'll see the biggest turnout in years",
            "you've got until polling day to register to vote, don't miss it",
            "next time it won't be leaflets through your door, it'll be a proper hustings in the village hall",
            f"watch your back, {party} are coming for your majority",
            f"there'll be tears at {place} {when}, it's going to be close",
            f"any {_pick(r, singular)} who turns up at {place} {when} is welcome, there's tea and cake",
            f"{group} at {place}, you've got until Friday to register to vote. Then we start counting",
            f"we're going to torch {party}'s record in the debate {when}",
            f"the {group} outside {place} {when} were handing out food, lovely to see",
            f"someone torched the bins behind {place} {when}, police are asking for witnesses",
            f"it'd be a shame if {party} ran out of leaflets before the count",
            "accidents happen on the ring road every week, we need that crossing",
        ],
    )
    return text, frozenset()
