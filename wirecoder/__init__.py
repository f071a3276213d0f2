"""wirecoder: news in, geocoded and dated PLOVER event records out."""
from __future__ import annotations

__version__ = "0.1.0"

from .records import Actor, Article, Event, EventDate, Location, Size  # noqa: E402

__all__ = ["Actor", "Article", "Event", "EventDate", "Location", "Size", "extract", "__version__"]


def extract(text_or_path, date=None, **options):
    """Run the whole pipeline over a text, an HTML string or a path; return the events.

    >>> import wirecoder
    >>> events = wirecoder.extract("Taliban fighters attacked a police post in Kunduz on Monday.",
    ...                            date="2021-07-26")  # doctest: +SKIP
    """
    from .api import extract as _extract

    return _extract(text_or_path, date=date, **options)
