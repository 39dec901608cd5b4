"""The modeline check numbers lines exactly as the rest of cchc does (str.splitlines)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli.checks.modeline import _numbered_lines


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["# yaml-language-server: $schema=x", "ma: a", "", "\r", "\n", "\r\n", "\x85",
                                 "\u2028", "\x0c", "\x1d", "\ufeff", "é"]), max_size=12),
       st.binary(max_size=3))
def test_lines_are_numbered_as_splitlines_numbers_them(parts, junk):
    raw = "".join(parts).encode("utf-8") + junk  # junk: bytes that may not be UTF-8 at all
    text = raw.decode("utf-8-sig", errors="replace")
    assert list(_numbered_lines(raw)) == list(enumerate(text.splitlines(), start=1))
