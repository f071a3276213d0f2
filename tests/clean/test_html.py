"""HTML input: trafilatura main content plus our filter and metadata."""
from __future__ import annotations

from wirecoder.clean import clean
from wirecoder.records import Article

BODY = [
    "Rebels attacked a police convoy near the northern town of Kunduz on Tuesday, killing three "
    "officers, a provincial spokesman said.",
    "The spokesman said the convoy was carrying supplies to a checkpoint when it was ambushed by "
    "dozens of fighters armed with rifles and rockets.",
    "Officials said reinforcements had been sent to the area and that fighting continued late "
    "into the evening near the checkpoint outside the town.",
]

PAGE = """<!doctype html><html><head><title>Rebels ambush convoy | Example News</title>
<meta property="og:title" content="Rebels ambush police convoy near Kunduz">
<meta property="article:published_time" content="2021-07-26T10:00:00Z">
<link rel="canonical" href="https://news.example.org/world/kunduz-convoy"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Rebels ambush police convoy near Kunduz</h1>
<p>{0}</p><p>Share this article</p><p>{1}</p><p>{2}</p>
<p>© 2021 Example News. All rights reserved.</p></article>
<footer><p>Subscribe to our newsletter</p></footer></body></html>"""


def html_article(html: str, **kw) -> Article:
    return clean(Article(id="h", text="", raw=html, content_type="html", **kw))


def test_body_metadata_and_no_offsets():
    a = html_article(PAGE.format(*BODY))
    paras = [a.text[s:e] for s, e, k in a.blocks if k == "paragraph"]
    assert paras == BODY
    assert a.title == "Rebels ambush police convoy near Kunduz"
    assert a.published == "2021-07-26"
    assert a.url == "https://news.example.org/world/kunduz-convoy"
    assert a.offsets == []
    assert "Share this" not in a.text and "rights reserved" not in a.text


def test_ingest_metadata_is_kept():
    a = html_article(PAGE.format(*BODY), url="https://mirror.example.com/x", published="2021-07-27")
    assert a.url == "https://mirror.example.com/x" and a.published == "2021-07-27"


def test_megabytes_of_inline_script():
    script = "<script>var x = '" + "a" * 4_000_000 + "';</script>"
    html = PAGE.format(*BODY).replace("<body>", "<body>" + script)
    a = html_article(html)
    assert BODY[0] in a.text and "aaaa" not in a.text


def test_list_in_article_kept():
    html = PAGE.format(*BODY).replace(
        "<p>Share this article</p>",
        "<ul><li>three police officers killed</li><li>two civilians wounded</li></ul>")
    a = html_article(html)
    assert "three police officers killed" in a.text and "two civilians wounded" in a.text


def test_garbage_html_does_not_crash():
    a = html_article("<html><body><p>" + "<div>" * 5000 + "short</p>")
    assert isinstance(a.text, str)
