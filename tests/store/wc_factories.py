"""Factories for articles and events built in code (no pipeline needed); shared by tests/dedupe."""
from __future__ import annotations

from typing import Any, Optional

from wirecoder.records import Actor, Article, Event, EventDate, Location, Size, stable_id

PLACES = {
    "chitral": dict(text="Chitral", name="Chitral", geonameid=1180729, lat=35.85, lon=71.79,
                    country="PAK", admin1="Khyber Pakhtunkhwa", precision="town"),
    "arundu": dict(text="Arundu", name="Arandu", lat=35.33, lon=71.55, country="PAK",
                   admin1="Khyber Pakhtunkhwa", precision="town"),
    "karachi": dict(text="Karachi", name="Karachi", lat=24.86, lon=67.01, country="PAK",
                    admin1="Sindh", precision="town"),
    "kabul": dict(text="Kabul", name="Kabul", lat=34.53, lon=69.17, country="AFG",
                  admin1="Kabul", precision="town"),
    # a line of towns ~70-140 km apart (for incidents that must not walk across a region)
    "peshawar": dict(text="Peshawar", name="Peshawar", lat=34.01, lon=71.58, country="PAK", precision="town"),
    "islamabad": dict(text="Islamabad", name="Islamabad", lat=33.69, lon=73.05, country="PAK", precision="town"),
    "jhelum": dict(text="Jhelum", name="Jhelum", lat=32.94, lon=73.73, country="PAK", precision="town"),
    "gujranwala": dict(text="Gujranwala", name="Gujranwala", lat=32.16, lon=74.19, country="PAK", precision="town"),
    "lahore": dict(text="Lahore", name="Lahore", lat=31.55, lon=74.34, country="PAK", precision="town"),
    "tajikistan": dict(text="Tajikistan", name="Tajikistan", lat=38.5, lon=71.0, country="TJK",
                       precision="country"),
}


def make_article(url: str, text: str = "", published: str = "2021-07-26", site: Optional[str] = None,
                 title: Optional[str] = None) -> Article:
    text = text or f"Body of {url}."
    return Article(id=Article.make_id(url, text), text=text, url=url, published=published,
                   site=site or url.split("/")[2], title=title, source=url, language="en")


def make_event(article: Article, sentence: str, event_type: str = "RETREAT", *,
               actor: tuple = ("Afghan soldiers", "AFG", "MIL"),
               recipient: Optional[tuple] = ("Pakistan", "PAK", "GOV"),
               day: Optional[str] = "2021-07-25", precision: str = "day", place: Optional[str] = "chitral",
               people: Optional[int] = None, qualifier: Optional[str] = None, dead: Optional[int] = None,
               modality: str = "asserted", idx: int = 0, acled: tuple = (None, None),
               **kw: Any) -> Event:
    start = article.text.find(sentence)
    start = max(start, 0) + idx
    actors = [Actor(text=actor[0], name=actor[0], country=actor[1], sector=actor[2])] if actor else []
    recips = [Actor(text=recipient[0], name=recipient[0], country=recipient[1], sector=recipient[2])] if recipient else []
    return Event(
        id=stable_id(article.id, event_type, start, sentence), article_id=article.id,
        event_type=event_type, mode=kw.pop("mode", None), context=kw.pop("context", []),
        quad_class=kw.pop("quad_class", 4), cameo_root=None, modality=modality,
        actor=actors, recipient=recips,
        date=EventDate(day, precision, "Sunday") if day else None,
        location=Location(**PLACES[place]) if place else None,
        size=Size(people=people, qualifier=qualifier, text=f"{people}" if people else None, dead=dead)
        if (people or dead) else None,
        sentence=sentence, span=(start, start + len(sentence)), confidence=kw.pop("confidence", 0.8),
        trigger=kw.pop("trigger", "fled"), acled_type=acled[0], acled_subtype=acled[1], **kw)


def add_interrupted(store, article: Article, events: list, monkeypatch) -> None:
    """``store.add`` of a batch that fails half-way (incident linking raises), as an interrupted
    run would: the store must roll the whole batch back. The patch is undone after."""
    from wirecoder import incidents

    def boom(*_a, **_k):
        raise RuntimeError("interrupted")
    monkeypatch.setattr(incidents, "link", boom)
    try:
        store.add(article, events)
    except RuntimeError:
        pass
    finally:
        monkeypatch.undo()
