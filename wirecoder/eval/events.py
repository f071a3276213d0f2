"""Score event coding (the extract stage) against outside gold, in each set's native format.

``run(gold)`` looks at what the folder ``gold`` holds and scores every set it finds (a folder that
holds several of them, such as ``../shared/gold``, scores all):

* ``PLOVER_GSR_CAMEO.txt`` -- the PLOVER gold standard records (openeventdata/PLOVER). Each record's
  ``text`` goes through the pipeline as shipped (default options, geocoding on: the place of an event gives
  countryless actors their country; the record's ``date`` as publication date).
  A record counts as found when we produce an event of its type (PLOVER v0.5 names mapped:
  DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT; DOCUMENT records skipped). For
  per-type precision each record gets one predicted label: its gold type when we found it, else
  the type of our most confident event, else none. On found records: mode accuracy (v0.5 modes
  mapped to ours; modes with no counterpart are not scored), actor/recipient country agreement
  (some gold source code among our actor's countries; target vs recipient) and sector agreement.
* ``dev.tsv`` -- CASE 2021 task 2 (ACLED sub-event types + 5 non-ACLED types). The prediction for
  a snippet is the ``acled_subtype`` of our most confident event that has one, else none; the gold
  label of a non-ACLED snippet is none. Per-class P/R/F1, macro-F1 over the ACLED classes found in
  gold, micro-F1 (= accuracy).
* ``quadclass-train.tsv`` -- CAMEO sentences with quad classes 0-4 (ConfliBERT). The prediction is
  the ``quad_class`` of our most confident event, 0 when there is none. Accuracy, per-class P/R/F1,
  macro-F1.

Every set also reports the expected calibration error of ``Event.confidence`` (how well the
confidence of the predicted event matches how often it is right) over 10 bins.

Run: ``python -m wirecoder.eval.events --gold ../shared/gold/plover-gsr [--limit N]`` or
``wirecoder eval events --gold DIR``.
"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from wirecoder.errors import InputError
from wirecoder.records import Article, Event

log = logging.getLogger("wirecoder.eval.events")

PLOVER_FILE = "PLOVER_GSR_CAMEO.txt"
CASE_FILE = "dev.tsv"
QUAD_FILE = "quadclass-train.tsv"

V05_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# PLOVER v0.5 modes -> the modes of wirecoder's ontology (plover.yaml); unlisted ones are not scored.
V05_MODES = {"strike-hun": "hunger", "strike-gen": "boycott", "riot-spon": "riot", "riot": "riot",
             "demo-org": "demo", "demo-spon": "demo", "obstruct": "obstruct", "destroy": "seize",
             "confiscate": "seize", "detain": "arrest", "arrest": "arrest", "host": "visit", "visit": "visit",
             "phone": "phone", "third-party": "third-party", "multilateral": "multilateral",
             "restrict": "restrict", "curfew": "curfew", "martial-law": "martial-law", "deport": "deport",
             "ban": "ban", "censor": "censor", "heavy-weapons": "heavy-weapons", "explosives": "explosives",
             "firearms": "firearms", "assassinate": "assassinate", "torture": "torture",
             "suicide-attack": "suicide-attack", "beat": "beat", "primitive": "primitive", "sexual": "sexual", "violence": "violence",
             "relations": "relations", "troops": "troops", "police": "police", "weapons": "weapons"}
# Gold actor codes that are not ISO 3166 alpha-3 (CAMEO leftovers) and the IGO variants we emit.
CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UNO": "IGO", "IMG": "IGO"}
SECTOR_ALIASES = {"CIV": "CVL", "JRN": "MED"}

# CASE 2021 task 2 labels -> ACLED sub-event types (as wirecoder writes them in Event.acled_subtype).
CASE_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}
CASE_NON_ACLED = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
NONE = "none"


# ------------------------------------------------------------------------------------ running
# the event model settings of a run (wirecoder eval events --event-model / --model-dir)
MODEL_OPTIONS: dict = {}


def _events_for_texts(items: list[tuple[str, str, Optional[str]]], batch_size: int = 64) -> list[list[Event]]:
    """Run the pipeline with its default options (places resolved, as `extract` does: a countryless
    actor takes the country of the event's place) over ``(id, text, date)`` items; events per item,
    in order."""
    from wirecoder.pipeline import PipelineOptions, process_articles

    opts = PipelineOptions(batch_size=batch_size, **MODEL_OPTIONS)
    arts = (Article(id=i, text=t, published=d) for i, t, d in items)
    return [evs for _a, evs in process_articles(arts, opts)]


def best_event(events: Iterable[Event], keep: Callable[[Event], bool] = lambda e: True) -> Optional[Event]:
    """The most confident event passing ``keep`` (the first one among equals), or None."""
    best = None
    for e in events:
        if keep(e) and (best is None or e.confidence > best.confidence):
            best = e
    return best


# ------------------------------------------------------------------------------------ metrics
def prf(pairs: list[tuple[str, str]], labels: Iterable[str]) -> dict:
    """Per-label precision/recall/F1 of ``(gold, predicted)`` pairs, plus macro (over ``labels``) and micro."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in pairs:
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    per = {}
    for lab in labels:
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[lab] = {"p": p, "r": r, "f1": f, "gold": tp[lab] + fn[lab], "sys": tp[lab] + fp[lab]}
    labs = list(labels)
    macro = sum(per[x]["f1"] for x in labs) / len(labs) if labs else 0.0
    # micro over the scored labels: a prediction of an unscored label (none) is not a system answer
    stp = sum(tp[x] for x in labs)
    sfp = sum(fp[x] for x in labs)
    sfn = sum(fn[x] for x in labs)
    mp = stp / (stp + sfp) if stp + sfp else 0.0
    mr = stp / (stp + sfn) if stp + sfn else 0.0
    micro = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    support = sum(per[x]["gold"] for x in labs)
    weighted = sum(per[x]["f1"] * per[x]["gold"] for x in labs) / support if support else 0.0
    return {"per_class": per, "macro_f1": macro, "weighted_f1": weighted, "micro_p": mp, "micro_r": mr,
            "micro_f1": micro}


def ece(points: list[tuple[float, bool]], bins: int = 10) -> dict:
    """Expected calibration error of ``(confidence, correct)`` points and the reliability table."""
    table = []
    total = len(points)
    err = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(c, ok) for c, ok in points if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not sel:
            continue
        conf = sum(c for c, _ in sel) / len(sel)
        acc = sum(ok for _, ok in sel) / len(sel)
        err += len(sel) / total * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(sel), "conf": conf, "acc": acc})
    return {"ece": err if total else 0.0, "n": total, "bins": table}


# ------------------------------------------------------------------------------------ PLOVER GSR
def load_plover(path: Path) -> list[dict]:
    """Records of the PLOVER GSR file with a text and an event type (DOCUMENT records dropped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"cannot read ({e})") from None
    except json.JSONDecodeError as e:
        raise InputError(str(path), f"not JSON ({e.msg} at line {e.lineno})") from None
    if not isinstance(data, list):
        raise InputError(str(path), "expected a JSON array of PLOVER records")
    out = []
    for r in data:
        if not isinstance(r, dict) or not r.get("text") or not r.get("event") or r["event"] == "DOCUMENT":
            continue
        r = dict(r)
        r["type"] = V05_TYPES.get(r["event"], r["event"])
        out.append(r)
    return out


def _codes(actors) -> tuple[set[str], set[str]]:
    if not isinstance(actors, list):
        return set(), set()
    codes, sectors = set(), set()
    for a in actors:
        if not isinstance(a, dict):
            continue
        c = (a.get("code") or "").upper()
        if c:
            codes.add(CODE_ALIASES.get(c, c))
        s = (a.get("sector") or "")[:3].upper()
        if s and s != "***":
            sectors.add(SECTOR_ALIASES.get(s, s))
    return codes, sectors


def _ours(actors) -> tuple[set[str], set[str]]:
    return ({CODE_ALIASES.get(a.country, a.country) for a in actors if a.country},
            {a.sector for a in actors if a.sector})


def score_plover(path: Path, limit: Optional[int] = None, errors: Optional[list] = None) -> dict:
    """Type P/R/F1, mode accuracy and actor agreement on the PLOVER gold standard records."""
    recs = load_plover(path)[:limit] if limit else load_plover(path)
    events = _events_for_texts([(r.get("id", str(i)), r["text"], r.get("date")) for i, r in enumerate(recs)])
    return plover_metrics(recs, events, errors)


def plover_metrics(recs: list[dict], events: list[list[Event]], errors: Optional[list] = None) -> dict:
    """The PLOVER GSR scores of ``events`` (one list per record of ``recs``)."""
    pairs, calib = [], []
    mode_n = mode_ok = 0
    agree = {k: [0, 0] for k in ("actor_country", "actor_sector", "recipient_country", "recipient_sector")}
    n_events = 0
    for r, evs in zip(recs, events):
        n_events += len(evs)
        gold = r["type"]
        match = best_event(evs, lambda e: e.event_type == gold)
        top = best_event(evs)
        pred = gold if match is not None else (top.event_type if top else NONE)
        pairs.append((gold, pred))
        if top is not None:
            calib.append((top.confidence, top.event_type == gold))
        if errors is not None and pred != gold:
            errors.append((r.get("id"), gold, pred, r["text"]))
        if match is None:
            continue
        gm = V05_MODES.get(r.get("mode") or "")
        if gm:
            mode_n += 1
            mode_ok += match.mode == gm
        for role, gkey, ours in (("actor", "source", match.actor), ("recipient", "target", match.recipient)):
            gc, gs = _codes(r.get(gkey))
            oc, os_ = _ours(ours)
            if gc:
                agree[f"{role}_country"][1] += 1
                agree[f"{role}_country"][0] += bool(gc & oc)
            if gs:
                agree[f"{role}_sector"][1] += 1
                agree[f"{role}_sector"][0] += bool(gs & os_)
    labels = sorted({g for g, _ in pairs})
    res = prf(pairs, labels)
    res.update({
        "records": len(recs), "events": n_events,
        "found": sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0,
        "mode_acc": mode_ok / mode_n if mode_n else None, "mode_n": mode_n,
        **{k: (v[0] / v[1] if v[1] else None) for k, v in agree.items()},
        **{f"{k}_n": v[1] for k, v in agree.items()},
        "calibration": ece(calib),
    })
    return res


# ------------------------------------------------------------------------------------ CASE 2021
def _read_tsv(path: Path, ncols: int, header: bool) -> Iterator[list[str]]:
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e})") from None
    with fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for no, row in enumerate(reader, 1):
            if header and no == 1:
                continue
            if not row or not any(row):
                continue
            if len(row) != ncols:
                raise InputError(f"{path}:{no}", f"expected {ncols} tab-separated columns, found {len(row)}")
            yield row


def score_case(path: Path, limit: Optional[int] = None, errors: Optional[list] = None) -> dict:
    """ACLED sub-event classification on CASE 2021 task 2 snippets."""
    rows = load_case(path)
    rows = rows[:limit] if limit else rows
    events = _events_for_texts([(f"case-{r[0]}", r[1], None) for r in rows])
    return case_metrics(rows, events, errors)


def load_case(path: Path) -> list[list[str]]:
    """The CASE 2021 task 2 rows ``[id, text, label]`` (labels checked)."""
    rows = list(_read_tsv(path, 3, header=True))
    unknown = {r[2] for r in rows} - set(CASE_ACLED) - CASE_NON_ACLED
    if unknown:
        raise InputError(str(path), f"unknown SubType label(s): {', '.join(sorted(unknown))}")
    return rows


def case_metrics(rows: list[list[str]], events: list[list[Event]], errors: Optional[list] = None) -> dict:
    """The CASE 2021 task 2 scores of ``events`` (one list per row of ``rows``)."""
    pairs, calib = [], []
    for r, evs in zip(rows, events):
        gold = CASE_ACLED.get(r[2], NONE)
        top = best_event(evs, lambda e: bool(e.acled_subtype))
        pred = top.acled_subtype if top else NONE
        pairs.append((gold, pred))
        if top is not None:
            calib.append((top.confidence, pred == gold))
        if errors is not None and pred != gold:
            errors.append((r[0], gold, pred, r[1]))
    labels = sorted({g for g, _ in pairs} - {NONE})
    res = prf(pairs, labels)
    # every class including "no ACLED event" (the five non-ACLED CASE labels, which we code as none)
    res["all"] = {k: v for k, v in prf(pairs, labels + [NONE]).items() if k != "per_class"}
    res.update({"snippets": len(rows), "accuracy": sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0,
                "none_f1": prf(pairs, [NONE])["per_class"][NONE]["f1"], "calibration": ece(calib)})
    return res


# ------------------------------------------------------------------------------------ CAMEO quad classes
QUAD_NAMES = {0: "neutral", 1: "verbal coop", 2: "material coop", 3: "verbal conflict", 4: "material conflict"}


def score_quad(path: Path, limit: Optional[int] = None, errors: Optional[list] = None) -> dict:
    """Quad class of a sentence = quad class of our most confident event, 0 when none."""
    rows = load_quad(path)
    rows = rows[:limit] if limit else rows
    events = _events_for_texts([(f"quad-{i}", s, None) for i, (s, _l) in enumerate(rows)])
    return quad_metrics(rows, events, errors)


def load_quad(path: Path) -> list[tuple[str, int]]:
    """The CAMEO quad-class rows ``(sentence, label)`` (labels checked)."""
    rows = []
    for no, row in enumerate(_read_tsv(path, 2, header=False), 1):
        try:
            label = int(row[1])
        except ValueError:
            raise InputError(f"{path}:{no}", f"label must be 0-4, not {row[1]!r}") from None
        if label not in QUAD_NAMES:
            raise InputError(f"{path}:{no}", f"label must be 0-4, not {label}")
        rows.append((row[0], label))
    return rows


def quad_metrics(rows: list[tuple[str, int]], events: list[list[Event]], errors: Optional[list] = None) -> dict:
    """The CAMEO quad-class scores of ``events`` (one list per row of ``rows``)."""
    pairs, calib = [], []
    for (s, gold), evs in zip(rows, events):
        top = best_event(evs)
        pred = top.quad_class if top else 0
        pairs.append((str(gold), str(pred)))
        if top is not None:
            calib.append((top.confidence, pred == gold))
        if errors is not None and pred != gold:
            errors.append((None, gold, pred, s))
    res = prf(pairs, [str(q) for q in QUAD_NAMES])
    res.update({"sentences": len(rows), "accuracy": sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0,
                "macro_f1_events": sum(res["per_class"][str(q)]["f1"] for q in (1, 2, 3, 4)) / 4,
                "calibration": ece(calib)})
    return res


# ------------------------------------------------------------------------------------ dispatch
SETS = [("plover-gsr", PLOVER_FILE, score_plover), ("case2021-task2", CASE_FILE, score_case),
        ("cameo-sentences", QUAD_FILE, score_quad)]


def _sniff(path: Path) -> Optional[str]:
    """Which set a file holds, read from its content: a JSON array (PLOVER records), a TSV whose
    header names ``EventSnippet`` and ``SubType`` (CASE 2021 task 2: the development part, the
    official test file or any file in that format), or ``sentence<TAB>0-4`` rows (CAMEO quad)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    if head.lstrip("\ufeff \n").startswith("["):
        return "plover-gsr"
    cols = [c.strip() for c in first.split("\t")]
    if "EventSnippet" in cols and "SubType" in cols:
        return "case2021-task2"
    if len(cols) == 2 and cols[1] in {"0", "1", "2", "3", "4"}:
        return "cameo-sentences"
    return None


def find_sets(gold: Path) -> list[tuple[str, Path, Callable]]:
    """The gold sets in ``gold``: a set's file (known by its name or its content), its folder, or a
    folder of set folders."""
    gold = Path(gold)
    fns = {name: fn for name, _f, fn in SETS}
    found = []
    if gold.is_file():
        name = next((n for n, fname, _fn in SETS if gold.name == fname), None) or _sniff(gold)
        return [(name, gold, fns[name])] if name else []
    for name, fname, fn in SETS:
        for d in (gold, gold / name):
            if (d / fname).is_file():
                found.append((name, d / fname, fn))
                break
        else:
            # another file of the same format in the set's folder (e.g. the official CASE test file)
            d = gold / name if (gold / name).is_dir() else gold
            for f in sorted(d.glob("*.tsv")) if name == "case2021-task2" else []:
                if _sniff(f) == name:
                    found.append((name, f, fn))
                    break
    return found


def run(gold: str | Path, limit: Optional[int] = None, errors: Optional[dict] = None,
        event_model: bool = False, model_dir: Optional[str] = None) -> dict:
    """Score every event gold set found under ``gold``; returns ``{set name: metrics}``.

    ``limit`` scores only the first N records of each set; ``errors``, when a dict, receives a list
    of ``(id, gold, predicted, text)`` per set. ``event_model``/``model_dir``: run the pipeline with
    the learned event model (these sets are its training data: only the cross-validated scores of
    ``scripts/train_event_model.py`` are held out).
    """
    MODEL_OPTIONS.clear()
    if event_model or model_dir:
        MODEL_OPTIONS.update(event_model=True, model_dir=model_dir)
        log.warning("the event model %s was trained on development sets such as these: these scores are NOT "
                    "held out (cross-validated ones: scripts/train_event_model.py)",
                    model_dir or "(packaged)")
    sets = find_sets(Path(gold))
    if not sets:
        raise InputError(str(gold), f"no event gold found: expected {PLOVER_FILE}, {CASE_FILE} or {QUAD_FILE} "
                                    f"(or folders holding them)")
    out = {}
    for name, path, fn in sets:
        log.info("scoring %s (%s)", name, path)
        errs: Optional[list] = [] if errors is not None else None
        out[name] = fn(path, limit, errs)
        if errors is not None:
            errors[name] = errs
    return out


def _f(x: Optional[float]) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_table(results: dict) -> str:
    """Text tables of :func:`run` results: a summary line per set, then per-class rows."""
    lines = []
    for name, r in results.items():
        cal = r.get("calibration", {})
        if name == "plover-gsr":
            lines.append(f"PLOVER GSR: {r['records']} records, found {_f(r['found'])}, macro-F1 {_f(r['macro_f1'])}, "
                         f"weighted-F1 {_f(r['weighted_f1'])}, "
                         f"micro-F1 {_f(r['micro_f1'])}, mode acc {_f(r['mode_acc'])} (n={r['mode_n']}), "
                         f"ECE {_f(cal.get('ece'))}")
            lines.append(f"  actor country {_f(r['actor_country'])} (n={r['actor_country_n']}), "
                         f"sector {_f(r['actor_sector'])} (n={r['actor_sector_n']}); "
                         f"recipient country {_f(r['recipient_country'])} (n={r['recipient_country_n']}), "
                         f"sector {_f(r['recipient_sector'])} (n={r['recipient_sector_n']})")
        elif name == "case2021-task2":
            lines.append(f"CASE 2021 task 2 (ACLED sub-event): {r['snippets']} snippets, accuracy {_f(r['accuracy'])}, "
                         f"weighted-F1 {_f(r['weighted_f1'])} / macro-F1 {_f(r['macro_f1'])} (the ACLED classes), "
                         f"weighted-F1 {_f(r['all']['weighted_f1'])} / macro-F1 {_f(r['all']['macro_f1'])} "
                         f"(with 'no ACLED event' as one class), micro-F1 {_f(r['micro_f1'])} "
                         f"(P {_f(r['micro_p'])} R {_f(r['micro_r'])}), none-F1 {_f(r['none_f1'])}, "
                         f"ECE {_f(cal.get('ece'))}")
        else:
            lines.append(f"CAMEO quad classes: {r['sentences']} sentences, accuracy {_f(r['accuracy'])}, "
                         f"weighted-F1 {_f(r['weighted_f1'])}, macro-F1 {_f(r['macro_f1'])} (0-4), macro-F1 {_f(r['macro_f1_events'])} (1-4), "
                         f"ECE {_f(cal.get('ece'))}")
        lines.append(f"  {'class':40s} {'gold':>5s} {'sys':>5s} {'P':>6s} {'R':>6s} {'F1':>6s}")
        for lab, m in r["per_class"].items():
            shown = f"{lab} {QUAD_NAMES[int(lab)]}" if name == "cameo-sentences" else lab
            lines.append(f"  {shown[:40]:40s} {m['gold']:5d} {m['sys']:5d} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f}")
        lines.append("")
    return "\n".join(lines).rstrip()


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wirecoder.eval.events", description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default="../shared/gold/plover-gsr",
                    help="a gold set folder/file, or a folder of them (e.g. ../shared/gold)")
    ap.add_argument("--limit", type=int, help="score only the first N records of each set")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors per set to stderr")
    ap.add_argument("--json", action="store_true", help="print the full results as JSON")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    errs: Optional[dict] = {} if args.errors else None
    try:
        results = run(args.gold, args.limit, errs)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(format_table(results))
    if errs:
        for name, lst in errs.items():
            for e in lst[:args.errors]:
                print(f"[{name}] {e[0]}\tgold={e[1]}\tpred={e[2]}\t{e[3][:200]}", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
