# ruff: noqa: E501 - sentences are data, and random here makes data, not secrets
"""Template messages for sexual harassment of candidates, and their harmless look-alikes.

Women standing for office are sent far more than explicit demands: remarks on their body or
clothes, fantasies, propositions, claims that they were selected for sexual favours, crude
ratings, unsolicited images and fake nudes. Few of these use an explicit word, so a model that
has only seen "send nudes" misses them. The messages are built from parts (who is addressed,
what is said, a political tag) so that no single sentence is memorised, and each kind has
twins that share its words but harass no one ("the NHS is on its knees", "10/10 speech").
"""

from __future__ import annotations

import random

from hustings.triage.labels import Label
from hustings.triage.template_slots import pick as _pick

S, T = Label.SEXUAL_HARASSMENT, Label.THREAT


SURNAMES = ["Patel", "Hughes", "Khan", "Evans", "Okafor", "Morgan", "Begum", "Clarke", "Reid", "Lloyd", "Ahmed", "Murphy"]  # fmt: skip
ADDRESS = [
    "", "", "", "Councillor", "love", "sweetheart", "darling", "gorgeous", "babe", "sexy",
    "Ms {surname}", "Mrs {surname}", "Cllr {surname}", "Madam Chair", "petal", "princess",
]  # fmt: skip
SEEN = [
    "on your leaflet", "in that hustings photo", "on the news last night", "at the count",
    "in the debate clip", "on your campaign page", "in your selfie at the count", "on the doorstep",
    "in the local paper", "at the husting", "in your latest video", "at the surgery on Saturday",
]  # fmt: skip
BODY = ["legs", "arse", "tits", "boobs", "lips", "body", "figure", "bum", "rack", "thighs", "curves"]  # fmt: skip
CLOTHES = [
    "that red dress", "that tight skirt", "those heels", "that little black dress", "that blouse",
    "those leggings", "that pencil skirt", "your stockings", "that low-cut top",
]  # fmt: skip
JOBS = ["the selection", "the nomination", "the seat", "her place on the list", "the shadow brief", "her promotion", "the cabinet job", "the candidacy"]  # fmt: skip
POLITICAL_TAGS = [
    "", "", "", ", shame about the politics", ", still not voting for you", ", more votes that way",
    ". Forget the manifesto", ", that's the only policy I care about", ". Vote winner",
    ". You'd get my vote", ", better than your speeches", " 😉", " 😏", " 🥵", " 👅", " 😘",
]  # fmt: skip
EMOJI = ["😉", "😏", "🍆", "🥵", "👅", "💦", "😈"]


def _address(r: random.Random) -> str:
    return _pick(r, ADDRESS).replace("{surname}", _pick(r, SURNAMES))


def _appearance(r: random.Random) -> str:
    body, seen, clothes = _pick(r, BODY), _pick(r, SEEN), _pick(r, CLOTHES)
    return _pick(
        r,
        [
            f"nice {body} {_pick(r, [seen, '', 'love', 'shame about the face'])}".strip(),
            f"couldn't take my eyes off your {body} {seen}",
            f"{body} like yours belong {_pick(r, ['on page 3', 'in a lads mag', 'on OnlyFans', 'in a strip club'])}, not {_pick(r, ['in the chamber', 'on a ballot paper', 'in Parliament', 'on the council'])}",
            f"wear {_pick(r, ['a shorter skirt', 'something tighter', 'less', 'a lower top'])} {_pick(r, ['to the hustings', 'next time', 'on the doorstep', 'at the count'])} and you'll {_pick(r, ['win', 'get my vote', 'walk it', 'get every bloke in the ward'])}",
            f"you looked good enough to eat in {clothes} {seen}",
            f"lose the {_pick(r, ['blazer', 'jacket', 'cardigan'])} next time and show us a bit more",
            f"bet you look even better out of that {_pick(r, ['suit', 'dress', 'rosette', 'uniform'])}",
            f"you'd look better in {_pick(r, ['lingerie', 'a bikini', 'stockings and suspenders', 'nothing at all'])} than {_pick(r, ['a suit', 'that blazer', 'a rosette'])}",
            f"I'd vote for you just for {_pick(r, ['the legs', 'the cleavage', 'that arse', 'the lips'])}",
            f"hottest {_pick(r, ['councillor', 'MP', 'candidate'])} in {_pick(r, ['Wales', 'the North', 'Parliament', 'the county'])}, {_pick(r, ['I would', 'phwoar', 'gagging for it'])}",
            f"those {body} are the only reason anyone votes for you",
            f"zoomed in on your {body} {seen}",
            f"{clothes} {seen}, phwoar",
        ],
    )


def _fantasy(r: random.Random) -> str:
    return _pick(
        r,
        [
            f"{_pick(r, ['been thinking about', 'can not stop thinking about', 'I will be thinking about', 'still thinking about'])} you {_pick(r, ['in ' + _pick(r, CLOTHES), 'in the shower', 'in bed', 'naked'])} {_pick(r, ['tonight', 'all night', 'since the debate', 'every night'])}",
            f"you know exactly what I'd do to you {_pick(r, ['after the count', 'if I got you alone', 'behind the polling station', 'in that office'])}",
            f"dreamt about you last night, you were {_pick(r, ['very naughty', 'begging', 'wearing nothing but a rosette'])}",
            f"I'd {_pick(r, ['bend', 'pin', 'throw'])} you over {_pick(r, ['the despatch box', 'your desk', 'the ballot box', 'the podium', 'the counting table'])} {_pick(r, ['any day', 'in a heartbeat', 'and make you scream', ''])}",
            f"I want to {_pick(r, ['lick', 'kiss', 'taste', 'feel'])} {_pick(r, ['every inch of you', 'you all over', 'you from head to toe'])}",
            f"picturing you {_pick(r, ['under me', 'on your knees', 'tied up', 'in my bed'])} {_pick(r, ['right now', 'during the debate', 'all day'])}",
        ],
    )


def _proposition(r: random.Random) -> str:
    return _pick(
        r,
        [
            f"come round mine {_pick(r, ['after canvassing', 'after the count', 'tonight', 'after your surgery'])} and I'll {_pick(r, ['show you some real politics', 'give you a proper seeing to', 'give you something to campaign about', 'show you what a real man is'])}",
            "I'd give her one",
            f"{_pick(r, ['rate', 'rating', 'scores on the doors for'])} the new {_pick(r, ['MP', 'councillor', 'candidate'])}: {_pick(r, ['8', '9', '10'])}/10, would {_pick(r, ['smash', 'bang', 'do her', 'give her one', 'ruin her'])}",
            f"fancy a quickie {_pick(r, ['after the count', 'in the cloakroom', 'behind the town hall', 'before the hustings'])}",
            f"one night with me would {_pick(r, ['sort you out', 'change your politics', 'shut you up', 'loosen you up'])}",
            f"you need a good {_pick(r, ['shag', 'seeing to', 'rogering', 'pounding'])} to sort {_pick(r, ['that attitude', 'you', 'your mood', 'your politics'])} out",
            f"{_pick(r, ['she', 'that one', 'the new MP'])} would get it",
            f"sit on my face and I'll {_pick(r, ['vote for you', 'deliver your leaflets', 'sign your petition'])}",
        ],
    )


def _favours(r: random.Random) -> str:
    job = _pick(r, JOBS)
    return _pick(
        r,
        [
            f"she only got {job} {_pick(r, ['on her knees', 'on the casting couch', 'by sleeping with the whips', 'by sleeping her way through the selection panel', 'on her back'])}",
            f"bet she'll do anything on her knees for {_pick(r, ['a promotion', 'a vote', 'a seat in cabinet', 'the whip'])}",
            f"we all know how she earned {job} {_pick(r, EMOJI)}",
            f"another pretty {_pick(r, ['MP', 'councillor', 'candidate'])} who slept her way to {job}",
            f"how many of the committee did you {_pick(r, ['blow', 'sleep with', 'shag'])} to get {job}",
        ],
    )


def _speculation(r: random.Random) -> str:
    return _pick(
        r,
        [
            f"bet {_pick(r, ['you are', 'she is', 'you are', 'the new MP is'])} {_pick(r, ['a freak', 'wild', 'filthy', 'a right dirty one', 'a screamer', 'gagging for it'])} {_pick(r, ['in bed', 'behind closed doors', 'after a few drinks', 'when the cameras are off'])}",
            f"the {_pick(r, ['prim', 'posh', 'quiet', 'bossy'])} ones are always the {_pick(r, ['dirtiest', 'kinkiest', 'wildest'])} in bed",
            f"you can tell by the way she {_pick(r, ['talks in council', 'holds the mic', 'chairs a meeting'])} she'd be {_pick(r, ['filthy', 'a freak', 'up for anything'])} in bed",
            f"what colour {_pick(r, ['knickers', 'bra', 'underwear'])} {_pick(r, ['are you wearing', 'did you wear to the count', 'is she wearing'])}",
        ],
    )


def _images(r: random.Random) -> str:
    return _pick(
        r,
        [
            f"sent you a {_pick(r, ['photo', 'pic', 'little something', 'video'])} of {_pick(r, ['myself', 'what is waiting for you', 'my cock', 'me naked'])}, check your DMs {_pick(r, EMOJI)}",
            f"check your DMs {_pick(r, ['councillor', 'love', 'sweetheart'])}, hope you like them big {_pick(r, EMOJI)}",
            f"send {_pick(r, ['nudes', 'pics of your legs', 'a photo of your body', 'me something saucy', 'feet pics'])} and {_pick(r, ['I will vote for you', 'you have my vote', 'I will deliver your leaflets'])}",
            f"I've made a deepfake of you {_pick(r, ['naked', 'in a porno', 'with no clothes on'])}, {_pick(r, ['want to see it before everyone else does', 'it is going round the WhatsApp groups', 'your party will love it'])}",
            f"there are {_pick(r, ['nudes', 'naked photos', 'sex videos'])} of you going round, {_pick(r, ['want me to send them to your party', 'shall I post them', 'I have saved them all'])}",
        ],
    )


def _sexual_violence(r: random.Random) -> str:
    return _pick(
        r,
        [
            f"someone should rape {_pick(r, ['her', 'that candidate', 'you', 'some sense into her'])} {_pick(r, ['', 'to teach her a lesson', 'on the way home from the count'])}",
            f"hope you get raped {_pick(r, ['walking home', 'after the count', 'on the campaign trail'])}",
            f"{_pick(r, ['she', 'you'])} {_pick(r, ['needs', 'deserves'])} to be raped",
            f"I'd rape you {_pick(r, ['given half a chance', 'if I got you alone', 'and nobody would believe you'])}",
        ],
    )


def _demands(r: random.Random) -> str:
    body = _pick(r, BODY)
    return _pick(
        r,
        [
            f"{_pick(r, ['show us', 'flash us', 'get out'])} your {body} {_pick(r, ['at the next hustings', 'for the lads', 'and I might vote for you', 'on the doorstep', 'on your next video'])}",
            f"get your {body} out {_pick(r, ['for the lads', 'at the count', 'and you will win'])}",
            f"send me {_pick(r, ['some pics', 'a pic', 'something saucy', 'a video', 'a selfie in bed'])} and {_pick(r, ['I will think about voting for you', 'I will share your leaflet', 'we can talk policy'])}",
            f"send nudes {_pick(r, ['and you have my vote', 'or I vote the other lot', 'candidate', ''])}",
            f"strip {_pick(r, ['for the count', 'at the hustings', 'on camera'])} and {_pick(r, ['you would win', 'I will vote for you', 'we might listen'])}",
            f"give us a twirl {_pick(r, ['in that skirt', 'so we can see the goods', 'and bend over'])}",
        ],
    )


def _sex_life(r: random.Random) -> str:
    return _pick(
        r,
        [
            f"your {_pick(r, ['husband', 'boyfriend', 'partner'])} is a lucky man, {_pick(r, ['I would keep you busy all night', 'bet he can hardly keep up', 'does he know what you get up to at conference'])}",
            f"who are you sleeping with {_pick(r, ['this week', 'in the cabinet', 'on the council'])}",
            f"bet you {_pick(r, ['give great head', 'go like a train', 'moan like a porn star', 'are a right goer'])}",
            "I'd rather see her on her back than on the ballot paper",
            f"smash or pass: {_pick(r, ['the new MP', 'the Labour candidate', 'the Tory girl', 'our councillor'])}",
            f"{_pick(r, ['MILF', 'totty', 'eye candy', 'a bit of skirt'])} of the {_pick(r, ['month', 'campaign', 'council'])}",
            f"sleep with me and {_pick(r, ['you have my vote', 'I will vote for you', 'the whole estate votes for you'])}",
            f"I'll be in the front row {_pick(r, ['staring at your legs', 'undressing you with my eyes', 'imagining you naked'])}",
        ],
    )


def _porn(r: random.Random) -> str:
    return _pick(
        r,
        [
            f"found your lookalike on {_pick(r, ['Pornhub', 'OnlyFans', 'a porn site'])}, {_pick(r, ['was it you', 'the likeness is uncanny', 'sending the link to your office'])}",
            f"you'd make a {_pick(r, ['great', 'better'])} porn star than {_pick(r, ['a councillor', 'an MP', 'a candidate'])}",
            f"I've {_pick(r, ['photoshopped', 'edited'])} your face onto {_pick(r, ['a porn video', 'a naked body', 'some page 3 pics'])}",
            f"{_pick(r, ['leave', 'quit'])} politics and start an OnlyFans, you'd earn more",
        ],
    )


KINDS = (
    _sex_life,
    _porn,
    _demands,
    _appearance,
    _fantasy,
    _proposition,
    _favours,
    _speculation,
    _images,
)


def sexual_remark(r: random.Random) -> str:
    """One sexually harassing remark, without address or tag (used by the quoting families too)."""
    return _pick(r, KINDS)(r)


def sexual_harassment(r: random.Random) -> tuple[str, frozenset[Label]]:
    """A sexually harassing message to or about a candidate; sexual violence is also a threat.

    Not also `harassment`: that label is for insults and degradation, and these messages are
    full of campaign words ("leaflet", "ballot paper") that would then pull criticism of a
    policy towards it."""
    if r.random() < 0.12:
        return _sexual_violence(r).strip(), frozenset({S, T})
    text = sexual_remark(r)
    address = _address(r)
    if address and r.random() < 0.5:
        text = f"{text}, {address}"
    elif address:
        text = f"{address}, {text}"
    return text + _pick(r, POLITICAL_TAGS), frozenset({S})


def sexual_look_alike(r: random.Random) -> tuple[str, frozenset[Label]]:
    """Messages that share the harassing templates' words but are about politics or nothing."""
    seen = _pick(r, SEEN)
    address = _pick(
        r, ["", "", "Councillor", "Ms " + _pick(r, SURNAMES), "Cllr " + _pick(r, SURNAMES)]
    )
    text = _pick(
        r,
        [
            f"nice {_pick(r, ['leaflet', 'speech', 'photo', 'result', 'turnout', 'interview'])} {seen}",
            f"great {_pick(r, ['photo', 'speech', 'answer on housing', 'performance'])} {seen}, good luck on Thursday",
            f"{_pick(r, ['the NHS', 'the high street', 'this town', 'the council', 'the economy'])} is on its knees {_pick(r, ['after years of cuts', 'and you know it', 'thanks to this government'])}",
            "I will be thinking about you all on polling day, good luck",
            f"been thinking about your speech all night, you changed my mind on {_pick(r, ['housing', 'the bypass', 'tuition fees'])}",
            "come round mine after canvassing, the kettle's on and my mum wants a word about the bins",
            f"10/10 {_pick(r, ['speech', 'debate', 'answer', 'campaign'])}, would vote again",
            f"smash the {_pick(r, ['cuts', 'two-child limit', 'bedroom tax', 'glass ceiling'])}",
            f"you need a good {_pick(r, ['night sleep', 'holiday', 'rest'])} after that campaign",
            f"{_pick(r, ['sleeping rough', 'rough sleeping'])} in {_pick(r, ['Leeds', 'Cardiff', 'our town', 'the city centre'])} is a scandal",
            f"she wore {_pick(r, CLOTHES)} to the count and won by {_pick(r, ['200', '1,400', 'a landslide'])} votes",
            f"I sent you a photo of the {_pick(r, ['pothole on Mill Lane', 'fly-tipping by the school', 'broken streetlight'])}, check your DMs",
            f"send me your {_pick(r, ['manifesto', 'leaflet', 'surgery times', 'policy on buses'])} and I will share it",
            f"{_pick(r, ['fuck me', 'bloody hell', 'christ', 'blimey'])}, {_pick(r, ['it is cold on the doorstep', 'what a turnout', 'that count took forever', 'another leaflet'])}",
            f"she got {_pick(r, JOBS)} by working harder than anyone on the panel",
            f"the {_pick(r, ['body', 'bulk', 'meat'])} of the bill is about {_pick(r, ['housing', 'policing', 'schools'])}",
            f"she stood in {_pick(r, ['those heels', 'the rain', 'the cold'])} for six hours at the count, respect",
            f"bet she is {_pick(r, ['exhausted', 'shattered', 'relieved'])} after the count",
            f"a man sent our candidate '{sexual_remark(r)}'. That is sexual harassment and it has been reported",
            f'Reported: someone told {_pick(r, ["our councillor", "the candidate", "my MP"])} "{sexual_remark(r)}". Nobody should have to put up with this',
            f"Women in politics get messages like '{sexual_remark(r)}' every day. It has to stop",
        ],
    )
    if address and r.random() < 0.3:
        text = f"{address}, {text}"
    return text, frozenset()
