"""Links from paper data: only http(s) URLs reach a page, encoded so that they cannot end a Markdown link."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.render.escape import checked_url, safe_url


def test_http_links_are_kept_and_others_refused():
    assert safe_url(" https://arxiv.org/abs/2403.09629 ") == "https://arxiv.org/abs/2403.09629"
    assert safe_url("https://github.com/a/b (code)") == "https://github.com/a/b%20%28code%29"
    for refused in (
        "javascript:alert(1)",
        "data:text/html,x",
        "//host/x",
        "papers/x/",
        "https:///x",
        "",
        None,
    ):
        assert safe_url(refused) is None


SCHEMES = st.sampled_from(["https://", "http://", "HTTP://", "https:/", "javascript:", ""])
HOSTS = st.one_of(
    st.text(alphabet="aZ09.-", min_size=1, max_size=8), st.text(alphabet="aZ09.-_@:", max_size=8)
)
PATHS = st.one_of(
    st.just(""),
    st.text(alphabet="/aZ09.-_~:?#()[] <>\"'%é\n", max_size=12).map(lambda path: "/" + path),
)


@settings(max_examples=1000, deadline=None)
@given(st.builds(lambda scheme, host, path: scheme + host + path, SCHEMES, HOSTS, PATHS))
def test_plain_links_skip_no_check(url):
    # The fast path for plain URLs gives what the full check gives.
    assert safe_url(url) == checked_url(url.strip())
