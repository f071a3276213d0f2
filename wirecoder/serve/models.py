"""Response models of the HTTP API, for its OpenAPI document (``/openapi.json``).

The event object is derived from the one schema (:mod:`wirecoder.schema`): the pydantic model of
:class:`wirecoder.records.Event` plus the record extras is built by introspection, so a field
added to ``Event`` is documented here too. The routes use the models in ``responses`` (the
document), not as ``response_model``: the routes keep serialising their rows themselves (no
second validation of every event of a 1,000-event page), and extra keys are allowed.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, create_model

from wirecoder import schema
from wirecoder.records import Event

OPEN = ConfigDict(extra="allow")


def _py_type(n: schema.Node, models: dict[str, type]) -> Any:
    if n.kind == "list":
        t: Any = list[_py_type(n.item, models)]  # type: ignore[misc]
    elif n.kind == "struct":
        if n.cls_name not in models:
            fields = {c.name: (_py_type(c, models), ... if not c.nullable else None) for c in n.children}
            models[n.cls_name] = create_model(n.cls_name, __config__=OPEN, **fields)  # type: ignore[call-overload]
        t = models[n.cls_name]
    else:
        t = {"str": str, "int": int, "float": float, "bool": bool, "date": dt.date, "json": dict}[n.kind]
    return Optional[t] if n.nullable else t


@lru_cache(maxsize=1)
def event_model() -> type[BaseModel]:
    """The API's event object: every field of the published record (data/event.schema.json), plus
    the store's columns the page reads (cluster, incident, article, date window)."""
    models: dict[str, type] = {}
    fields: dict[str, Any] = {}
    for n in schema.fields(Event):
        fields[n.name] = (_py_type(n, models), ... if n.required and not n.nullable else None)
    for name, t in (("site", Optional[str]), ("published", Optional[str]),
                    ("date_lo", Optional[dt.date]), ("date_hi", Optional[dt.date])):
        fields.setdefault(name, (t, None))
    return create_model("EventOut", __config__=OPEN, **fields)  # type: ignore[call-overload]


EventOut = event_model()


class ErrorOut(BaseModel):
    ok: bool = False
    error: str
    status: int


class EventsPage(BaseModel):
    model_config = OPEN
    ok: bool = True
    events: list[EventOut]  # type: ignore[valid-type]
    next: Optional[str] = None
    total: Optional[int] = None
    limit: int


class Excerpt(BaseModel):
    model_config = OPEN
    text: str
    highlight: list[int]
    span: list[int]


class SourceOut(BaseModel):
    """One article that reported the event (file paths of the server are never shown)."""
    model_config = OPEN
    event_id: str
    article_id: str
    url: Optional[str] = None
    title: Optional[str] = None
    site: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    sentence: Optional[str] = None
    span: list[int]
    excerpt: Excerpt


class EventDetail(EventOut):  # type: ignore[misc, valid-type]
    sources: list[SourceOut]
    trigger_span: Optional[list[int]] = None


class EventDetailOut(BaseModel):
    ok: bool = True
    event: EventDetail


class ArticleDetail(BaseModel):
    model_config = OPEN
    id: str
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    site: Optional[str] = None
    language: Optional[str] = None
    source: Optional[str] = None
    text: str
    ingested_at: Optional[dt.datetime] = None
    num_events: Optional[int] = None
    events: list[EventOut]  # type: ignore[valid-type]


class ArticleOut(BaseModel):
    ok: bool = True
    article: ArticleDetail


class TrackStep(BaseModel):
    model_config = OPEN
    cluster_id: str
    event_type: Optional[str] = None
    date: Optional[str] = None
    date_lo: Optional[dt.date] = None
    date_hi: Optional[dt.date] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    place: Optional[str] = None
    sentence: Optional[str] = None
    num_sources: Optional[int] = None
    event_id: Optional[str] = None


class Incident(BaseModel):
    model_config = OPEN
    incident_id: str
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    num_clusters: int
    num_articles: Optional[int] = None
    countries: Optional[list[str]] = None
    place: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    title: Optional[str] = None
    track: list[TrackStep]


class IncidentsPage(BaseModel):
    model_config = OPEN
    ok: bool = True
    incidents: list[Incident]
    next: Optional[str] = None
    limit: int


class IncidentDetail(Incident):
    timeline: list[EventOut]  # type: ignore[valid-type]


class IncidentOut(BaseModel):
    ok: bool = True
    incident: IncidentDetail


class StatsOut(BaseModel):
    model_config = OPEN
    ok: bool = True
    articles: int
    events: int
    clusters: int
    incidents: int
    level: str
    matching: int
    by_type: dict[str, int]
    by_country: dict[str, int]
    by_week: dict[str, int]
    by_day: dict[str, int]
    by_quad_class: Optional[dict[str, int]] = None


class HealthOut(BaseModel):
    model_config = OPEN
    ok: bool = True
    status: str
    version: str
    writable: bool
    private: bool
    articles: Optional[int] = None
    events: Optional[int] = None
    clusters: Optional[int] = None
    incidents: Optional[int] = None


class StoredArticle(BaseModel):
    model_config = OPEN
    id: Optional[str] = None
    status: str
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    events: Optional[int] = None
    event_ids: Optional[list[str]] = None
    error: Optional[str] = None


class PostArticlesOut(BaseModel):
    ok: bool = True
    articles: list[StoredArticle]


ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413, 422)}


def doc(model: type[BaseModel], **more: Any) -> dict[Any, Any]:
    """``responses=`` of a route: ``model`` for 200 and the error object for the error codes."""
    return {200: {"model": model, **more}, **ERRORS}
