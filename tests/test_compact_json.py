"""compact_json: the compact JSON json would write, read back by json as the data it was made from
(the static API, the index's records and the state kept between builds are all written by it)."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from sitegen.compact_json import compact_json

plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: an input's upvotes may be any whole number
    | st.floats(allow_nan=False, allow_infinity=False)  # orjson writes those as null
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(plain)
@example([2**64, -(2**63) - 1, 10**30])
@example({"title": "caf\u00e9 \u2014 \U0001f600", "upvotes": 9223372036854775808})
@example(["a lone surrogate: \ud800", 2**70])
def test_compact_json_reads_back_as_the_data_it_was_made_from(data):
    assert json.loads(compact_json(data)) == data


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),  # floats may take another form
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
)
def test_compact_json_is_what_json_writes_compactly(data):
    expected = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert compact_json(data) == expected
