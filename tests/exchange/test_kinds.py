"""Signal types normalise what platforms send, and text fingerprints behave as promised."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.factories.exchange import pdq_data_dir
from typer.testing import CliRunner

from hustings.cli import app
from hustings.exchange import kinds, textprint
from hustings.exchange.hashing import hash_bytes

BRIDGE = pdq_data_dir() / "bridge-mods"


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("HTTP://WWW.Example.COM/a/?utm_source=x&b=2&a=1#top", "https://example.com/a?a=1&b=2"),
        ("https://example.com:443/", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        (
            "https://m.facebook.com/story.php?fbclid=abc&id=7",
            "https://m.facebook.com/story.php?id=7",
        ),
        ("https://bücher.example/p", "https://xn--bcher-kva.example/p"),
        ("https://x.com/u/status/1?s=20&t=abc", "https://x.com/u/status/1?s=20&t=abc"),
    ],
)
def test_urls_are_normalised(given_url: str, expected: str) -> None:
    assert kinds.normalise_url(given_url) == expected


def test_short_links_are_recorded_as_given() -> None:
    signal = kinds.normalise({"type": "url", "url": "http://bit.ly/AbC123?utm_source=x"})
    assert signal.value == "https://bit.ly/AbC123"  # the path's case is kept: it is the key
    assert signal.details == {"as_given": "http://bit.ly/AbC123?utm_source=x", "short_link": True}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"type": "url", "url": "ftp://example.com"}, "http"),
        ({"type": "pdq", "hash": "ab" * 31}, "64 hexadecimal"),
        ({"type": "pdq", "hash": "ab" * 32, "quality": 20}, "too unreliable"),
        ({"type": "md5", "hash": "xyz"}, "32 hexadecimal"),
        ({"type": "sha256", "hash": "0" * 63}, "64 hexadecimal"),
        ({"type": "account", "platform": "x"}, "account_id"),
        ({"type": "text", "exact": "0" * 64, "minhash": "mh1:00"}, "512 hex"),
        ({"type": "text", "text": "the words themselves"}, "never the text"),
        ({"type": "video"}, "'type' is one of"),
    ],
)
def test_bad_input_gets_a_clear_message(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kinds.normalise(raw)


def test_accounts_are_keyed_by_platform_and_stable_id() -> None:
    signal = kinds.normalise(
        {
            "type": "account",
            "platform": "X",
            "account_id": " 12345 ",
            "handle": "@SomeTroll",
            "display_name": "Some Troll",
            "profile_url": "https://X.com/SomeTroll?ref_src=twsrc",
        }
    )
    assert signal.value == "x:12345"
    assert signal.details["handle"] == "sometroll"
    assert signal.details["profile_url"] == "https://x.com/SomeTroll"


def test_text_fingerprints_survive_small_edits_and_separate_different_texts() -> None:
    base = "You'd better not show your face at the count, we will be waiting for you outside"
    edited = "you'd better NOT show ur face at the count... we will be waiting for you outside 🔪"
    other = "Thanks for the leaflet, I will be voting for you at the count on Thursday"
    a, b, c = (textprint.minhash_values(t) for t in (base, edited, other))
    assert textprint.similarity(a, b) >= 0.5
    assert textprint.similarity(a, c) < 0.3
    assert textprint.exact_hash("Ŵyn  BACH!") == textprint.exact_hash("wyn bach")
    assert textprint.decode(textprint.encode(a)) == a


@given(st.text(max_size=300))
def test_any_text_fingerprints_and_round_trips(text: str) -> None:
    printed = textprint.fingerprint(text)
    assert len(printed.exact) == 64
    assert textprint.decode(printed.minhash) == textprint.minhash_values(text)


@pytest.mark.skipif(not BRIDGE.is_dir(), reason="../shared/data/pdq is not beside the checkout")
def test_hustings_hash_prints_pdq_with_quality_md5_and_sha256() -> None:
    image = BRIDGE / "aaa-orig.jpg"
    result = CliRunner().invoke(app, ["hash", "--json", str(image), "--text", "hello there"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.strip().splitlines())
    expected = hash_bytes(image.read_bytes())
    assert first["pdq"] == expected.pdq and first["quality"] == expected.quality >= 80
    assert first["md5"] == expected.md5 and first["sha256"] == expected.sha256
    assert second == {
        "exact": textprint.exact_hash("hello there"),
        "minhash": textprint.fingerprint("hello there").minhash,
    }
    missing = CliRunner().invoke(app, ["hash", "/nonexistent/file.jpg"])
    assert missing.exit_code == 1


def test_a_file_that_is_not_an_image_has_no_pdq() -> None:
    hashes = hash_bytes(b"just some bytes")
    assert hashes.pdq is None and hashes.quality is None and len(hashes.md5) == 32


@pytest.mark.skipif(not BRIDGE.is_dir(), reason="../shared/data/pdq is not beside the checkout")
def test_every_colour_mode_hashes_like_the_original() -> None:
    from threatexchange.signal_type.pdq.pdq_utils import simple_distance

    modes = BRIDGE.parent / "misc-images" / "modes"
    original = hash_bytes((modes / "original.jpg").read_bytes()).pdq
    assert original is not None
    for path in sorted(modes.glob("*.*")):
        if path.suffix == ".md":
            continue
        hashed = hash_bytes(path.read_bytes())
        assert hashed.pdq is not None, path.name
        assert simple_distance(original, hashed.pdq) <= 16, path.name
