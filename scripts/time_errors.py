"""Error breakdown and per-fold counts of the time-expression grammar on a TimeML folder.

    python scripts/time_errors.py --gold ../shared/gold/tempeval3/TBAQ-cleaned [--folds 4] [--show CATEGORY]

Prints, for the errors ``wirecoder eval time`` counts (a wrong value on a relaxed match, a missed
gold timex, a spurious system timex), a rough category by the words and values involved, and how
many of them are on a phrase the same gold annotates the way we do elsewhere: for a wrong value or a
spurious timex, the same phrase (weekday names and digits folded) is scored right elsewhere; for a
miss, the same words occur elsewhere in the texts more often than the gold tags them. Those are the
gold disagreeing with itself, not a reading a rule could fix without losing the other occurrences.

``--folds K`` splits the documents by their index (sorted by path) modulo K and prints right values,
system and gold timexes and value F1 per fold, so a rule's gain is seen fold by fold (``--save FILE``
writes them; ``--base FILE`` prints the difference to a saved run).

``--habits`` bounds what imitating the gold's recurring annotation habits (a value shape it writes
for a phrase more often than the one we give, or leaving a phrase untagged) could gain.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from wirecoder.eval.time import iso_spelling, iter_gold, score_doc
from wirecoder.resolve.dates import find_timexes

_WD = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")


def norm(text: str) -> str:
    t = re.sub(r"\b" + _WD + r"\b", "WD", text.lower().strip(" .,"))
    return re.sub(r"\d", "9", t)


def category(kind: str, text: str, gv: str | None, sv: str | None) -> str:
    t, g, s = text.lower(), gv or "", sv or ""
    if kind == "value" and iso_spelling(g) == iso_spelling(s):
        return "same value, other ISO spelling"
    if kind == "value" and re.match(r"\d{4}", g) and re.match(r"\d{4}", s) and abs(int(g[:4]) - int(s[:4])) in (9, 10, 11):
        return "gold typo (year off by ten)"
    if g in _REFS or s in _REFS or re.match(r"PX|PTX", g) or re.match(r"PX|PTX", s) or (kind != "value" and re.search(
            r"\b(now|current|currently|recent|recently|soon|future|previously|already|once|yet|presently|earlier|"
            r"the time|moment|while|later date|near term|short term|as soon as possible)\b", t)):
        return "vague (PAST/PRESENT/FUTURE_REF, PX*)"
    if re.search(r"T(MO|NI|EV|AF|MI)", g + s) or re.search(r"\b(night|morning|evening|afternoon|tonight|overnight|midday)\b", t):
        return "part of day (TNI/TMO/TEV)"
    if re.search(r"\bweek", t) and "weekend" not in t:
        return 'weeks ("last week", "this week")'
    if re.search(r"quarter|period|year[- ](ago|earlier)|a year (ago|earlier)|last year|fiscal|year-end|year end|"
                 r"the (full )?year|latest", t) or re.search(r"-Q|QX", g + s):
        return 'quarters, fiscal years, "a year ago"'
    if kind == "value" and re.search(r"\b" + _WD + r"\b", t) and re.fullmatch(r"\d{4}-\d\d-\d\d.*", g) \
            and re.fullmatch(r"\d{4}-\d\d-\d\d.*", s):
        return "weekday dated to another day"
    if re.search(r"daily|annually|weekly|monthly|quarterly|each|every", t) or g.startswith("XXXX") or s.startswith("XXXX"):
        return "sets"
    if kind == "value" and re.fullmatch(r"\d{4}(-XX){1,2}", g) and re.fullmatch(r"\d{4}", s):
        return "year written YYYY-XX in the gold"
    if kind == "value" and g.startswith("P") != s.startswith("P"):
        return "duration vs date"
    if kind == "value" and g.startswith("P") and s.startswith("P"):
        return "durations normalised otherwise"
    if re.search(r"decade|century|centuries|\d0s|19\d\d|20\d\d", t):
        return "years, decades, centuries"
    if re.search(r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
                 r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b", t):
        return "months, month-days"
    if re.search(r"\b" + _WD + r"\b|today|tomorrow|yesterday|\bday\b|\bdays\b", t):
        return "days"
    if re.search(r"years?|months?|weeks?|hours?|minutes?", t):
        return 'units (durations, "a year")'
    return "other"


def breakdown(gold: Path):
    phrase: dict[str, Counter] = defaultdict(Counter)
    errors, texts, tagged = [], [], Counter()
    for doc in iter_gold(gold):
        texts.append(doc.text.lower())
        tagged.update(g.text.lower().strip(" .,") for g in doc.timexes)
        sys_t = find_timexes(doc.text, doc.dct)
        used: set[int] = set()
        for g in doc.timexes:
            j = next((j for j, s in enumerate(sys_t) if j not in used and s.start < g.end and g.start < s.end), None)
            if j is None:
                errors.append(("missed", doc.path.name, g.text, g.value, None))
                continue
            used.add(j)
            s = sys_t[j]
            ok = s.value == g.value        # TempEval-3 compares the strings
            phrase[norm(s.text)]["right" if ok else "wrong"] += 1
            if not ok:
                errors.append(("value", doc.path.name, s.text, g.value, s.value))
        for j, s in enumerate(sys_t):
            if j not in used:
                errors.append(("spurious", doc.path.name, s.text, None, s.value))
    table: dict[str, Counter] = defaultdict(Counter)
    for kind, name, text, gv, sv in errors:
        cat = category(kind, text, gv, sv)
        if kind == "missed":
            k = text.lower().strip(" .,")
            occ = sum(len(re.findall(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", t)) for t in texts)
            both_ways = occ > tagged[k]
        else:
            both_ways = phrase[norm(text)]["right"] > 0
        table[cat][kind] += 1
        table[cat]["both"] += both_ways
    return table, errors


def _shape(value: str | None) -> str:
    return re.sub(r"\d", "9", value or "")


def habits(gold: Path) -> tuple[list[tuple], dict]:
    """How far imitating the gold's own habits could go: for each phrase (weekdays and digits
    folded) and the value *shape* we give it (digits folded: ``9999-99-99TNI``), the other shape
    the gold most often writes for it where we are wrong, kept when it outnumbers the phrase's
    right values of our shape; and each phrase more often spurious than right at about twice the
    value F1 (dropping it pays). Only shape changes count (a weekday dated a week off is no habit).
    Returns the rows and value F1 bounds for habits seen at least 1, 2, 3 times."""
    right: Counter = Counter()
    wrong: Counter = Counter()
    spur: Counter = Counter()
    n_right = n_sys = n_gold = 0
    for doc in iter_gold(gold):
        sys_t = find_timexes(doc.text, doc.dct)
        n_sys += len(sys_t)
        n_gold += len(doc.timexes)
        used: set[int] = set()
        for g in doc.timexes:
            j = next((j for j, s in enumerate(sys_t) if j not in used and s.start < g.end and g.start < s.end), None)
            if j is None:
                continue
            used.add(j)
            s = sys_t[j]
            if s.value == g.value:
                n_right += 1
                right[(norm(s.text), _shape(s.value))] += 1
            elif _shape(s.value) != _shape(g.value):
                wrong[(norm(s.text), _shape(s.value), _shape(g.value))] += 1
        for j, s in enumerate(sys_t):
            if j not in used:
                spur[norm(s.text)] += 1
    f1 = 2 * n_right / (n_sys + n_gold)
    best: dict[tuple, tuple[int, str]] = {}
    for (p, ours, theirs), n in wrong.items():
        if n > best.get((p, ours), (0, ""))[0]:
            best[(p, ours)] = (n, theirs)
    rows = [("value", p, ours, theirs, n, right[(p, ours)]) for (p, ours), (n, theirs) in best.items()
            if n > right[(p, ours)]]
    right_of = Counter()
    for (p, _), n in right.items():
        right_of[p] += n
    rows += [("drop", p, "", "", n, right_of[p]) for p, n in spur.items() if n * f1 / 2 > right_of[p]]
    bounds = {}
    for least in (1, 2, 3):
        gain = sum(n - r for kind, _, _, _, n, r in rows if kind == "value" and n >= least)
        drops = [(n, r) for kind, _, _, _, n, r in rows if kind == "drop" and n >= least]
        bounds[least] = 2 * (n_right + gain - sum(r for _, r in drops)) / (n_sys - sum(n for n, _ in drops) + n_gold)
    return sorted(rows, key=lambda r: (-(r[4] - r[5]), r[1])), {"now": f1, **bounds}


def folds(gold: Path, k: int) -> list[dict]:
    per = [Counter() for _ in range(k)]
    for i, doc in enumerate(iter_gold(gold)):
        score_doc(doc, per[i % k])
    return [{"right": c["value"], "sys": c["sys"], "gold": c["gold"]} for c in per]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=Path("../shared/gold/tempeval3/TBAQ-cleaned"))
    ap.add_argument("--folds", type=int, default=0, metavar="K")
    ap.add_argument("--save", type=Path)
    ap.add_argument("--base", type=Path)
    ap.add_argument("--show", metavar="CATEGORY", help="also list the errors of this category")
    ap.add_argument("--habits", action="store_true",
                    help="how far imitating the gold's recurring value habits could take value F1")
    args = ap.parse_args()
    if args.habits:
        rows, bounds = habits(args.gold)
        print(f"{'kind':6s} {'phrase':32s} {'ours':16s} {'gold habit':16s} {'habit':>5s} {'ours right':>10s}")
        for kind, p, ours, theirs, n, r in rows:
            if n >= 2:
                print(f"{kind:6s} {p[:32]:32s} {ours[:16]:16s} {theirs[:16]:16s} {n:5d} {r:10d}")
        print(f"value F1 now {bounds['now']:.4f}; imitating every habit seen at least 1 / 2 / 3 times: "
              f"{bounds[1]:.4f} / {bounds[2]:.4f} / {bounds[3]:.4f}")
        return
    if args.folds:
        res = folds(args.gold, args.folds)
        base = json.loads(args.base.read_text()) if args.base else None
        for i, r in enumerate(res):
            f1 = 2 * r["right"] / (r["sys"] + r["gold"])
            line = f"fold {i}: right {r['right']} system {r['sys']} gold {r['gold']} value F1 {f1:.4f}"
            if base:
                b = base[i]
                line += (f"   right {r['right'] - b['right']:+d} system {r['sys'] - b['sys']:+d}"
                         f" F1 {f1 - 2 * b['right'] / (b['sys'] + b['gold']):+.4f}")
            print(line)
        if args.save:
            args.save.write_text(json.dumps(res))
        return
    table, errors = breakdown(args.gold)
    print(f"{'category':42s} {'wrong':>6s} {'missed':>6s} {'spur.':>6s} {'all':>5s} {'gold both ways':>15s}")
    tot: Counter = Counter()
    for cat, c in sorted(table.items(), key=lambda kv: -(kv[1]["value"] + kv[1]["missed"] + kv[1]["spurious"])):
        tot.update(c)
        print(f"{cat:42s} {c['value']:6d} {c['missed']:6d} {c['spurious']:6d} "
              f"{c['value'] + c['missed'] + c['spurious']:5d} {c['both']:15d}")
    print(f"{'total':42s} {tot['value']:6d} {tot['missed']:6d} {tot['spurious']:6d} "
          f"{tot['value'] + tot['missed'] + tot['spurious']:5d} {tot['both']:15d}")
    if args.show:
        for kind, name, text, gv, sv in errors:
            if category(kind, text, gv, sv) == args.show:
                print(kind, name, text, gv, sv, sep="\t")


if __name__ == "__main__":
    main()
