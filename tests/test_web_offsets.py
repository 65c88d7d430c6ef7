"""The browser's UTF-16 offsets and the quotes' code points: converted at the boundary, exactly."""

from __future__ import annotations

import pytest

from bikva.errors import BikvaError
from bikva.web.offsets import Segment, code_point_offset, segments, utf16_offset

TEXT = "😀👍🏽 e\u0301n ting: ventetiden"  # two astral emoji, a skin-tone modifier, a combining accent


def test_an_emoji_counts_two_in_the_browser_and_one_in_the_database():
    browser_start = len(TEXT.encode("utf-16-le")) // 2 - len("ventetiden")
    start = code_point_offset(TEXT, browser_start)
    assert TEXT[start:] == "ventetiden"
    assert utf16_offset(TEXT, start) == browser_start
    assert browser_start - start == 3  # 😀, 👍 and 🏽 are each two UTF-16 units


def test_a_combining_accent_is_one_unit_on_both_sides():
    text = "e\u0301n"
    assert [code_point_offset(text, n) for n in range(4)] == [0, 1, 2, 3]


@pytest.mark.parametrize("offset", [1, -1, 100])
def test_an_offset_inside_an_emoji_or_outside_the_text_is_refused(offset):
    with pytest.raises(BikvaError):
        code_point_offset("😀 ja", offset)


def test_segments_cut_the_text_at_overlapping_quotes():
    assert segments("abcdef", [(1, 1, 4), (2, 3, 5)]) == [
        Segment("a", ()), Segment("bc", (1,)), Segment("d", (1, 2)), Segment("e", (2,)), Segment("f", ())]
    assert "".join(s.text for s in segments(TEXT, [(7, 5, 9)])) == TEXT
