/* wirecoder page: a map of events (clustered, coloured by quad class), a timeline histogram that
 * brushes the date range, filters, the list of events in view and an event panel with its sources.
 * Plain JavaScript over the JSON API of the same server; untrusted text is only ever set with
 * textContent (article text and sentences come from the web): never innerHTML, never a string
 * handed to Leaflet as HTML (divIcon html, tooltips and popups get DOM nodes). */
(function () {
  "use strict";

  var MAX_EVENTS = 5000;          // events drawn at once (pages of the API's maximum)
  var MAX_LIST = 200;             // list items rendered
  var QUAD = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
  var QCOLOR = {1: "#2e9d5b", 2: "#2f6fbf", 3: "#e08a1e", 4: "#c8322d"};

  var state = {config: null, token: null, start: null, end: null, events: [], markers: {},
               selected: null, loadSeq: 0, days: [], zoom: null, fitNext: false, tab: "events",
               incidents: [], ready: false};
  var FILTERS = ["type", "country", "modality", "min_sources", "place", "text"];
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  // sizes and colours go through the CSSOM (style attributes in markup are refused by the CSP)
  function sized(e, px) {
    e.style.width = px + "px";
    e.style.height = px + "px";
    return e.style;
  }

  function cssVar(name, fallback) {
    return (getComputedStyle(document.documentElement).getPropertyValue(name) || "").trim() || fallback;
  }

  // -- permalinks: the URL holds the filters, the dates, the map view, the tab and the event --------
  function query(withView) {
    var q = new URLSearchParams(), f = filters(true);
    FILTERS.concat(["start", "end"]).forEach(function (k) { if (f[k]) q.set(k, f[k]); });
    if (withView) {
      var c = map.getCenter();
      q.set("view", c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + map.getZoom());
      if (state.tab !== "events") q.set("tab", state.tab);
      if (state.selected) q.set("event", state.selected);
    }
    return q;
  }

  function writeURL() {
    if (!state.ready) return;
    var q = query(true);
    history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q.toString() : ""));
    var data = query(false);
    data.set("limit", String((state.config && state.config.max_limit) || 1000));
    ["csv", "geojson", "acled"].forEach(function (fmt) {
      data.set("format", fmt);
      $("x-" + fmt).setAttribute("href", "/events?" + data.toString());
    });
  }

  function readURL() {
    var q = new URLSearchParams(location.search);
    var ids = {type: "f-type", country: "f-country", modality: "f-modality", min_sources: "f-min-sources",
               place: "f-place", text: "f-text"};
    Object.keys(ids).forEach(function (k) {
      var v = q.get(k);
      if (!v) return;
      var input = $(ids[k]);
      if (input.tagName === "SELECT" && !Array.prototype.some.call(input.options, function (o) { return o.value === v; })) {
        input.appendChild(el("option", {value: v, text: v}));
      }
      input.value = v;
    });
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    state.start = iso.test(q.get("start") || "") ? q.get("start") : null;
    state.end = iso.test(q.get("end") || "") ? q.get("end") : null;
    var view = (q.get("view") || "").split(",").map(Number);
    return {view: view.length === 3 && view.every(isFinite) ? view : null, event: q.get("event"),
            tab: q.get("tab") === "incidents" ? "incidents" : "events"};
  }

  // -- API -----------------------------------------------------------------------------------
  function api(path, params) {
    var q = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== "") q.set(k, v);
    });
    var url = path + (q.toString() ? "?" + q.toString() : "");
    var headers = {"Accept": "application/json"};
    if (state.token) headers["Authorization"] = "Bearer " + state.token;
    return fetch(url, {headers: headers}).then(function (r) {
      return r.json().catch(function () { return {ok: false, error: "HTTP " + r.status, status: r.status}; })
        .then(function (body) {
          if (!r.ok) {
            if (r.status === 401 && state.config && state.config.private) {
              sessionStorage.removeItem("wirecoder-token");
            }
            throw new Error(body.error || ("HTTP " + r.status));
          }
          return body;
        });
    });
  }

  function filters(withDates) {
    var f = {
      type: $("f-type").value, country: $("f-country").value, modality: $("f-modality").value,
      min_sources: $("f-min-sources").value, place: $("f-place").value.trim(), text: $("f-text").value.trim()
    };
    if (withDates) { f.start = state.start; f.end = state.end; }
    return f;
  }

  function setStatus(msg, isError) {
    var s = $("status");
    s.textContent = msg;
    s.style.color = isError ? "#b00020" : "";
  }

  // -- map -----------------------------------------------------------------------------------
  var map = L.map("map", {worldCopyJump: true, minZoom: 2, maxZoom: 18, zoomControl: true}).setView([25, 20], 2);
  var cluster = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
    iconCreateFunction: function (c) {
      var counts = {1: 0, 2: 0, 3: 0, 4: 0}, n = 0;
      c.getAllChildMarkers().forEach(function (m) { counts[m.options.quad] = (counts[m.options.quad] || 0) + 1; n++; });
      var stops = [], acc = 0;
      [1, 2, 3, 4].forEach(function (q) {
        if (!counts[q]) return;
        var a = acc, b = acc + 100 * counts[q] / n;
        stops.push(QCOLOR[q] + " " + a.toFixed(1) + "% " + b.toFixed(1) + "%");
        acc = b;
      });
      var size = n < 10 ? 30 : n < 100 ? 36 : 44;
      var box = el("div", {cls: "wc-cluster"}, [el("span", {text: String(n)})]);
      sized(box, size).background = "conic-gradient(" + stops.join(",") + ")";
      return L.divIcon({html: box, className: "wc-cluster-icon", iconSize: [size, size]});
    }
  });
  map.addLayer(cluster);
  var tracks = L.layerGroup().addTo(map);

  function drawBase(config) {
    if (config.tiles) {
      L.tileLayer(config.tiles, {maxZoom: 18, attribution: config.attribution || ""}).addTo(map);
      return Promise.resolve();
    }
    map.attributionControl.addAttribution('<span class="offline-note">Country outlines: Natural Earth (public domain)</span>');
    return fetch("/static/data/countries-110m.geojson").then(function (r) { return r.json(); }).then(function (gj) {
      L.geoJSON(gj, {
        interactive: false,
        style: {color: cssVar("--line", "#a9a293"), weight: 0.8, fillColor: cssVar("--land", "#f4f1ea"), fillOpacity: 1}
      }).addTo(map).bringToBack();
    });
  }

  function markerFor(ev) {
    var q = ev.quad_class || 0;
    var dot = el("div", {cls: "wc-marker q" + q, "data-id": ev.id});
    sized(dot, 14).background = QCOLOR[q] || "#777";
    var icon = L.divIcon({className: "", iconSize: [14, 14], html: dot});
    var m = L.marker([ev.location.lat, ev.location.lon], {icon: icon, quad: q, title: ev.event_type + ": " + ev.sentence.slice(0, 120)});
    m.on("click", function () { selectEvent(ev.id); });
    m.eventId = ev.id;
    return m;
  }

  // -- loading events --------------------------------------------------------------------------
  function loadEvents() {
    var seq = ++state.loadSeq;
    setStatus("loading events...");
    var all = [], total = null;
    function page(cursor) {
      var p = filters(true);
      p.limit = Math.min(state.config.max_limit || 1000, MAX_EVENTS);
      if (cursor) { p.cursor = cursor; p.total = "false"; }
      return api("/events", p).then(function (body) {
        if (seq !== state.loadSeq) return null;
        if (total === null) total = body.total;
        all = all.concat(body.events);
        if (body.next && all.length < MAX_EVENTS) return page(body.next);
        return all;
      });
    }
    return page(null).then(function (events) {
      if (events === null || seq !== state.loadSeq) return;
      function swap() {
        if (seq !== state.loadSeq) return;
        if (map._animatingZoom) {
          // the cluster layer queues work until a zoom animation ends; replacing its markers
          // under that queue leaves it holding removed ones: swap once the zoom is over
          map.once("zoomend", function () { setTimeout(swap, 0); });
          return;
        }
        if (cluster._inZoomAnimation) {
          // the cluster layer's own animation (splitting or merging clusters) outlives the map's
          // zoom by a few hundred ms and ends with no further zoomend: look again shortly
          setTimeout(swap, 100);
          return;
        }
        state.events = events;
        state.total = total;
        cluster.clearLayers();
        state.markers = {};
        var ms = [];
        events.forEach(function (ev) {
          if (ev.location && ev.location.lat !== null && ev.location.lon !== null) {
            var m = markerFor(ev);
            state.markers[ev.id] = m;
            ms.push(m);
          }
        });
        cluster.addLayers(ms);
        if (state.fitNext) { state.fitNext = false; fitToEvents(); }
        renderList();
      }
      swap();
    }).catch(function (err) { setStatus("Could not load events: " + err.message, true); });
  }

  function loadIncidents() {
    tracks.clearLayers();
    if (!$("f-incidents").checked) { state.incidents = []; renderIncidents(); return Promise.resolve(); }
    var f = filters(true);
    return api("/incidents", {start: f.start, end: f.end, country: f.country, limit: 200}).then(function (body) {
      state.incidents = body.incidents;
      renderIncidents();
      body.incidents.forEach(function (inc) {
        var pts = inc.track.filter(function (s) { return s.lat !== null && s.lon !== null; });
        if (pts.length < 2) return;
        var line = L.polyline(pts.map(function (s) { return [s.lat, s.lon]; }),
                              {color: "#7a3fb0", weight: 3, opacity: 0.8, dashArray: "6 5", className: "wc-track"});
        // a string would be set as HTML: the title comes from crawled text, so a text node
        line.bindTooltip(el("span", {text: inc.title || "incident"}), {sticky: true});
        tracks.addLayer(line);
        pts.forEach(function (s, i) {
          var step = L.marker([s.lat, s.lon], {
            icon: L.divIcon({className: "", iconSize: [18, 18],
                             html: (function (d) { sized(d, 18); return d; })(el("div", {cls: "wc-step", text: String(i + 1)}))}),
            zIndexOffset: -500, title: (s.date || "") + " " + s.event_type
          });
          if (s.event_id) step.on("click", function () { selectEvent(s.event_id); });
          tracks.addLayer(step);
        });
      });
    }).catch(function (err) { setStatus("Could not load incidents: " + err.message, true); });
  }

  // -- list of events in view ------------------------------------------------------------------
  function fmtDate(ev) {
    if (ev.date && ev.date.value) return ev.date.value + (ev.date.precision === "day" ? "" : " (" + ev.date.precision + ")");
    return ev.published || "undated";
  }

  function placeName(loc) {
    if (!loc) return "no place";
    return loc.name || loc.text;
  }

  function renderList() {
    var bounds = map.getBounds();
    var inView = [], unplaced = 0;
    state.events.forEach(function (ev) {
      var loc = ev.location;
      if (!loc || loc.lat === null || loc.lon === null) { unplaced++; return; }
      if (bounds.contains([loc.lat, loc.lon]) || bounds.contains([loc.lat, loc.lon + 360]) ||
          bounds.contains([loc.lat, loc.lon - 360])) inView.push(ev);
    });
    var list = $("event-list");
    // a redraw (the map moved) must not take the keyboard's place: the focused item keeps focus
    var focused = list.contains(document.activeElement) ? document.activeElement.getAttribute("data-id") : null;
    list.textContent = "";
    inView.slice(0, MAX_LIST).forEach(function (ev) {
      var li = el("li", {"data-id": ev.id, cls: ev.id === state.selected ? "sel" : ""}, [
        el("div", {cls: "ev-head"}, [
          el("span", {cls: "dot q" + ev.quad_class}),
          el("span", {cls: "ev-type", text: ev.event_type}),
          el("span", {text: fmtDate(ev)}),
          el("span", {text: "· " + placeName(ev.location)}),
          ev.num_sources > 1 ? el("span", {cls: "badge", text: ev.num_sources + " sources"}) : null
        ]),
        el("div", {cls: "ev-sentence", text: ev.sentence}, [articleLink(ev.url, ev.title)])
      ]);
      li.tabIndex = 0;
      li.addEventListener("click", function () { showOnMap(ev.id); selectEvent(ev.id); });
      li.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showOnMap(ev.id); selectEvent(ev.id); }
      });
      list.appendChild(li);
      if (focused !== null && ev.id === focused) li.focus();
    });
    var more = $("list-more");
    more.hidden = inView.length <= MAX_LIST;
    more.textContent = "and " + (inView.length - MAX_LIST) + " more in view; zoom in or filter.";
    var msg = inView.length + " in view of " + state.events.length + " events loaded";
    if (state.total !== null && state.total !== undefined && state.total > state.events.length) msg += " (" + state.total + " match; showing the newest)";
    if (unplaced) msg += "; " + unplaced + " without coordinates";
    setStatus(msg);
  }

  function articleLink(url, title) {
    if (!url || !/^https?:\/\//i.test(url)) return null;
    var a = el("a", {cls: "ev-link", href: url, target: "_blank", rel: "noopener noreferrer",
                     title: title || url, text: "article ↗"});
    a.addEventListener("click", function (e) { e.stopPropagation(); });
    return a;
  }

  function showOnMap(id) {
    var m = state.markers[id];
    // a reload may have replaced the markers since the list was drawn: only a marker still on the map
    if (m && cluster.hasLayer(m)) cluster.zoomToShowLayer(m, function () {});
  }

  map.on("moveend", function () { renderList(); writeURL(); });

  // -- event panel -------------------------------------------------------------------------------
  function actorText(list) {
    if (!list || !list.length) return "—";
    return list.map(function (a) {
      var bits = [a.country, a.sector].filter(Boolean).join(" ");
      return (a.name || a.text) + (bits ? " (" + bits + ")" : "");
    }).join("; ");
  }

  function excerptNode(src) {
    // the sentence marked, the words the event was read from (its span) in bold inside it
    var ex = src.excerpt, t = ex.text, h = ex.highlight, sp = ex.span, box = el("div", {cls: "excerpt"});
    if (ex.truncated_before) box.appendChild(document.createTextNode("… "));
    box.appendChild(document.createTextNode(t.slice(0, h[0])));
    var mark = el("mark");
    var a = Math.max(h[0], sp[0]), b = Math.min(h[1], sp[1]);
    if (b > a) {
      mark.appendChild(document.createTextNode(t.slice(h[0], a)));
      mark.appendChild(el("b", {text: t.slice(a, b)}));
      mark.appendChild(document.createTextNode(t.slice(b, h[1])));
    } else {
      mark.textContent = t.slice(h[0], h[1]);
    }
    box.appendChild(mark);
    box.appendChild(document.createTextNode(t.slice(h[1])));
    if (ex.truncated_after) box.appendChild(document.createTextNode(" …"));
    return box;
  }

  function selectEvent(id) {
    state.selected = id;
    document.querySelectorAll(".wc-marker.sel, #event-list li.sel").forEach(function (n) { n.classList.remove("sel"); });
    document.querySelectorAll('[data-id="' + CSS.escape(id) + '"]').forEach(function (n) { n.classList.add("sel"); });
    var body = $("detail-body");
    body.textContent = "loading...";
    $("detail").hidden = false;
    $("list-pane").hidden = true;
    $("incident-pane").hidden = true;
    writeURL();
    return api("/events/" + encodeURIComponent(id)).then(function (res) {
      var ev = res.event;
      body.textContent = "";
      body.appendChild(el("h2", null, [el("span", {cls: "dot q" + ev.quad_class}), ev.event_type,
        ev.mode ? el("span", {cls: "badge", text: ev.mode}) : null,
        el("span", {cls: "badge", text: ev.modality})]));
      var loc = ev.location;
      var size = ev.size ? [ev.size.people && ((ev.size.qualifier && ev.size.qualifier !== "exact" ? ev.size.qualifier.replace("_", " ") + " " : "") + ev.size.people + " people"),
                            ev.size.dead && ev.size.dead + " dead", ev.size.injured && ev.size.injured + " injured",
                            ev.size.arrested && ev.size.arrested + " arrested"].filter(Boolean).join(", ") : "";
      var rows = [
        ["Date", ev.date ? ev.date.value + " (" + ev.date.precision + (ev.date.text ? ': "' + ev.date.text + '"' : "") + ")" : "unknown"],
        ["Place", loc ? [loc.name || loc.text, loc.admin1, loc.country].filter(Boolean).join(", ") + (loc.precision ? " (" + loc.precision + ")" : "") : "unknown"],
        ["Actor", actorText(ev.actor)], ["Recipient", actorText(ev.recipient)],
        ["Size", size || "—"], ["Quad class", (QUAD[ev.quad_class] || ev.quad_class) + ""],
        ["Sources", ev.num_sources + (ev.num_sources === 1 ? " site" : " sites")],
        ["Confidence", (ev.confidence || 0).toFixed(2)]
      ];
      if (ev.context && ev.context.length) rows.push(["Context", ev.context.join(", ")]);
      if (ev.source) rows.push(["According to", ev.source]);
      var dl = el("dl");
      rows.forEach(function (r) { dl.appendChild(el("dt", {text: r[0]})); dl.appendChild(el("dd", {text: r[1]})); });
      body.appendChild(dl);
      body.appendChild(el("h3", {text: "Evidence (" + ev.sources.length + ")"}));
      ev.sources.forEach(function (src) {
        var meta = el("div", {cls: "meta"});
        var title = src.title || src.site || src.source || src.article_id;
        if (src.url && /^https?:\/\//i.test(src.url)) {
          meta.appendChild(el("a", {href: src.url, target: "_blank", rel: "noopener noreferrer", text: title}));
        } else {
          meta.appendChild(document.createTextNode(title));
        }
        meta.appendChild(document.createTextNode([" ·", src.site, src.published, src.event_type !== ev.event_type ? "coded " + src.event_type : null]
          .filter(Boolean).join(" ")));
        body.appendChild(el("div", {cls: "source" + (src.event_id === ev.id ? " this" : ""), "data-event": src.event_id},
                            [meta, excerptNode(src)]));
      });
    }).catch(function (err) { body.textContent = "Could not load the event: " + err.message; });
  }

  function closeDetail() {
    $("detail").hidden = true;
    showTab(state.tab);
    state.selected = null;
    document.querySelectorAll(".sel").forEach(function (n) { n.classList.remove("sel"); });
    writeURL();
  }
  $("detail-close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !$("detail").hidden) closeDetail();
  });

  // -- tabs and the incident list ----------------------------------------------------------------
  function showTab(tab) {
    state.tab = tab;
    $("tab-events").setAttribute("aria-selected", String(tab === "events"));
    $("tab-incidents").setAttribute("aria-selected", String(tab === "incidents"));
    if ($("detail").hidden) {
      $("list-pane").hidden = tab !== "events";
      $("incident-pane").hidden = tab !== "incidents";
    }
  }
  $("tab-events").addEventListener("click", function () { $("detail").hidden = true; showTab("events"); writeURL(); });
  $("tab-incidents").addEventListener("click", function () { $("detail").hidden = true; showTab("incidents"); writeURL(); });

  function renderIncidents() {
    var list = $("incident-list");
    list.textContent = "";
    if (!state.incidents.length) {
      list.appendChild(el("li", {cls: "empty", text: "No incidents (stories of two or more linked events) match."}));
      return;
    }
    state.incidents.forEach(function (inc) {
      var steps = el("ol", {cls: "inc-steps"});
      steps.hidden = true;
      inc.track.forEach(function (s) {
        var step = el("li", {"data-event": s.event_id || ""}, [
          el("b", {text: (s.date || "") + " "}), (s.event_type || "") + " · " + (s.place || "no place") + ": ",
          el("span", {text: (s.sentence || "").slice(0, 160)})
        ]);
        step.tabIndex = 0;
        var pick = function (e) { e.stopPropagation(); if (s.event_id) { showOnMap(s.event_id); selectEvent(s.event_id); } };
        step.addEventListener("click", pick);
        step.addEventListener("keydown", function (e) { if (e.key === "Enter") pick(e); });
        steps.appendChild(step);
      });
      var li = el("li", {"data-incident": inc.incident_id}, [
        el("div", {cls: "inc-head", text: inc.title || "incident"}),
        el("div", {cls: "inc-meta", text: [inc.start_date + " – " + inc.end_date, inc.place,
                                          inc.num_clusters + " events", inc.num_articles + " articles"].filter(Boolean).join(" · ")}),
        steps
      ]);
      li.tabIndex = 0;
      var toggle = function () {
        steps.hidden = !steps.hidden;
        li.classList.toggle("open", !steps.hidden);
        var pts = inc.track.filter(function (s) { return s.lat !== null && s.lon !== null; }).map(function (s) { return [s.lat, s.lon]; });
        if (!steps.hidden && pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.4), {maxZoom: 8});
      };
      li.addEventListener("click", toggle);
      li.addEventListener("keydown", function (e) { if (e.key === "Enter" && e.target === li) toggle(); });
      list.appendChild(li);
    });
  }

  // -- timeline ------------------------------------------------------------------------------------
  var SVGNS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function parseDay(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); }
  function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }
  var DAY = 86400000;

  function loadTimeline() {
    return api("/stats", Object.assign(filters(false), {level: "events"})).then(function (st) {
      var days = Object.keys(st.by_day).filter(function (k) { return /^\d{4}-\d{2}-\d{2}$/.test(k); }).sort();
      state.days = days.map(function (d) { return {t: parseDay(d), n: st.by_day[d]}; });
      fillSelects(st);
      drawTimeline();
    }).catch(function (err) { setStatus("Could not load the timeline: " + err.message, true); });
  }

  function fillSelects(st) {
    [["f-type", st.by_type], ["f-country", st.by_country]].forEach(function (pair) {
      var sel = $(pair[0]);
      if (sel.options.length > 1 && sel.getAttribute("data-filled")) return;   // filled once
      sel.setAttribute("data-filled", "1");
      var keep = sel.value;
      Array.prototype.slice.call(sel.options, 1).forEach(function (o) { o.remove(); });
      Object.keys(pair[1]).filter(function (k) { return k !== "unknown"; }).sort().forEach(function (k) {
        sel.appendChild(el("option", {value: k, text: k + " (" + pair[1][k] + ")"}));
      });
      if (keep && !Array.prototype.some.call(sel.options, function (o) { return o.value === keep; })) {
        sel.appendChild(el("option", {value: keep, text: keep}));
      }
      sel.value = keep;
    });
  }

  function drawTimeline() {
    var box = $("timeline"), W = box.clientWidth || 800, H = box.clientHeight || 96, pad = 14, axisH = 14;
    box.textContent = "";
    box.setAttribute("viewBox", "0 0 " + W + " " + H);
    var days = state.zoom ? state.days.filter(function (d) { return d.t >= state.zoom[0] && d.t <= state.zoom[1]; }) : state.days;
    $("t-unzoom").hidden = !state.zoom;
    if (!days.length) {
      var t = svg("text", {x: 8, y: H / 2, "class": "axis"});
      t.textContent = "no dated events";
      box.appendChild(t);
      state.scale = null;
      return;
    }
    var t0 = state.zoom ? state.zoom[0] : days[0].t, t1 = state.zoom ? state.zoom[1] : days[days.length - 1].t;
    var span = Math.max(1, (t1 - t0) / DAY + 1);
    var bin = span > 730 ? 30 : span > 180 ? 7 : 1;   // days per bar
    t0 = t0 - (t0 / DAY % bin) * DAY;
    var nb = Math.floor((t1 - t0) / DAY / bin) + 1;
    var bins = new Array(nb).fill(0);
    days.forEach(function (d) { bins[Math.floor((d.t - t0) / DAY / bin)] += d.n; });
    var max = Math.max.apply(null, bins);
    var x = function (t) { return pad + (t - t0) / (nb * bin * DAY) * (W - 2 * pad); };
    state.scale = {x: x, t0: t0, bin: bin, nb: nb, W: W, pad: pad,
                   inv: function (px) { return t0 + (px - pad) / (W - 2 * pad) * nb * bin * DAY; }};
    var bw = Math.max(1, (W - 2 * pad) / nb - 1);
    var s = state.start ? parseDay(state.start) : null, e = state.end ? parseDay(state.end) : null;
    bins.forEach(function (n, i) {
      if (!n) return;
      var bt = t0 + i * bin * DAY, h = Math.max(2, (H - axisH - 4) * n / max);
      var inRange = (s === null || bt + bin * DAY > s) && (e === null || bt <= e);
      var r = svg("rect", {x: x(bt), y: H - axisH - h, width: bw, height: h,
                           "class": "bar" + (inRange && (s !== null || e !== null) ? " in" : ""),
                           "data-date": isoDay(bt), "data-count": n});
      var tip = svg("title");
      tip.textContent = isoDay(bt) + (bin > 1 ? " (+" + (bin - 1) + " days)" : "") + ": " + n + " events";
      r.appendChild(tip);
      box.appendChild(r);
    });
    box.appendChild(svg("line", {x1: pad, x2: W - pad, y1: H - axisH, y2: H - axisH, "class": "base"}));
    var ticks = Math.max(1, Math.min(8, nb, Math.floor(W / 85)));   // labels never overlap
    for (var i = 0; i <= ticks; i++) {
      var tt = t0 + (nb * bin * DAY) * i / ticks;
      var lab = svg("text", {x: x(tt), y: H - 2, "class": "axis", "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle"});
      lab.textContent = isoDay(Math.min(tt, t1)).slice(0, bin >= 30 ? 7 : 10);
      box.appendChild(lab);
    }
    if (s !== null || e !== null) {
      var x0 = s !== null ? x(s) : pad, x1 = e !== null ? x(e + DAY) : W - pad;
      box.appendChild(svg("rect", {x: Math.min(x0, x1), y: 0, width: Math.max(2, Math.abs(x1 - x0)), height: H - axisH, "class": "brush"}));
    }
  }

  (function brush() {
    var box = $("timeline"), startX = null, rect = null;
    function px(ev) { var b = box.getBoundingClientRect(); return (ev.clientX - b.left) * (state.scale ? state.scale.W / b.width : 1); }
    box.addEventListener("mousedown", function (ev) {
      if (!state.scale) return;
      startX = px(ev);
      rect = svg("rect", {x: startX, y: 0, width: 1, height: box.clientHeight - 14, "class": "brush"});
      box.appendChild(rect);
      ev.preventDefault();
    });
    window.addEventListener("mousemove", function (ev) {
      if (startX === null) return;
      var cx = px(ev);
      rect.setAttribute("x", Math.min(startX, cx));
      rect.setAttribute("width", Math.max(1, Math.abs(cx - startX)));
    });
    window.addEventListener("mouseup", function (ev) {
      if (startX === null) return;
      var a = startX, b = px(ev);
      startX = null;
      if (Math.abs(b - a) < 4) { setRange(null, null); return; }     // a click clears the range
      var sc = state.scale, lo = sc.inv(Math.min(a, b)), hi = sc.inv(Math.max(a, b));
      setRange(isoDay(lo), isoDay(hi));
    });
  })();

  function showRange() {
    var s = state.start, e = state.end;
    $("range-label").textContent = s || e ? (s || "…") + " – " + (e || "…") : "all dates";
    $("range-clear").hidden = !(s || e);
    $("d-start").value = s || "";
    $("d-end").value = e || "";
  }

  function setRange(start, end) {
    if (start && end && start > end) { var t = start; start = end; end = t; }
    state.start = start;
    state.end = end;
    showRange();
    state.fitNext = true;
    drawTimeline();
    loadEvents();
    loadIncidents();
    writeURL();
  }
  $("range-clear").addEventListener("click", function () { setRange(null, null); });
  ["d-start", "d-end"].forEach(function (id) {
    $(id).addEventListener("change", function () { setRange($("d-start").value || null, $("d-end").value || null); });
  });

  // a zoomable time axis: the zoom button (or the mouse wheel) narrows the axis, "whole period" widens it
  function zoomTo(lo, hi) {
    if (!state.days.length) return;
    var first = state.days[0].t, last = state.days[state.days.length - 1].t;
    lo = Math.max(first, lo); hi = Math.min(last, hi);
    state.zoom = hi - lo >= DAY && (lo > first || hi < last) ? [lo, hi] : null;
    drawTimeline();
  }
  $("t-zoom").addEventListener("click", function () {
    if (state.start || state.end) {
      zoomTo(state.start ? parseDay(state.start) - 3 * DAY : -Infinity, state.end ? parseDay(state.end) + 3 * DAY : Infinity);
    } else if (state.scale) {
      var sc = state.scale, mid = sc.t0 + sc.nb * sc.bin * DAY / 2, half = sc.nb * sc.bin * DAY / 4;
      zoomTo(mid - half, mid + half);
    }
  });
  $("t-unzoom").addEventListener("click", function () { state.zoom = null; drawTimeline(); });
  $("timeline").addEventListener("wheel", function (ev) {
    if (!state.scale) return;
    ev.preventDefault();
    var sc = state.scale, b = $("timeline").getBoundingClientRect();
    var at = sc.inv((ev.clientX - b.left) * sc.W / b.width), width = sc.nb * sc.bin * DAY;
    var f = ev.deltaY < 0 ? 0.6 : 1 / 0.6, lo = at - (at - sc.t0) * f;
    zoomTo(lo, lo + width * f);
  }, {passive: false});

  // -- filters -------------------------------------------------------------------------------------
  var debounce = null;
  function refilter() {
    clearTimeout(debounce);
    debounce = setTimeout(function () {
      state.fitNext = true;
      loadTimeline(); loadEvents(); loadIncidents(); writeURL();
    }, 150);
  }
  ["f-type", "f-country", "f-modality", "f-incidents"].forEach(function (id) { $(id).addEventListener("change", refilter); });
  ["f-min-sources", "f-place", "f-text"].forEach(function (id) { $(id).addEventListener("input", refilter); });
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); refilter(); });
  $("f-reset").addEventListener("click", function () {
    $("filters").reset();
    state.start = state.end = null;
    state.zoom = null;
    showRange();
    refilter();
  });
  window.addEventListener("resize", drawTimeline);

  // -- start -----------------------------------------------------------------------------------------
  function fitToEvents() {
    var pts = state.events.filter(function (e) { return e.location && e.location.lat !== null; })
      .map(function (e) { return [e.location.lat, e.location.lon]; });
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.3), {maxZoom: 7});
  }

  fetch("/config.json").then(function (r) { return r.json(); }).then(function (config) {
    state.config = config;
    if (config.private) {
      state.token = sessionStorage.getItem("wirecoder-token");
      if (!state.token) {
        state.token = window.prompt("This wirecoder server is private. Token:") || null;
        if (state.token) sessionStorage.setItem("wirecoder-token", state.token);
      }
    }
    return drawBase(config);
  }).then(function () {
    var restored = readURL();
    showRange();
    showTab(restored.tab);
    return Promise.all([loadTimeline(), loadEvents(), loadIncidents()]).then(function () { return restored; });
  }).then(function (restored) {
    if (restored.view) map.setView([restored.view[0], restored.view[1]], restored.view[2], {animate: false});   // a permalink jumps: no zoom animation to be caught half-way
    else fitToEvents();
    state.ready = true;
    writeURL();
    if (restored.event) selectEvent(restored.event);
    document.body.setAttribute("data-ready", "1");
  }).catch(function (err) { setStatus("Could not start: " + err.message, true); });
})();
