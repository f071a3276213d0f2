"""Write a model directory that is the packaged event model (or another) with another encode gate
(``gates.encode``, wirecoder/data/model/README.md): model.json rewritten, tokenizer.json and heads.npz
copied, the encoder referred to by its absolute path (not copied).

    python scripts/gated_model_dir.py --out DIR [--from DIR] [--types T ... | --quad Q ...]
        [--acled-codes CODE ...] [--max-rule-confidence X] [--decide D ...]

``--quad 4`` names the rule types of quad class 4 in data/plover.yaml. Then
``wirecoder extract --model-dir DIR`` (or ``WIRECODER_MODEL_DIR=DIR``) uses it. Round 15 (helper 70):
``--quad 4 --decide acled confidence`` is the setting measured in the README.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from wirecoder.errors import DataFileError
from wirecoder.model import DECISIONS, EventModel, default_model_dir
from wirecoder.ontology import default_ontology


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="directory to write (created; must not hold a model.json)")
    ap.add_argument("--from", dest="src", default=None, help="model directory to start from (default: the packaged one)")
    ap.add_argument("--types", nargs="+", default=None, help="encode only candidates of these rule types")
    ap.add_argument("--quad", nargs="+", type=int, default=None, help="encode only rule types of these quad classes")
    ap.add_argument("--acled-codes", nargs="+", default=None, help="encode only these rule ACLED codes ('none' for none)")
    ap.add_argument("--max-rule-confidence", type=float, default=None)
    ap.add_argument("--decide", nargs="+", default=None, choices=DECISIONS)
    a = ap.parse_args(argv)
    src = Path(a.src) if a.src else default_model_dir()
    out = Path(a.out)
    if (out / "model.json").exists():
        print(f"error: {out / 'model.json'} exists; give a new directory", file=sys.stderr)
        return 2
    try:
        base = EventModel.load(src)
    except DataFileError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    gate: dict = {}
    types = list(a.types or [])
    if a.quad:
        types += [t for t, spec in default_ontology().types.items() if spec.quad in a.quad and t not in types]
    if a.types is not None or a.quad:
        gate["types"] = types
    if a.acled_codes is not None:
        gate["acled_codes"] = a.acled_codes
    if a.max_rule_confidence is not None:
        gate["max_rule_confidence"] = a.max_rule_confidence
    if a.decide is not None:
        gate["decide"] = a.decide
    mf = json.loads((src / "model.json").read_text(encoding="utf-8"))
    enc = dict(mf.get("encoder") or {})
    if enc.get("file"):
        enc["file"] = str(base.encoder_path().resolve())
    mf["encoder"] = enc
    mf["gates"] = {**(mf.get("gates") or {}), "encode": gate}
    out.mkdir(parents=True, exist_ok=True)
    for f in ("tokenizer.json", "heads.npz"):
        shutil.copyfile(src / mf.get("tokenizer", "tokenizer.json") if f == "tokenizer.json" else src / f, out / f)
    (out / "model.json").write_text(json.dumps(mf, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        EventModel.load(out)
    except DataFileError as e:
        (out / "model.json").unlink()
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{out}: gates.encode = {json.dumps(gate)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
