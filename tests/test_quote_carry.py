"""`bikva quote carry`: changing which levels a selected quote is shown to after selecting it
(the command line's half of the web app's carry-forward board)."""

from __future__ import annotations

import json

from helpers import add_quote, file_digest, ok, refused

PASSAGE = "Jeg er selv tovholder på min egen sag"


def carried(folder, quote_id: int) -> list[str]:
    return next(q["carried_to"] for q in json.loads(ok("quote", "list", folder, "--json")) if q["id"] == quote_id)


def test_a_quote_is_carried_to_exactly_the_levels_named_or_to_none(tmp_path):
    folder = tmp_path / "study"
    ok("new", folder, "--title", "Tovholdere", "--levels", "citizens,frontline,leaders")
    source = tmp_path / "borgere.txt"
    source.write_text(f"I: Hvordan går det?\nB1: {PASSAGE}, og det kan jeg ikke overskue.\nB2: Ja.\n", encoding="utf-8")
    ok("import", folder, source, "--level", "citizens", "--group", "Borgergruppe A")
    number = add_quote(folder, "citizens", PASSAGE, "--theme", "Sammenhæng i indsatsen")
    assert carried(folder, number) == ["frontline", "leaders"]

    assert ok("quote", "carry", folder, number, "ledere").strip() == f"Nr. {number} bringes nu videre til: Ledere."
    assert carried(folder, number) == ["leaders"]
    assert ok("quote", "carry", folder, number).strip() == f"Nr. {number} bringes ikke videre til noget niveau."
    assert carried(folder, number) == []

    before = file_digest(folder / "bikva.db")
    refused(folder, "quote", "carry", folder, number, "frontline", "borgere", key="quote.carry_not_above")
    refused(folder, "quote", "carry", folder, 99, "frontline", key="quote.unknown")
    assert file_digest(folder / "bikva.db") == before
