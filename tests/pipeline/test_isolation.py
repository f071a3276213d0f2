"""Per-article isolation: a failing article is one ArticleFailure (source, stage, reason); the
others in its batch still come out, in input order."""
from __future__ import annotations

import json

import pytest

from wirecoder import isolation, pipeline
from wirecoder.ingest import build_article
from wirecoder.isolation import ArticleFailure, describe, process_isolated, stage_of


def _raise_in(module_name: str, exc: Exception):
    """An exception whose traceback's innermost frame belongs to ``module_name``."""
    g = {"__name__": module_name}
    exec("def boom(e):\n    raise e\n", g)
    try:
        g["boom"](exc)
    except Exception as e:  # noqa: BLE001
        return e


@pytest.mark.parametrize("module, stage", [
    ("wirecoder.clean.lines", "clean"), ("wirecoder.extraction.roles", "extract"),
    ("wirecoder.resolve.places", "resolve"), ("spacy.language", "nlp"), ("wirecoder.dedupe", "store"),
    ("wirecoder.ingest.build", "ingest")])
def test_stage_is_read_from_the_traceback(module, stage):
    assert stage_of(_raise_in(module, ValueError("x"))) == stage


def test_reasons_are_one_line():
    e088 = ValueError("[E088] Text of length 2100000 exceeds maximum of 2000000. The parser and NER models "
                      "require roughly 1GB\nof temporary memory")
    assert describe(e088) == "text of 2,100,000 characters is over the 2,000,000-character limit of the nlp stage"
    assert describe(RecursionError("maximum recursion depth exceeded")) == "too deeply nested (RecursionError)"
    assert "\n" not in describe(KeyError("a\nb")) and len(describe(ValueError("y" * 1000))) <= 240


def test_a_failing_article_costs_only_itself(monkeypatch):
    arts = [build_article(f"Rebels attacked a base in Kunduz, number {i}.", source=f"f{i}.txt") for i in range(5)]

    def process_articles(batch, opts):
        for a in batch:
            if "number 2" in a.text:
                raise _raise_in("wirecoder.extraction", RuntimeError("boom"))
            yield a, []

    def process_article(a, opts):
        return next(process_articles([a], opts))

    monkeypatch.setattr(pipeline, "process_articles", process_articles)
    monkeypatch.setattr(pipeline, "process_article", process_article)
    out = list(process_isolated(arts, pipeline.PipelineOptions(batch_size=4)))
    assert [o.source if isinstance(o, ArticleFailure) else o[0].source for o in out] == [a.source for a in arts]
    (fail,) = [o for o in out if isinstance(o, ArticleFailure)]
    assert str(fail) == "f2.txt: extract: RuntimeError: boom"
    assert fail.stage == "extract" and fail.reason == "failed_extract" and fail.article_id == arts[2].id


def test_lone_surrogates_become_replacement_characters():
    a = build_article("Rebels attacked \ud800 a base.", source="x", title="t\udfff", url="https://x.example/\ud83d")
    assert "\ud800" not in a.raw and "\ufffd" in a.raw and a.title == "t\ufffd"
    json.dumps(a.raw, ensure_ascii=False).encode("utf-8")   # encodable now
    assert build_article("pair \ud83d\ude00", source="x").raw == "pair \U0001F600"


def test_failure_of_keeps_an_article_failure():
    a = build_article("text", source="s.txt")
    f = isolation.failure_of(a, ValueError("bad"), "store")
    assert isolation.failure_of(a, f) is f and str(f) == "s.txt: store: ValueError: bad"


def test_python_api_extract_isolates_articles(tmp_path, monkeypatch, caplog):
    """wirecoder.extract over a folder: a failing article is a warning, the others' events come back;
    when every article fails, the first failure is raised (naming its stage)."""
    import wirecoder

    (tmp_path / "a.txt").write_text("Rebels attacked a base in Kunduz on Sunday.\n")
    (tmp_path / "b.txt").write_text("Police arrested five men in Herat on Monday.\n")

    def process_articles(batch, opts):
        for a in batch:
            if "Kunduz" in a.raw:
                raise _raise_in("wirecoder.clean.lines", ValueError("broken"))
            yield a, ["event of " + a.source]

    monkeypatch.setattr(pipeline, "process_articles", process_articles)
    monkeypatch.setattr(pipeline, "process_article", lambda a, o: next(process_articles([a], o)))
    assert wirecoder.extract(tmp_path, date="2021-07-26") == [f"event of {tmp_path / 'b.txt'}"]
    assert f"{tmp_path / 'a.txt'}: clean: ValueError: broken" in caplog.text
    with pytest.raises(ArticleFailure, match="clean: ValueError: broken"):
        wirecoder.extract(tmp_path / "a.txt", date="2021-07-26")


def test_the_nlp_length_refusal_is_its_own_line():
    from wirecoder.nlp import TextTooLong

    assert describe(TextTooLong(2_100_000)) == str(TextTooLong(2_100_000))
    assert describe(TextTooLong(2_100_000)).startswith("text of 2,100,000 characters is over the 2,000,000-character")
