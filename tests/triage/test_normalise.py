"""Normalisation undoes spelling tricks and keeps offsets into the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hustings.triage.normalise import (
    is_mention,
    mark,
    normalise_word,
    plain,
    strip_mentions,
    tokenise,
)


def words(text: str) -> list[str]:
    return [t.text for t in tokenise(text) if t.is_word]


def test_leet_masks_and_stretching_are_repaired() -> None:
    assert words("1 h4te y0u") == ["i", "hate", "you"]
    assert normalise_word("f*ck") == "fck"
    assert normalise_word("diiiiie") == "diie"
    assert normalise_word("$hit") == "shit"


def test_numbers_without_letters_are_left_alone() -> None:
    assert words("call 07700 900123") == ["call", "07700", "900123"]


def test_spaced_and_dotted_letters_are_joined() -> None:
    assert words("you are s c u m") == ["you", "are", "scum"]
    assert words("k.i.l.l yourself") == ["kill", "yourself"]


def test_a_spaced_out_sentence_keeps_its_word_breaks() -> None:
    # wider gaps between words than between letters
    assert words("G a y  p e o p l e  a r e  s c u m") == ["gay", "people", "are", "scum"]
    assert words("I will k i l l  y o u") == ["i", "will", "kill", "you"]


def test_look_alike_letters_and_accents_fold_to_ascii() -> None:
    assert words("vеrmin") == ["vermin"]  # Cyrillic е
    assert words("Café") == ["cafe"]


def test_quoted_words_are_marked_and_blanked_for_characters() -> None:
    tokens = tokenise('Saying "women are scum" is vile')
    assert mark(tokens) == ["saying", "q_women", "q_are", "q_scum", "is", "vile"]
    assert plain(tokens) == "saying <quote> is vile"


def test_an_unclosed_quote_marks_nothing() -> None:
    tokens = tokenise('"you are scum')
    assert mark(tokens) == ["you", "are", "scum"]


def test_possessive_apostrophe_is_not_a_quote() -> None:
    assert mark(tokenise("the girls' team won")) == ["the", "girls", "team", "won"]


def test_negation_scope_ends_at_punctuation() -> None:
    marked = mark(tokenise("I would never say you're worthless. You are great"))
    assert marked[:6] == ["i", "would", "never", "neg_say", "neg_youre", "neg_worthless"]
    assert marked[-3:] == ["you", "are", "great"]


@given(st.text(max_size=200))
def test_offsets_always_point_inside_the_original_text(text: str) -> None:
    for token in tokenise(text):
        assert 0 <= token.start <= token.end <= len(text)


def test_mentions_are_the_same_for_the_tokens_and_for_stripping() -> None:
    text = "@jane_mp: hi @bob, mail jo@example.com or me@home @x"
    assert strip_mentions(text).split() == ["hi", "mail", "jo@example.com", "or", "me@home"]
    users = [t for t in tokenise(text) if t.text == "@user"]
    assert len(users) == 3
    assert is_mention("@jane_mp:") and not is_mention("jo@example.com")
