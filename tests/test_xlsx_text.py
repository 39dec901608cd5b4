"""cchc_cli/render/xlsx_text.py does what openpyxl's writer does to values (openpyxl is the oracle
here; cchc's writers do without it when their fixed parts are cached)."""
from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.compat import safe_string
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.functions import tostring

from cchc_cli.render import xlsx_text
from cchc_cli.render.xlsx_skeleton_openpyxl import core_template

_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff")
                    .filter(lambda c: c in "\t\n\r" or c >= " "))


def test_every_column_letter():
    assert [xlsx_text.column_letter(i) for i in range(1, 18279)] == [get_column_letter(i) for i in range(1, 18279)]


@given(st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True)))
def test_numbers(value):
    assert xlsx_text.number(value) == safe_string(value)


@given(st.one_of(st.dates(datetime.date(1899, 12, 31), datetime.date(9999, 12, 31)),
                 st.datetimes(datetime.datetime(1899, 12, 31), datetime.datetime(9999, 12, 31))))
def test_excel_serial_days(value):
    ours = xlsx_text.to_excel(value)
    assert ours == to_excel(value) and xlsx_text.number(ours) == safe_string(to_excel(value))


@given(st.lists(st.integers(0, 2**31 - 1), min_size=9, max_size=9))
def test_quoted_is_openpyxls_quote_prefix(fields):
    array = StyleArray(fields)
    array.quotePrefix = True
    assert xlsx_text.quoted(tuple(fields)) == tuple(array)
    assert xlsx_text.DEFAULT == tuple(StyleArray())


@settings(max_examples=300)
@given(title=_XML_TEXT, subject=st.one_of(st.none(), _XML_TEXT),
       when=st.datetimes(datetime.datetime(1980, 1, 1), datetime.datetime(2100, 1, 1)))
def test_document_properties(title, subject, when):
    props = DocumentProperties(creator="cchc", language="vi-VN")
    template = core_template(props, subject=subject is not None)
    marks = {xlsx_text.MARK_TITLE: title} | ({} if subject is None else {xlsx_text.MARK_SUBJECT: subject})
    props.title, props.subject = title, subject
    props.created = props.modified = when.replace(microsecond=0)
    assert xlsx_text.core_xml(template, marks, when.replace(microsecond=0)) == tostring(props.to_tree())


def test_the_characters_xml_cannot_carry_are_exactly_those_of_the_negated_class():
    import re

    from cchc_cli.render import xlsx_sheet
    from cchc_cli.render.xlsx_cells import NOT_XML

    every = "".join(map(chr, range(0x110000)))  # lone surrogates included: a plan's text may hold them
    allowed = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    assert NOT_XML.findall(every) == allowed.findall(every)
    unsafe = re.compile("[^\t\n\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    assert xlsx_sheet._UNSAFE.findall(every) == unsafe.findall(every)
