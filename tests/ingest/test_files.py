"""Plain text and HTML files, folders and stdin."""
from __future__ import annotations

import gzip
import io
import sys

from .helpers import EN_TEXT, html_page, run


def test_text_file(write):
    p = write("story.txt", EN_TEXT + "\n")
    (a,), errs, stats = run([str(p)])
    assert errs == [] and stats.read == 1
    assert a.content_type == "text"
    assert a.raw == EN_TEXT + "\n" and a.text == a.raw
    assert a.source == str(p) and a.url is None and a.language == "en"


def test_html_file_detected_by_content_not_extension(write):
    p = write("story.txt", html_page(canonical="https://news.example.com/2021/07/26/attack"))
    (a,), errs, _ = run([str(p)])
    assert a.content_type == "html"
    assert a.text == "" and "<p>" in a.raw
    assert a.title == "Checkpoint attacked - Example News"
    assert a.url == "https://news.example.com/2021/07/26/attack"
    assert a.site == "news.example.com"


def test_text_with_html_extension_is_text(write):
    p = write("story.html", EN_TEXT + " Use a <b> tag? No.")
    (a,), _, _ = run([str(p)])
    assert a.content_type == "text"


def test_og_title_preferred(write):
    page = html_page().replace("<head>", '<head><meta property="og:title" content="Four killed in Kandahar">')
    (a,), _, _ = run([str(write("p.html", page))])
    assert a.title == "Four killed in Kandahar"


def test_gzipped_html_file(write):
    p = write("page.html.gz", gzip.compress(html_page().encode("utf-8")))
    (a,), errs, _ = run([str(p)])
    assert errs == [] and a.content_type == "html"


def test_folder_recursive_sorted_hidden_skipped(write, tmp_path):
    write("b.txt", EN_TEXT.replace("Monday", "Tuesday"))
    write("a/z.txt", EN_TEXT.replace("Monday", "Wednesday"))
    write("a/c.html", html_page())
    write(".hidden.txt", EN_TEXT)
    write(".git/x.txt", EN_TEXT)
    arts, errs, stats = run([str(tmp_path)])
    assert errs == []
    assert [a.source.replace(str(tmp_path), "") for a in arts] == ["/a/c.html", "/a/z.txt", "/b.txt"]
    assert stats.read == 3


def test_folder_include_exclude(write, tmp_path):
    write("keep/one.txt", EN_TEXT)
    write("keep/two.html", html_page())
    write("drop/three.txt", EN_TEXT)
    arts, _, _ = run([str(tmp_path)], include=["*.txt"], exclude=["drop/*"])
    assert [a.source.replace(str(tmp_path), "") for a in arts] == ["/keep/one.txt"]


def test_stdin(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(html_page().encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (a,), errs, _ = run(["-"])
    assert a.source == "<stdin>" and a.content_type == "html"


def test_same_article_same_id(write):
    one = write("one.txt", EN_TEXT)
    two = write("sub/two.txt", "  " + EN_TEXT.replace(" ", "  ") + "\n")
    a, b = run([str(one), str(two)])[0]
    assert a.id == b.id
    url = "https://news.example.com/2021/07/26/attack"
    c, d = run([str(write("c.html", html_page(canonical=url))),
                str(write("d.html", html_page(body=EN_TEXT + " Updated.", canonical=url + "/")))])[0]
    assert c.id == d.id
    assert c.id != a.id


def test_homepage_canonical_ignored(write):
    (a,), _, _ = run([str(write("p.html", html_page(canonical="https://news.example.com/")))])
    (b,), _, _ = run([str(write("q.html", html_page(body=EN_TEXT + " More.", canonical="https://news.example.com/")))])
    assert a.url is None and a.id != b.id


def test_encodings(write):
    text = "The café’s owner said “four people” were hurt. " + EN_TEXT
    for enc in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        (a,), errs, _ = run([str(write(f"{enc}.txt", text.encode(enc)))])
        assert errs == [] and a.raw.lstrip("\ufeff") == text, enc
    page = html_page(body="Ελληνικά: " + EN_TEXT, charset="iso-8859-7")
    (a,), errs, _ = run([str(write("greek.html", page.encode("iso-8859-7")))])
    assert "Ελληνικά" in a.raw
