"""Whether a message names a group that UK equality law protects.

A linear model over words adds up what each word says on its own, so "I hate" plus "Muslims"
cannot come to more than "I hate" (said of taxes every day) plus "Muslims" (said kindly every
day). Whether a group is named is the context that changes what the rest of a message means:
`hustings.triage.model` gives the hate label a second copy of the word view that is switched on
only then, so the model can learn "I can't stand …" about a group apart from "I can't stand …"
about a budget.

The list names groups by race, nationality, religion, sex, sexual orientation, gender
reassignment and disability (Equality Act 2010, s. 4), in the forms people write them. A word
such as "black" or "blind" is also an ordinary word: naming a group here only switches the
second copy on, and the weights learnt for it decide what follows. Slurs are not listed: tried,
they moved the hate threshold and cost more than they gained (model card).
"""

from __future__ import annotations

from collections.abc import Iterable

# One string, split below: easier to read and extend than a list literal of 125 words.
_NAMES = """
    woman women girl girls female females lady ladies feminist feminists
    trans transgender transgendered transsexual transsexuals nonbinary enby
    gay gays lesbian lesbians bisexual bisexuals bi queer queers homosexual homosexuals lgbt
    lgbtq lgbtqia
    black blacks african africans caribbean caribbeans jamaican jamaicans nigerian nigerians
    somali somalis asian asians chinese indian indians pakistani pakistanis bangladeshi
    bangladeshis arab arabs kurd kurds kurdish syrian syrians afghan afghans turk turks turkish
    mexican mexicans latino latinos hispanic hispanics white whites
    immigrant immigrants migrant migrants refugee refugees asylum foreigner foreigners
    foreign romanian romanians bulgarian bulgarians pole poles polish ukrainian ukrainians irish
    gypsy gypsies traveller travellers roma
    muslim muslims islam islamic jew jews jewish judaism hindu hindus sikh sikhs christian
    christians catholic catholics atheist atheists
    disabled disability disabilities wheelchair deaf blind autistic autism
    buddhist buddhists
"""
_SINGLE = frozenset(_NAMES.split())
_PAIRS = frozenset({("non", "binary"), ("learning", "disabilities"), ("eastern", "europeans")})

# Misspelt names ("immigrnts", "musilms") are found one slip away, and glued ones
# ("immigrantsareallscum") by their start, but only for names of seven letters or more: shorter
# ones are one slip from everyday words ("black" from "block", "blind" from "blink").
_FUZZY_MIN = 7
_GLUED_MIN = 10
_LONG = frozenset(name for name in _SINGLE if len(name) >= _FUZZY_MIN)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_LONG_DELETIONS = frozenset(d for name in _LONG for d in _deletions(name))


def _near_name(word: str) -> bool:
    """A long group name with one letter dropped, added, changed or swapped, or glued on."""
    if len(word) < _FUZZY_MIN - 1:
        return False
    if word in _LONG_DELETIONS:  # a letter dropped
        return True
    deletions = _deletions(word)
    if deletions & _LONG or deletions & _LONG_DELETIONS:  # added; changed or swapped
        return True
    return len(word) >= _GLUED_MIN and any(word.startswith(name) for name in _LONG)


def names_protected_group(words: Iterable[str]) -> bool:
    """True when the normalised words name a protected group (see the module's list).

    Hyphenated words are read part by part ("non-binary", "British-Pakistani").
    """
    previous = ""
    for word in words:
        for part in word.split("-"):
            if part in _SINGLE or (previous, part) in _PAIRS or _near_name(part):
                return True
            previous = part
    return False
