"""Tests for certificate verification codes."""

from __future__ import annotations

import re

import pytest

from lms.proof.codes import ALPHABET, format_code, new_verification_code, normalize_code

STORED = re.compile(r"^[0-9A-HJKMNP-TV-Z]{16}$")


def test_alphabet_is_crockford():
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert len(set(ALPHABET)) == 32


def test_new_code_is_16_crockford_characters_and_normalized():
    for _ in range(200):
        code = new_verification_code()
        assert STORED.match(code), code
        assert normalize_code(code) == code


def test_new_codes_do_not_repeat_and_use_the_whole_alphabet():
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    # 32 000 characters: every symbol, including the first (high bits), shows up.
    assert set("".join(codes)) == set(ALPHABET)
    assert {code[0] for code in codes} == set(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"),
        ("abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS"),
        ("  abcd efgh\tjkmn pqrs \n", "ABCDEFGHJKMNPQRS"),
        ("ABCDEFGHJKMNPQRS", "ABCDEFGHJKMNPQRS"),
        ("o0iI-lL1a-bcde-fghj", "0011111ABCDEFGHJ"),
        ("AB-CD--EF-GH-JK-MN-PQ-RS", "ABCDEFGHJKMNPQRS"),
    ],
    ids=["grouped", "lower-case", "spaces", "stored", "confusables", "odd-dashes"],
)
def test_normalize_accepts_what_people_type(typed, expected):
    assert normalize_code(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ABCD-EFGH-JKMN-PQR",  # 15 characters
        "ABCD-EFGH-JKMN-PQRST",  # 17 characters
        "ABCD-EFGH-JKMN-PQRU",  # U is not in the alphabet
        "ABCD-EFGH-JKMN-PQR!",
        "ABCD_EFGH_JKMN_PQRS",
        "ıBCD-EFGH-JKMN-PQRS",  # dotless i upper-cases to I; must not sneak in as 1
        "ABCD-EFGH-JKMN-ＰQRS",  # full-width letter
        None,
    ],
    ids=[
        "empty",
        "too-short",
        "too-long",
        "letter-u",
        "punctuation",
        "underscores",
        "dotless-i",
        "full-width",
        "not-a-string",
    ],
)
def test_normalize_rejects_invalid(typed):
    assert normalize_code(typed) is None


def test_format_groups_by_four():
    assert format_code("ABCDEFGHJKMNPQRS") == "ABCD-EFGH-JKMN-PQRS"
    assert format_code("abcd efgh jkmn pqrs") == "ABCD-EFGH-JKMN-PQRS"


def test_format_round_trips_through_normalize():
    code = new_verification_code()
    assert normalize_code(format_code(code)) == code


def test_format_rejects_invalid():
    with pytest.raises(ValueError, match="not a verification code"):
        format_code("nope")
