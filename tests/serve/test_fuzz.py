"""A bounded fuzz of the API's query parameters, ids and cursors: no request gives a 500, every
error has the one error shape. In-process (no socket); seeded, so a failure replays. A larger run
with more requests: ``python benchmarks/fuzz_bench.py``.
"""
from __future__ import annotations

import base64
import json
import random
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from serve_helpers import TOKEN

from wirecoder.serve import ServeConfig, create_app

N_REQUESTS = 300      # per test; the benchmark runs thousands

NASTY = ["", " ", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e999", "-1e999", "9999-99-99", "2021-02-30",
         "0000-00-00", "2021-13", "99999", "-1", "0", "1", "1.5", "9223372036854775808", "99999999999999999999999",
         "true", "null", "[]", "{}", "'", "\"", "'; DROP TABLE events; --", "%", "_", "\\", "%00", "\x00",
         "\u202e", "🙂", "Ä", "a" * 500, "1" * 400, ",", ",,,", "1,2", "1,2,3,4", "-181,-91,181,91",
         "nan,nan,nan,nan", "inf,0,0,0", "180,90,-180,-90", "1e999,0,1,1", "0,0,0,0", "ASSAULT", "ASSAULT,PROTEST",
         "AFG", "afg,pak", "MIL", "asserted", "date", "-date", "-confidence", "json", "geojson", "csv",
         "2021", "2021-07", "2021-07-26", "1000-01-01", "9999-12-31", "-0001-01-01", "2021-07-26T00:00:00"]
PARAMS = {
    "/events": ["type", "mode", "country", "sector", "place", "bbox", "start", "end", "modality",
                "min_sources", "text", "limit", "cursor", "sort", "format", "total"],
    "/stats": ["type", "mode", "country", "sector", "place", "bbox", "start", "end", "modality",
               "min_sources", "text", "level"],
    "/incidents": ["start", "end", "country", "bbox", "min_clusters", "limit", "cursor", "sort"],
}
CURSOR_KEYS = [None, "9999-99-99", "2021-02-30", "2021-07-26", "0001-01-01", float("nan"), float("inf"),
               -float("inf"), 10 ** 400, 1e308, -1, 0.5, True, "x", [], {}, "NaN", "1e999"]


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def mutated_cursors(real: str, rng: random.Random, n: int) -> list[str]:
    """Cursors made from a real one: its key and id replaced, fields dropped, bytes flipped."""
    d = json.loads(base64.urlsafe_b64decode(real + "=" * (-len(real) % 4)))
    out = []
    for _ in range(n):
        c = json.loads(json.dumps(d))
        r = rng.random()
        if r < 0.5:
            c["k"] = [rng.choice(CURSOR_KEYS), c["k"][1] if rng.random() < 0.7 else rng.choice(["", "a" * 80, "x'--", 5])]
            raw = json.dumps(c, allow_nan=True)
            if rng.random() < 0.3:
                raw = raw.replace("Infinity", "1e999")
        elif r < 0.7:
            c.pop(rng.choice(list(c)))
            raw = json.dumps(c)
        elif r < 0.85:
            c[rng.choice(["v", "s", "f", "k"])] = rng.choice(CURSOR_KEYS[:9] + [[1, 2, 3], "k"])
            raw = json.dumps(c, allow_nan=True)
        else:
            b = bytearray(real.encode())
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(len(b))] = rng.choice(b"A_-=+/!~z0")
            out.append(b.decode())
            continue
        out.append(_b64(raw))
    return out


def real_cursor(api, path: str, params: dict) -> str:
    """The 'next' of a first page; for /incidents (one incident in the fixture store) one made the
    way the server makes it, for the same filters."""
    nxt = api.get(path, params=params).json()["next"]
    if nxt or path != "/incidents":
        return nxt
    from wirecoder.serve import paging

    fp = paging.fingerprint({"start": None, "end": None, "country": None, "bbox": None,
                             "min_clusters": params["min_clusters"]})
    return paging.encode(params["sort"], "2021-07-26", "inc0123", fp)


def check(resp) -> None:
    assert resp.status_code < 500, (resp.request.url, resp.status_code, resp.text[:300])
    if resp.status_code >= 400:
        body = resp.json()
        assert body["ok"] is False and body["status"] == resp.status_code and "\n" not in body["error"]


@pytest.fixture(scope="module")
def api(store_db):
    with TestClient(create_app(ServeConfig(db=store_db[0], token=TOKEN, read_only=True))) as c:
        yield c


@pytest.mark.parametrize("path", sorted(PARAMS))
def test_random_parameters_never_give_a_500(api, path):
    rng = random.Random(hash(path) % 1000 + 17)
    for _ in range(N_REQUESTS):
        names = rng.sample(PARAMS[path], rng.randint(1, 4))
        if rng.random() < 0.1:
            names.append(rng.choice(["contry", "limit[]", "", "x" * 50]))
        params = [(n, rng.choice(NASTY)) for n in names]
        check(api.get(path, params=params))


@pytest.mark.parametrize("path, sort", [("/events", "-date"), ("/events", "date"), ("/events", "-confidence"),
                                        ("/incidents", "-date"), ("/incidents", "date")])
def test_mutated_cursors_never_give_a_500(api, path, sort):
    params = {"limit": 1, "sort": sort} | ({"min_clusters": 1} if path == "/incidents" else {})
    real = real_cursor(api, path, params)
    assert real, "the fixture store must have more than one page"
    assert api.get(path, params={**params, "cursor": real}).status_code == 200
    rng = random.Random(len(path) * 31 + len(sort))
    statuses = set()
    for cursor in mutated_cursors(real, rng, N_REQUESTS // 3):
        r = api.get(path, params={**params, "cursor": cursor})
        check(r)
        statuses.add(r.status_code)
    assert 400 in statuses


@pytest.mark.parametrize("key", ["9999-99-99", "NaN", "Infinity", "1e999", "-Infinity"])
def test_the_issue_cursors_are_400(api, key):
    """The crafted cursors that gave 500 (ConversionException / BinderException)."""
    for path, sort in (("/events", "-date"), ("/events", "-confidence"), ("/incidents", "-date")):
        params = {"limit": 1, "sort": sort} | ({"min_clusters": 1} if path == "/incidents" else {})
        real = real_cursor(api, path, params)
        d = json.loads(base64.urlsafe_b64decode(real + "=" * (-len(real) % 4)))
        raw = json.dumps(d).replace(json.dumps(d["k"][0]), key if key[0] != "9" else f'"{key}"', 1)
        r = api.get(path, params={**params, "cursor": _b64(raw)})
        assert r.status_code == 400, (path, key, r.text)


def test_random_ids_never_give_a_500(api):
    rng = random.Random(5)
    for _ in range(N_REQUESTS // 3):
        ident = rng.choice(NASTY + ["%2F..%2F..%2Fetc%2Fpasswd", "..", "a/b", "?x=1", "#"])
        for path in ("/events/", "/articles/", "/incidents/"):
            check(api.get(path + quote(ident, safe="%/?#.") if rng.random() < 0.5 else path + quote(ident, safe="")))
