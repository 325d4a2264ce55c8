"""The pieces of the font join that need no layout: width arrays and ToUnicode maps."""

from __future__ import annotations

import pikepdf

from build_tools.printbook.fontmerge import _cmap, _to_unicode, _width_array, _widths


def test_width_arrays_are_read_in_both_forms_and_written_in_runs() -> None:
    array = pikepdf.Array([3, pikepdf.Array([500, 600]), 10, 12, 250])
    widths = _widths(array)
    assert {gid: int(width) for gid, width in widths.items()} == {
        3: 500, 4: 600, 10: 250, 11: 250, 12: 250
    }  # fmt: skip
    written = _width_array(widths)
    assert [int(written[0]), int(written[2])] == [3, 10]
    assert [int(w) for w in written[1]] == [500, 600] and len(written[3]) == 3


def test_to_unicode_maps_survive_a_join_and_ignore_the_codespace() -> None:
    text = {36: b"0041", 501: b"00660069", 7: b"00e9"}  # A, the ligature "fi", é
    cmap = _cmap(text)
    assert b"<0000> <ffff>" in cmap  # the code space, not a mapping of glyph 0
    assert _to_unicode(cmap) == text
    many = {gid: b"0041" for gid in range(250)}
    assert _to_unicode(_cmap(many)) == many and _cmap(many).count(b"beginbfchar") == 3
