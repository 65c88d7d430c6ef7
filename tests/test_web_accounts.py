"""`bikva user add|list|remove`, and the rules of logging in: hashes only, throttling, sessions."""

from __future__ import annotations

import io
import json
import sqlite3
import sys

import pytest

from bikva.store.evaluation import open_evaluation
from bikva.web.accounts import FREE_FAILURES, log_in, visitor_of
from browser import PASSWORD, add_user, make_study
from helpers import ok, refused


def with_stdin(text: str, *args, key: str):
    saved, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        return refused(*args, key=key)
    finally:
        sys.stdin = saved


def test_users_are_added_listed_and_removed_and_only_a_hash_is_kept(tmp_path):
    folder = make_study(tmp_path / "e")
    listed = json.loads(ok("user", "list", folder, "--json"))
    assert [(u["name"], u["role"]) for u in listed] == [("eva", "evaluator"), ("ida", "interviewer"), ("kim", "commissioner")]
    with sqlite3.connect(folder / "bikva.db") as db:
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM web_account")]
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert "Brugeren kim er slettet" in ok("user", "remove", folder, "kim")
    assert "kim" not in ok("user", "list", folder)


def test_a_bad_account_is_refused_with_one_line_and_nothing_stored(tmp_path):
    folder = make_study(tmp_path / "e")
    with_stdin("kort\n", folder, "user", "add", folder, "ny", "--role", "evaluator", "--password-stdin",
               key="web.user.password_short")
    with_stdin(PASSWORD + "\n", folder, "user", "add", folder, "ny", "--role", "boss", "--password-stdin",
               key="web.user.role_unknown")
    with_stdin(PASSWORD + "\n", folder, "user", "add", folder, "EVA", "--role", "evaluator", "--password-stdin",
               key="web.user.exists")
    with_stdin("", folder, "user", "add", folder, "ny", "--role", "evaluator", key="web.user.password_missing")
    refused(folder, "user", "remove", folder, "ingen", key="web.user.unknown")


def test_repeated_wrong_passwords_make_even_the_right_one_wait(tmp_path):
    folder = make_study(tmp_path / "e")
    for _ in range(FREE_FAILURES):
        with open_evaluation(folder) as (session, ev):
            assert log_in(session, ev, "eva", "forkert-kode", "10.0.0.1").key == "web.login.failed"
    with open_evaluation(folder) as (session, ev):
        outcome = log_in(session, ev, "eva", PASSWORD, "10.0.0.2")
    assert outcome.key == "web.login.wait" and outcome.params["seconds"] >= 1


def test_a_session_is_found_by_its_token_and_ends_when_the_account_goes(tmp_path):
    folder = make_study(tmp_path / "e")
    with open_evaluation(folder) as (session, ev):
        login = log_in(session, ev, "Eva", PASSWORD, "127.0.0.1")  # names compare without case
    with open_evaluation(folder) as (session, ev):
        assert visitor_of(session, ev, login.token).name == "eva"
        assert visitor_of(session, ev, login.token + "x") is None
    ok("user", "remove", folder, "eva")
    with open_evaluation(folder) as (session, ev):
        assert visitor_of(session, ev, login.token) is None


def csrf_of(page: str) -> str:
    import re

    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_a_team_server_keeps_each_evaluations_accounts_and_sessions_apart(tmp_path):
    from fastapi.testclient import TestClient

    from bikva.web.app import create_team_app

    make_study(tmp_path / "team" / "aarhus")
    make_study(tmp_path / "team" / "odense")
    add_user(tmp_path / "team" / "odense", "ole", "evaluator")
    client = TestClient(create_team_app(tmp_path / "team"))
    assert client.get("/e/aarhus/", follow_redirects=False).headers["location"] == "/e/aarhus/login"
    token = csrf_of(client.get("/e/aarhus/login").text)
    assert client.post("/e/aarhus/login", data={"name": "ole", "password": PASSWORD, "csrf": token}).status_code == 401
    token = csrf_of(client.get("/e/aarhus/login").text)
    assert client.post("/e/aarhus/login", data={"name": "eva", "password": PASSWORD, "csrf": token},
                       follow_redirects=False).status_code == 303
    assert client.get("/e/aarhus/").status_code == 200
    assert client.get("/e/odense/", follow_redirects=False).status_code == 303  # no session there


def test_a_team_servers_front_page_names_no_evaluation_and_logs_in_to_the_one_typed(tmp_path):
    from fastapi.testclient import TestClient

    from bikva.web.app import create_team_app

    make_study(tmp_path / "team" / "aarhus-boligsociale")
    make_study(tmp_path / "team" / "odense")
    client = TestClient(create_team_app(tmp_path / "team"))
    front = client.get("/")
    assert front.status_code == 200 and 'name="evaluation"' in front.text
    assert "aarhus" not in front.text and "odense" not in front.text
    wrong_place = client.post("/", data={"evaluation": "vejle", "name": "eva", "password": PASSWORD,
                                         "csrf": csrf_of(front.text)})
    wrong_password = client.post("/", data={"evaluation": "odense", "name": "eva", "password": "forkert-kode-x",
                                            "csrf": csrf_of(wrong_place.text)})
    # An evaluation that is not there reads as a wrong password: the page tells no names.
    assert wrong_place.status_code == wrong_password.status_code == 401
    assert "Brugernavn eller adgangskode er forkert." in wrong_place.text and "vejle" in wrong_place.text
    assert client.post("/", data={"evaluation": "odense", "name": "eva", "password": PASSWORD,
                                  "csrf": "gættet"}).status_code == 403
    landed = client.post("/", data={"evaluation": " Aarhus-Boligsociale ", "name": "eva", "password": PASSWORD,
                                    "csrf": csrf_of(wrong_password.text)}, follow_redirects=False)
    assert landed.status_code == 303 and landed.headers["location"] == "/e/aarhus-boligsociale/"
    assert client.get("/e/aarhus-boligsociale/").status_code == 200  # logged in there
    assert client.get("/e/odense/", follow_redirects=False).status_code == 303  # and only there
