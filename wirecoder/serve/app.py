"""The HTTP API and the map page over an event store (FastAPI; OpenAPI at ``/openapi.json``).

    from wirecoder.export import csv_writer
from wirecoder.serve import ServeConfig, create_app
    app = create_app(ServeConfig(db="events.duckdb", token=None))
    # uvicorn.run(app, host="127.0.0.1", port=8765)   (what ``wirecoder serve`` does)

Endpoints (reads are open unless ``private``; writes need ``Authorization: Bearer <token>``):

``GET /events``            filters of :func:`wirecoder.query.query` + ``bbox``; cursor paging;
                           ``format=json|geojson|csv``
``GET /events/{id}``       the event and its sources (articles, sentences, spans, excerpts)
``GET /articles/{id}``     an article's clean text and its events
``POST /articles``         ``{text|html|url, date?, title?}``: run the pipeline, store the result
``GET /incidents``         incidents with their tracks; ``GET /incidents/{id}`` with its timeline
``GET /stats``             counts by type, country, ISO week and day (filters as ``/events``)
``GET /health``            liveness and store counts
``GET /``                  the map-and-timeline page (``/static/...`` its assets, ``/config.json``)

Every error is ``{"ok": false, "error": "...", "status": N}`` (see :mod:`wirecoder.serve.errors`).
"""
from __future__ import annotations

import contextlib
import csv
import hmac
import io
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Literal, Optional
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wirecoder import __version__
from wirecoder.errors import InputError
from wirecoder.export import csv_writer
from wirecoder.isolation import ArticleFailure, failure_of
from wirecoder.records import Article, Event
from wirecoder.store import Store, StoreError

from . import models as M
from . import views
from .access import StoreAccess
from .local import KEY_HEADER, Snapshots
from .auth import Auth
from .errors import DEFAULT_MAX_BODY, ApiError, BodyLimitMiddleware, error_response, install_error_handlers

log = logging.getLogger("wirecoder.serve")

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_LIMIT = 1000
MAX_ARTICLES_PER_POST = 100   # a feed URL may list many articles; the rest are left out
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"

Process = Callable[[Article], "tuple[Article, list[Event]]"]


@dataclass
class ServeConfig:
    """Settings of one server (each one a ``wirecoder serve`` option).

    db              the store (created empty when missing); default as ``wirecoder ingest``
    token           bearer token for writes (and reads when ``private``); None = no writes
    private         reads need the token too
    read_only       open the store read-only (no writes, several servers may share the file)
    tiles           map tile URL template (``{z}/{x}/{y}``); None = country outlines only
    tiles_attribution  attribution shown under the map for those tiles
    max_body        largest request body in bytes (413 above)
    fetch_timeout   seconds per request when POST /articles fetches a URL
    fetch_max_bytes largest page fetched for POST /articles
    allow_private_urls  let POST /articles fetch loopback/private/link-local hosts (off: refused, 422)
    max_writes      POST /articles requests in progress at once (fetching, waiting for the write
                    lock or running the pipeline); one more is answered 503 at once, so writes never
                    hold more than this many of the server's threads and reads stay fast
    allowed_hosts   Host header names this server answers (others: 421); None = any (``wirecoder
                    serve`` sets the address it listens on, plus localhost names on loopback)
    process         article -> (clean article, events); default the local pipeline
    """

    db: Optional[str | os.PathLike[str]] = None
    token: Optional[str] = None
    private: bool = False
    read_only: bool = False
    tiles: Optional[str] = None
    tiles_attribution: Optional[str] = None
    max_body: int = DEFAULT_MAX_BODY
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5_000_000
    allow_private_urls: bool = False
    max_writes: int = 16
    allowed_hosts: Optional[frozenset[str]] = None
    process: Optional[Process] = field(default=None, repr=False)


# -- JSON responses ------------------------------------------------------------------------------

class Json(JSONResponse):
    """JSON with ISO dates and non-ASCII text as is (faster than FastAPI's encoder on big pages)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=views.jsonable,
                          separators=(",", ":")).encode("utf-8")


# -- parameters ------------------------------------------------------------------------------

QUERY_NAMES_ATTR = "wirecoder_query_names"  # a route's allowed query parameters, kept on the route


def reject_unknown_params(request: Request) -> None:
    """A misspelt filter (``contry=PAK``) is an error, not a silently unfiltered answer.

    The allowed names are kept on the route object itself, so they live and die with it. (They
    were cached in a module-level dict keyed by ``id(route)``: once an app was freed, a route of
    a later app could get the same address and inherit another route's names, and a reader got
    "unknown query parameter 'limit'", 422, from ``GET /events``.)
    """
    route = request.scope.get("route")
    if route is None:
        return
    allowed = getattr(route, QUERY_NAMES_ATTR, None)
    if allowed is None:
        allowed = frozenset(_query_names(route.dependant))
        setattr(route, QUERY_NAMES_ATTR, allowed)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ApiError(422, f"unknown query parameter {unknown[0]!r}; this endpoint takes "
                            f"{', '.join(sorted(allowed)) or 'none'}")


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def event_filters(
    type: Optional[str] = Query(None, description="PLOVER event type(s), comma-separated (ASSAULT,PROTEST)"),
    mode: Optional[str] = Query(None, description="PLOVER mode"),
    country: Optional[str] = Query(None, description="ISO alpha-3 of the place or of any actor, comma-separated"),
    sector: Optional[str] = Query(None, description="PLOVER sector of any actor (MIL, GOV, CVL ...)"),
    place: Optional[str] = Query(None, description="substring of the place name, admin1 or admin2"),
    bbox: Optional[str] = Query(None, description="minlon,minlat,maxlon,maxlat (minlon > maxlon crosses the antimeridian)"),
    start: Optional[str] = Query(None, description="events whose date window ends on/after (YYYY[-MM[-DD]])"),
    end: Optional[str] = Query(None, description="events whose date window starts on/before (YYYY[-MM[-DD]])"),
    modality: Optional[Literal["asserted", "future", "hypothetical", "negated"]] = Query(None),
    min_sources: Optional[int] = Query(None, ge=1, le=10_000, description="reported by at least N sites"),
    text: Optional[str] = Query(None, max_length=200, description="substring of the source sentence"),
) -> views.Filters:
    """The event filters shared by ``/events`` and ``/stats``."""
    return views.Filters(type=type, mode=mode, country=country, sector=sector, place=place, bbox=bbox,
                         start=start, end=end, modality=modality, min_sources=min_sources, text=text)


class ArticleIn(BaseModel):
    """Body of ``POST /articles``: exactly one of ``text``/``html``, or a ``url`` to fetch."""

    model_config = ConfigDict(extra="forbid")

    text: Optional[str] = Field(None, description="article text (plain)")
    html: Optional[str] = Field(None, description="article HTML page")
    url: Optional[str] = Field(None, description="where the article is; fetched when no text/html is given")
    date: Optional[str] = Field(None, description="publication date YYYY-MM-DD when the article has none",
                                pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: Optional[str] = Field(None, max_length=1000)

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and urlsplit(v).scheme not in ("http", "https"):
            raise ValueError("must be an http(s) URL")
        return v

    @field_validator("date")
    @classmethod
    def _real_date(cls, v: Optional[str]) -> Optional[str]:
        if v is not None:
            views.date_bound(v, False, "date")
        return v

    @model_validator(mode="after")
    def _one_input(self) -> "ArticleIn":
        given = [k for k in ("text", "html") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError("give either text or html, not both")
        if not given and not self.url:
            raise ValueError("give text, html or url")
        if given and not getattr(self, given[0]).strip():
            raise ValueError(f"{given[0]} is empty")
        return self


# -- the app ---------------------------------------------------------------------------------

def _tile_origin(tiles: Optional[str]) -> str:
    if not tiles:
        return ""
    parts = urlsplit(tiles)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") and host else ""


def open_store(config: ServeConfig) -> Store:
    """The store as the server holds it: read-only unless writes are enabled (a token and no
    ``read_only``). DuckDB lets other processes open a file that is only open for reading, so
    ``wirecoder query``/``stats``/``info`` and other read-only servers work while a read-only
    server runs; a writable server holds the file's write lock until it stops.

    A missing store is created, and an older schema migrated, in a short write first."""
    if bool(config.token) and not config.read_only:
        return Store(config.db)
    try:
        return Store(config.db, read_only=True)
    except StoreError:
        if config.read_only:   # --read-only: never write, not even to create or migrate
            raise
    with Store(config.db):     # create the empty store or migrate it, then release the lock
        pass
    return Store(config.db, read_only=True)


def create_app(config: ServeConfig) -> FastAPI:
    """The FastAPI application over the store of ``config`` (opened now, closed at shutdown).

    Raises :class:`wirecoder.store.StoreError` when the store cannot be opened.
    """
    auth = Auth(config.token, config.private)
    store = open_store(config)
    access = StoreAccess(store)
    # a writable server holds the file: CLI reads go through snapshots it makes (serve/local.py)
    snapshots = None if store.read_only else Snapshots(store.path)
    write_slots = threading.BoundedSemaphore(max(1, config.max_writes))
    process = config.process
    if process is None:
        from wirecoder.pipeline import process_article
        process = process_article

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if snapshots is not None:
            snapshots.close()
        access.close()

    app = FastAPI(title="wirecoder", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
                  description="PLOVER events coded from news: filters, sources, incidents, stats.",
                  default_response_class=Json)
    app.state.access = access
    app.state.snapshots = snapshots
    app.state.config = config
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body)
    read = [Depends(auth.read), Depends(reject_unknown_params)]
    write = [Depends(auth.write), Depends(reject_unknown_params)]

    tile_origin = _tile_origin(config.tiles)
    csp = ("default-src 'self'; script-src 'self'; style-src 'self'; "
           f"img-src 'self' data: {tile_origin}".rstrip() + "; connect-src 'self'; object-src 'none'; "
           "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        if config.allowed_hosts is not None and "*" not in config.allowed_hosts:
            name = host_name(request.headers.get("host", ""))
            if name not in config.allowed_hosts:
                # DNS rebinding: a page elsewhere naming this server by another host name
                return error_response(421, f"Host {name or '(none)'!r} is not served here; "
                                           "allow it with `wirecoder serve --allow-host NAME`")
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Content-Security-Policy"] = csp
        return response

    # -- page ----------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/config.json", include_in_schema=False)
    def page_config() -> dict[str, Any]:
        return {"tiles": config.tiles, "attribution": config.tiles_attribution or
                (OSM_ATTRIBUTION if config.tiles and "openstreetmap" in config.tiles else ""),
                "private": config.private, "writable": bool(config.token) and not config.read_only,
                "max_limit": MAX_LIMIT, "version": __version__}

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    # -- reads ----------------------------------------------------------------------------
    @app.get("/health", tags=["meta"], dependencies=[Depends(reject_unknown_params)], responses=M.doc(M.HealthOut))
    def health(request: Request) -> dict[str, Any]:
        """Liveness; store counts unless the server is private and the caller has no token."""
        out: dict[str, Any] = {"ok": True, "status": "ok", "version": __version__,
                               "writable": bool(config.token) and not config.read_only,
                               "private": config.private}
        try:
            auth.read(request)
        except ApiError:
            return out
        with access.reader() as view:
            for t in ("articles", "events", "clusters", "incidents"):
                out[t] = view.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        return out

    @app.get("/events", tags=["events"], dependencies=read,
             responses=M.doc(M.EventsPage, content={"application/geo+json": {}, "text/csv": {}}))
    def list_events(
        request: Request,
        filters: views.Filters = Depends(event_filters),
        limit: int = Query(100, ge=1, le=MAX_LIMIT, description=f"events per page (max {MAX_LIMIT})"),
        cursor: Optional[str] = Query(None, max_length=400, description="'next' of the previous page"),
        sort: Literal["-date", "date", "-confidence"] = Query("-date"),
        format: Literal["json", "geojson", "csv", "acled"] = Query(
            "json", description="json, geojson, csv (the export's columns) or acled (ACLED-style CSV, one row "
                                "per cluster of the page's events)"),
        total: bool = Query(True, description="also count all matching events"),
    ) -> Response:
        """Matching events, newest first; follow ``next`` (a cursor) for the next page."""
        with access.reader() as view:
            page = views.events_page(view, filters, limit=limit, cursor=cursor, sort=sort, total=total)
        rows, nxt = page["rows"], page["next"]
        headers = {}
        if nxt:
            params = dict(request.query_params)
            params["cursor"] = nxt
            headers["Link"] = f'<{request.url.path}?{urlencode(params)}>; rel="next"'
            headers["X-Next-Cursor"] = nxt
        if "total" in page:
            headers["X-Total-Count"] = str(page["total"])
        if format == "acled":
            with access.reader() as view:
                text = views.acled_csv(view, rows)
            return Response(text, media_type="text/csv; charset=utf-8", headers=headers)
        if format == "csv":
            _, flat = views.csv_rows(rows)
            buf = io.StringIO()
            w = csv_writer(buf)
            for row in flat:
                w.writerow(row)
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
        meta = {k: page[k] for k in ("next", "total", "limit") if k in page}
        if format == "geojson":
            return Json({"type": "FeatureCollection", "features": views.geojson_features(rows), **meta},
                        media_type="application/geo+json", headers=headers)
        return Json({"ok": True, "events": [views.event_json(r) for r in rows], **meta}, headers=headers)

    @app.get("/events/{event_id}", tags=["events"], dependencies=read, responses=M.doc(M.EventDetailOut))
    def get_event(event_id: str) -> dict[str, Any]:
        """One event with its sources: every article that reported it, with the sentence,
        its span in the article's clean text and an excerpt with the sentence highlighted."""
        with access.reader() as view:
            return {"ok": True, "event": views.event_detail(view, event_id)}

    @app.get("/articles/{article_id}", tags=["articles"], dependencies=read, responses=M.doc(M.ArticleOut))
    def get_article(article_id: str) -> dict[str, Any]:
        """One stored article: metadata, clean text and its events."""
        with access.reader() as view:
            return {"ok": True, "article": views.article_detail(view, article_id)}

    @app.get("/incidents", tags=["incidents"], dependencies=read, responses=M.doc(M.IncidentsPage))
    def list_incidents(
        start: Optional[str] = Query(None, description="incidents ending on/after (YYYY[-MM[-DD]])"),
        end: Optional[str] = Query(None, description="incidents starting on/before"),
        country: Optional[str] = Query(None, description="ISO alpha-3, comma-separated"),
        bbox: Optional[str] = Query(None, description="minlon,minlat,maxlon,maxlat: a step inside"),
        min_clusters: int = Query(2, ge=1, le=1_000_000, description="at least this many linked events"),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        cursor: Optional[str] = Query(None, max_length=400),
        sort: Literal["-date", "date"] = Query("-date"),
    ) -> dict[str, Any]:
        """Incidents (linked events forming one story), each with its track in date order."""
        with access.reader() as view:
            page = views.incidents_page(view, start=start, end=end, country=country, bbox=bbox,
                                        min_clusters=min_clusters, limit=limit, cursor=cursor, sort=sort)
        return {"ok": True, **page}

    @app.get("/incidents/{incident_id}", tags=["incidents"], dependencies=read, responses=M.doc(M.IncidentOut))
    def get_incident(incident_id: str) -> dict[str, Any]:
        """One incident: summary, track, and the timeline of all its event reports."""
        with access.reader() as view:
            return {"ok": True, "incident": views.incident_detail(view, incident_id)}

    @app.get("/stats", tags=["stats"], dependencies=read, responses=M.doc(M.StatsOut))
    def get_stats(filters: views.Filters = Depends(event_filters),
                  level: Literal["clusters", "events"] = Query(
                      "clusters", description="count deduplicated events (clusters) or every report")
                  ) -> dict[str, Any]:
        """Counts by event type, country, ISO week and day of the matching events."""
        with access.reader() as view:
            return {"ok": True, **views.stats_view(view, filters, level=level)}

    # -- writes ---------------------------------------------------------------------------
    @app.post("/articles", tags=["articles"], dependencies=write, status_code=201,
              responses={**M.doc(M.PostArticlesOut, description="already stored, unchanged"),
                         201: {"model": M.PostArticlesOut, "description": "stored"},
                         502: {"model": M.ErrorOut, "description": "the URL could not be fetched"}})
    def post_article(body: ArticleIn, response: Response) -> dict[str, Any]:
        """Run the pipeline on an article (text, HTML, or a URL to fetch) and store the result.

        Writes are serialised; reads go on meanwhile and see the article once it is committed.
        """
        if not write_slots.acquire(blocking=False):
            raise ApiError(503, f"{config.max_writes} article posts are in progress; retry later",
                           headers={"Retry-After": "5"})
        try:
            articles = _articles_of(body, config)
            with access.writer() as st:
                results, failures = _stored(st, articles, process)
                if snapshots is not None:
                    snapshots.wrote()
        finally:
            write_slots.release()
        if not results:
            raise ApiError(422, str(failures[0]))
        out = [{"id": art.id, "status": status, "title": art.title, "url": art.url,
                "published": art.published, "events": len(evs), "event_ids": [e.id for e in evs]}
               for art, evs, status in results]
        out += [{"id": f.article_id, "status": "failed", "source": f.source, "stage": f.stage,
                 "error": f.detail} for f in failures]
        if all(r[2] == "unchanged" for r in results) and not failures:
            response.status_code = 200
        return {"ok": True, "articles": out}

    @app.post("/local/snapshot", include_in_schema=False, dependencies=[Depends(reject_unknown_params)])
    def local_snapshot(request: Request) -> dict[str, Any]:
        """A read-only copy of the store for a CLI read of this machine's user (serve/local.py)."""
        given = request.headers.get(KEY_HEADER, "")
        if snapshots is None or not given or not hmac.compare_digest(given.encode(), snapshots.key.encode()):
            raise ApiError(403, "snapshots are for the CLI of the user who started this server")
        try:
            path = snapshots.make(access)
        except OSError as e:
            raise ApiError(503, f"no snapshot: {e}") from None
        return {"ok": True, "path": str(path), "generation": snapshots.generation}

    return app


def host_name(host: str) -> str:
    """The name of a Host header without its port, lower case (``[::1]:8765`` -> ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _stored(store: Store, articles: list[Article], process: Process
            ) -> "tuple[list[tuple[Article, list[Event], str]], list[ArticleFailure]]":
    """Run the pipeline on each article and store the results: ``(article, events, status)`` per
    stored article, and an :class:`ArticleFailure` per article that failed a stage (the others are
    stored all the same)."""
    done: list[tuple[Article, list[Event]]] = []
    failures: list[ArticleFailure] = []
    for a in articles:
        try:
            done.append(process(a))
        except Exception as e:  # noqa: BLE001 - one article's failure is reported, never a 500
            failures.append(failure_of(a, e))
    if not done:
        return [], failures
    try:
        statuses = store.add_many(done)
        return [(a, evs, st) for (a, evs), st in zip(done, statuses)], failures
    except Exception:  # noqa: BLE001 - rolled back: store them one by one
        pass
    out = []
    for a, evs in done:
        try:
            out.append((a, evs, store.add_many([(a, evs)])[0]))
        except Exception as e:  # noqa: BLE001
            failures.append(failure_of(a, e, "store"))
    return out, failures


def _articles_of(body: ArticleIn, config: ServeConfig) -> list[Article]:
    """The ingested (uncleaned) articles a POST body stands for; fetches ``url`` when no text."""
    from wirecoder.ingest import build_article, iter_articles

    if body.text is not None or body.html is not None:
        raw = body.text if body.text is not None else body.html
        return [build_article(raw or "", source=body.url or "<api>", url=body.url, title=body.title,
                              content_type="text" if body.text is not None else "html",
                              date_option=body.date)]
    assert body.url is not None
    arts: list[Article] = []
    errors: list[InputError] = []
    for item in iter_articles([body.url], date=body.date, max_bytes=config.fetch_max_bytes,
                              timeout=config.fetch_timeout, allow_private_urls=config.allow_private_urls):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        if body.title and not item.title:
            item.title = body.title
        arts.append(item)
        if len(arts) >= MAX_ARTICLES_PER_POST:
            log.warning("%s: more than %d articles; the rest are left out", body.url, MAX_ARTICLES_PER_POST)
            break
    if not arts:
        if errors:
            err = errors[0]
            upstream = err.problem.startswith(("unreachable", "HTTP ", "response"))
            raise ApiError(502 if upstream else 422, str(err))
        raise ApiError(422, f"{body.url}: no English article found there")
    return arts
