"""Text normalisation that undoes spelling tricks while remembering where each word came from.

Abusers dodge word lists with l33t ("h4te"), spaced letters ("k i l l"), masked letters
("f*ck"), stretched letters ("diiiie") and look-alike characters. The model sees the repaired
text; explanations point back at the original characters, so every token keeps its offsets.

Two further marks give a linear model some grammar it cannot learn from bags of words:
- words inside quotation marks are prefixed `q_` (someone else's words, often quoted to condemn);
- words in the scope of a negation ("never", "not", "no one") are prefixed `neg_`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

# Look-alike letters from other scripts that NFKC leaves alone.
_CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ѕ": "s",
        "ј": "j",
        "ԁ": "d",
        "ɡ": "g",
        "ı": "i",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
    }
)

# l33t substitutions, applied only inside tokens that also contain letters.
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "+": "t",
        "€": "e",
        "£": "l",
    }
)

_QUOTE_CHARS = frozenset({'"', "“", "”", "«", "»", "„", "'"})
# After splitting, a quote mark that leads a word opens, one that trails a word closes, and a
# free-standing double quote toggles; a lone trailing apostrophe (girls') is not a quote.
_OPEN, _CLOSE, _TOGGLE = "«", "»", '"'
_CLAUSE_END = {".", ",", ";", ":", "!", "?", "…", "-", "—", "–", "(", ")"}
NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "nobody",
        "noone",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "wont",
        "wouldnt",
        "cant",
        "couldnt",
        "shouldnt",
        "mustnt",
        "aint",
        "hardly",
    }
)
_SCOPE_BREAKERS = frozenset({"but", "because", "though", "although", "however", "yet", "so"})
_NEG_SCOPE = 5

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_CHUNK = re.compile(r"\S+")
_MENTION = re.compile(r"^@\w+$")
_MENTION_TRAIL = ".,:;!?"
_SPACED_SEP = re.compile(r"^[.\-_*·]$")
_REPEATS = re.compile(r"(.)\1{2,}")
_NON_WORD_EDGE = re.compile(r"^[^\w@$!|+*€£]+|[^\w*]+$")


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised word or punctuation mark and the slice of the original text it came from."""

    text: str
    start: int
    end: int
    is_word: bool


def _fold(text: str) -> str:
    """NFKC, case-fold, look-alikes to ASCII, accents stripped."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_CONFUSABLES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_word(word: str) -> str:
    """Repair one word: l33t, masking asterisks, stretched letters, apostrophes."""
    if word.isalpha():  # the common case: only stretched letters can need repair
        return _REPEATS.sub(r"\1\1", word) if _REPEATS.search(word) else word
    if any(ch.isalpha() for ch in word):
        word = word.translate(_LEET)
    word = word.replace("*", "").replace("'", "")
    word = _REPEATS.sub(r"\1\1", word)
    return word


def is_mention(chunk: str) -> bool:
    """Whether a whitespace-separated chunk is an @mention: "@name", maybe with trailing
    punctuation ("@jane_mp:"), but not an e-mail address or "me@home"."""
    return _MENTION.match(chunk.rstrip(_MENTION_TRAIL)) is not None


def strip_mentions(text: str) -> str:
    """`text` with each @mention chunk (as `is_mention` sees it) replaced by a space.

    For views of a message that should not read who it is addressed to, such as the static
    embedding (`hustings.triage.embeddings`), with the same notion of a mention as `tokenise`.
    """
    return _CHUNK.sub(lambda m: " " if is_mention(m.group()) else m.group(), text)


def _split_chunk(chunk: str, offset: int) -> list[Token]:
    """Split a whitespace-separated chunk into leading punctuation, a word, trailing punctuation."""
    if chunk.isalpha():  # fast path: a plain word needs no splitting
        return [Token(normalise_word(chunk), offset, offset + len(chunk), True)]
    tokens: list[Token] = []
    if _URL.fullmatch(chunk):
        return [Token("url", offset, offset + len(chunk), True)]
    if is_mention(chunk):
        stripped = chunk.rstrip(_MENTION_TRAIL)
        # Not a word: who is addressed says nothing about abuse, and the public sets select
        # their rows by mentions unevenly (Davidson's offensive tweets count as harassment only
        # when aimed at someone), so as a feature a mention taught "@user ... = harassment".
        # Rules still see mentions in the raw text (a threat to @jane_mp is aimed at a person).
        return [Token("@user", offset, offset + len(stripped), False)]
    lead = _NON_WORD_EDGE.match(chunk)
    start = lead.end() if lead else 0
    tail = _NON_WORD_EDGE.search(chunk[start:]) if start < len(chunk) else None
    end = start + tail.start() if tail and tail.start() > 0 else len(chunk)
    if tail and tail.start() == 0:
        end = start
    has_word = end > start
    for i, ch in enumerate(chunk[:start]):
        if ch in _QUOTE_CHARS:
            mark_ = _OPEN if has_word else (_TOGGLE if ch != "'" else "")
            if mark_:
                tokens.append(Token(mark_, offset + i, offset + i + 1, False))
        elif ch != "#":
            tokens.append(Token(ch, offset + i, offset + i + 1, False))
    if has_word:
        word = normalise_word(chunk[start:end])
        if word:
            tokens.append(Token(word, offset + start, offset + end, True))
    for i, ch in enumerate(chunk[end:], start=end):
        if ch in _QUOTE_CHARS:
            tokens.append(Token(_CLOSE, offset + i, offset + i + 1, False))
        else:
            tokens.append(Token(ch, offset + i, offset + i + 1, False))
    return tokens


def _words_of_spaced_run(letters: list[Token]) -> list[Token]:
    """One word per stretch of a spaced-out run, split where the gap between letters is wider
    than the narrowest one ("g a y  p e o p l e" is two words, "k i l l" one)."""
    gaps = [b.start - a.end for a, b in pairwise(letters)]
    narrow = min(gaps)
    words: list[list[Token]] = [[letters[0]]]
    for gap, letter in zip(gaps, letters[1:], strict=True):
        if gap > narrow:
            words.append([letter])
        else:
            words[-1].append(letter)
    return [Token("".join(t.text for t in w), w[0].start, w[-1].end, True) for w in words]


def _join_spaced_letters(tokens: list[Token]) -> list[Token]:
    """Join runs of three or more one-letter words ("k i l l", "h.a.t.e") into one word."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        j = i
        letters: list[Token] = []
        while j < len(tokens):
            tok = tokens[j]
            if tok.is_word and len(tok.text) == 1 and tok.text.isalpha():
                letters.append(tok)
                j += 1
                # allow one separator mark between letters: "h.a.t.e"
                if (
                    j + 1 < len(tokens)
                    and not tokens[j].is_word
                    and _SPACED_SEP.match(tokens[j].text)
                    and tokens[j + 1].is_word
                    and len(tokens[j + 1].text) == 1
                ):
                    j += 1
                continue
            break
        if len(letters) >= 3:
            out.extend(_words_of_spaced_run(letters))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _split_dotted(chunk: str, offset: int) -> list[Token]:
    """'h.a.t.e' arrives as one chunk: split it so the letter-joiner sees the letters."""
    if re.fullmatch(r"(?:\w[.\-_*·]){2,}\w[.\-_*·]?", chunk):
        return [
            Token(ch.casefold(), offset + i, offset + i + 1, ch.isalnum())
            for i, ch in enumerate(chunk)
        ]
    return _split_chunk(chunk, offset)


def tokenise(text: str) -> list[Token]:
    """Normalised tokens of `text`, each with its offsets in the original string.

    Folding keeps string length for nearly every character; where it does not (rare
    ligatures), offsets are clamped so that spans stay inside the text.
    """
    folded = _fold(text)
    if len(folded) != len(text):
        # Fold per character so offsets line up with the original text.
        folded = "".join((_fold(ch) or " ")[:1] for ch in text)
    tokens: list[Token] = []
    for match in _CHUNK.finditer(folded):
        tokens.extend(_split_dotted(match.group(), match.start()))
    # A lone "1" before a word is l33t for "I" ("1 h4te ..."), not a number.
    for i, tok in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if tok.text == "1" and nxt.is_word and any(ch.isalpha() for ch in nxt.text):
            tokens[i] = Token("i", tok.start, tok.end, True)
    return _join_spaced_letters(tokens)


def quoted(tokens: list[Token]) -> list[bool]:
    """For each token, whether it lies inside a closed pair of quotation marks."""
    inside = [False] * len(tokens)
    open_at: int | None = None
    for i, tok in enumerate(tokens):
        if tok.is_word:
            continue
        if open_at is None and tok.text in (_OPEN, _TOGGLE):
            open_at = i
        elif open_at is not None and tok.text in (_CLOSE, _TOGGLE):
            for k in range(open_at + 1, i):
                inside[k] = True
            open_at = None
    return inside


def mark(tokens: list[Token]) -> list[str]:
    """The word-model view: words with `q_` inside quotes and `neg_` inside a negation's scope."""
    out: list[str] = []
    inside = quoted(tokens)
    neg_left = 0
    for tok, in_quote in zip(tokens, inside, strict=True):
        if not tok.is_word:
            if tok.text in _CLAUSE_END:
                neg_left = 0
                out.append("|")
            continue
        word = tok.text
        if word in _SCOPE_BREAKERS:
            neg_left = 0
        if in_quote:
            out.append("q_" + word)
        elif neg_left > 0:
            out.append("neg_" + word)
            neg_left -= 1
        else:
            out.append(word)
        if word in NEGATORS or word == "n't":
            neg_left = _NEG_SCOPE
    return out


def plain(tokens: list[Token]) -> str:
    """The character-model view: repaired words, each quoted passage replaced by one placeholder."""
    parts: list[str] = []
    inside = quoted(tokens)
    for i, tok in enumerate(tokens):
        if inside[i]:
            if i == 0 or not inside[i - 1]:
                parts.append("<quote>")
            continue
        if tok.is_word:
            parts.append(tok.text)
    return " ".join(parts)
