"""Line classifier on scraped-text shapes other than the seed (all built here, not copied)."""
from __future__ import annotations

from wirecoder.clean import CleanOptions

from .conftest import clean_raw, kinds

P1 = ("Rebels attacked a convoy near the northern town of Kunduz on Tuesday, killing three "
      "police officers, a provincial spokesman said.")
P2 = ("The spokesman said the convoy was carrying supplies to a police checkpoint when it was "
      "ambushed by dozens of fighters armed with rifles and rockets.")
P3 = ("Officials said reinforcements had been sent to the area and that fighting continued "
      "late into the evening near the checkpoint.")
TITLE = "Rebels ambush police convoy near Kunduz"

def paragraphs(a):
    return [t for k, t in kinds(a) if k == "paragraph"]

def test_read_more_links_dropped():
    raw = "\n\n".join([TITLE, P1, "Read more: Floods displace thousands in the south", P2,
                       "READ MORE", "Also read: Election date announced", P3])
    a = clean_raw(raw)
    assert paragraphs(a) == [P1, P2, P3]
    assert "Read more" not in a.text and "Also read" not in a.text
    assert a.title == TITLE

def test_cookie_banner_share_buttons_and_menu_dropped():
    raw = "\n".join([
        "Home | World | Politics | Business | Sport",
        "We use cookies to improve your experience. By using this site you accept our "
        "cookie policy.",
        "Accept",
        TITLE, "", P1, "", "Share on Facebook", "Tweet", "WhatsApp", "Email", "", P2, "", P3,
    ])
    a = clean_raw(raw)
    assert paragraphs(a) == [P1, P2, P3]
    assert a.title == TITLE
    assert "cookie" not in a.text.lower() and "Facebook" not in a.text

def test_byline_dateline_and_caption():
    raw = "\n".join([
        TITLE, "By Jane Doe and John Roe", "Published: 12 March 2021 10:32 GMT", "",
        "KABUL, March 12 (Reuters) - " + P1, "",
        "Police officers at the checkpoint on Monday. (AP Photo/Rahmat Gul)", "",
        "Photo: Reuters", P2, "", P3,
    ])
    a = clean_raw(raw)
    assert paragraphs(a) == ["KABUL, March 12 (Reuters) - " + P1, P2, P3]
    assert "Jane Doe" not in a.text and "GMT" not in a.text and "AP Photo" not in a.text

def test_tags_and_copyright_footer():
    raw = "\n\n".join([TITLE, P1, P2, P3, "Tags: Afghanistan, Kunduz, Police, Security",
                       "© 2021 Example News Agency. All rights reserved.",
                       "Afghanistan, Kunduz, Police, Taliban, Security"])
    a = clean_raw(raw)
    assert paragraphs(a) == [P1, P2, P3]
    assert len(a.dropped_lines) == 3

def test_related_headline_without_subheading_dropped():
    raw = "\n\n".join([TITLE, P1, "Cricket board names new captain for the winter tour", P2])
    a = clean_raw(raw)
    assert paragraphs(a) == [P1, P2]
    assert [k for k, _ in kinds(a)] == ["title", "paragraph", "paragraph"]

def test_subheading_sharing_words_with_its_paragraph_is_kept():
    raw = "\n\n".join([TITLE, P1, "Convoy carrying supplies ambushed", P2])
    a = clean_raw(raw)
    assert ("heading", "Convoy carrying supplies ambushed") in kinds(a)
    assert not clean_raw(raw, options=CleanOptions(keep_headings=False)).text.count("Convoy c")

def test_no_junk_unchanged_except_whitespace():
    raw = f"{P1}\n\n{P2}  \n\n\n{P3}\n"
    a = clean_raw(raw)
    assert a.text.split() == raw.split()
    assert a.text == f"{P1}\n\n{P2}\n\n{P3}"
    assert a.dropped_lines == []

def test_crlf_line_endings():
    raw = "\r\n".join([TITLE, "", P1, "", "Back to top", "", P2, "", P3, "Share this"])
    a = clean_raw(raw)
    assert "\r" not in a.text
    assert paragraphs(a) == [P1, P2, P3]
    assert a.title == TITLE

def test_one_paragraph_text():
    a = clean_raw(P1)
    assert a.text == P1 and kinds(a) == [("paragraph", P1)]

def test_hard_wrapped_paragraphs_are_joined():
    import textwrap
    raw = "\n\n".join(textwrap.fill(p, 60) for p in (P1, P2, P3))
    a = clean_raw(raw)
    assert paragraphs(a) == [P1, P2, P3]

def test_list_between_paragraphs_is_kept_and_trailing_list_dropped():
    items = ["- three police officers killed", "- two civilians wounded"]
    related = ["- Floods hit the south", "- Markets close higher"]
    raw = "\n".join([TITLE, "", P1, *items, "", P2, "", P3, "", *related])
    a = clean_raw(raw)
    assert items[0] in a.text and items[1] in a.text
    assert related[0] not in a.text

def test_non_english_prose_kept():
    zh = "塔利班武装分子周二在昆都士附近袭击了一支警察车队，造成三名警察死亡。"
    a = clean_raw("\n\n".join([P1, zh, P2]))
    assert zh in a.text

def test_text_with_only_headlines_is_kept():
    raw = "Floods displace thousands\nMarkets close higher"
    a = clean_raw(raw)
    assert "Markets close higher" in a.text

def test_empty_text():
    a = clean_raw("")
    assert a.text == "" and a.blocks == [] and a.offsets == []
    assert clean_raw("  \n\n \t").text == ""


def test_a_paragraph_cut_off_by_an_excerpt_is_kept():
    # a feed summary or stored excerpt ends mid-word; its whole first sentence is still text
    cut = ("Mediators from Qatar helped arrange the truce. The talks lasted three days, officials "
           "said, adding that both sides had agreed to meet ag")
    a = clean_raw("\n".join([TITLE, P1, P2, cut]))
    assert paragraphs(a) == [P1, P2, cut]
    # a short line without a whole sentence after the text is still furniture
    a = clean_raw("\n".join([TITLE, P1, P2, "More from World News and Politics"]))
    assert paragraphs(a) == [P1, P2]


def test_a_last_sentence_cut_off_mid_word_is_kept():
    cut = ("Officials from both countries said the border crossing would reopen next week after months "
           "of negotiations over the new customs rules and the transit fe")
    a = clean_raw("\n".join([TITLE, P1, P2, cut]))
    assert paragraphs(a) == [P1, P2, cut]
    # a related article's headline after the text is Title Case: still dropped
    headline = ("Ten Things You Need To Know About The New Customs Rules And The Transit Fees Agreed "
                "By Both Countries")
    a = clean_raw("\n".join([TITLE, P1, P2, headline]))
    assert paragraphs(a) == [P1, P2]
