"""Accounts of the web app, their sessions, and throttled logins.

Accounts belong to one evaluation (a team server keeps each evaluation's accounts apart).
Passwords are kept only as argon2id hashes (argon2-cffi's defaults, RFC 9106's second
recommended profile). A login gives the browser a random token; the database keeps its SHA-256,
so a copy of `bikva.db` opens no session. Failed logins are counted by name and by address: after
`FREE_FAILURES` within `WINDOW`, each further attempt must wait twice as long as the one before
(up to `LONGEST_WAIT`), and a correct password is refused too while the wait lasts, so guessing
cannot outpace it. This module is plain: `bikva user` and the web app both call it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, delete, func, select

from bikva.errors import BikvaError
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import printable
from models.web_account import Role, WebAccount
from models.web_login_failure import WebLoginFailure
from models.web_session import WebSession

SESSION_LIFETIME = timedelta(hours=12)
WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
LONGEST_WAIT = timedelta(minutes=15)
SHORTEST_PASSWORD = 10
LONGEST_NAME = 64

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    """SQLite gives timestamps back without their zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def folded_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def role_of(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise BikvaError("web.user.role_unknown", role=printable(value, 40),
                         roles=", ".join(r.value for r in Role)) from None


# --- accounts -----------------------------------------------------------------------------------


def add_account(session: Session, ev: OpenEvaluation, name: str, role: str, password: str,
                levels: list[str] | None = None) -> WebAccount:
    shown = " ".join(name.split())
    if not shown or len(shown) > LONGEST_NAME or not shown.isprintable():
        raise BikvaError("web.user.name_invalid", name=printable(name, 40), longest=LONGEST_NAME)
    chosen = role_of(role)
    if len(password) < SHORTEST_PASSWORD:
        raise BikvaError("web.user.password_short", shortest=SHORTEST_PASSWORD)
    if find_account(session, ev, shown) is not None:
        raise BikvaError("web.user.exists", name=printable(shown, 40))
    keys = [ev.level(level).key for level in (levels or [])]
    if keys and chosen != Role.INTERVIEWER:
        raise BikvaError("web.user.levels_only_interviewer")
    account = WebAccount(evaluation_id=ev.id, name=shown, role=chosen, password_hash=_hasher.hash(password),
                         levels=keys)
    session.add(account)
    session.flush()
    # The account's name is the evaluator's choice of login, not a participant: it may be logged.
    audit.record(session, ev.id, "user_add", f"user {account.id}", role=chosen.value, levels=keys)
    return account


def find_account(session: Session, ev: OpenEvaluation, name: str) -> WebAccount | None:
    wanted = folded_name(name)
    for account in accounts_of(session, ev):
        if folded_name(account.name) == wanted:
            return account
    return None


def accounts_of(session: Session, ev: OpenEvaluation) -> list[WebAccount]:
    return list(session.exec(select(WebAccount).where(WebAccount.evaluation_id == ev.id).order_by(WebAccount.name)))


def remove_account(session: Session, ev: OpenEvaluation, name: str) -> WebAccount:
    account = find_account(session, ev, name)
    if account is None:
        raise BikvaError("web.user.unknown", name=printable(name, 40))
    session.exec(delete(WebSession).where(WebSession.account_id == account.id))
    session.delete(account)
    audit.record(session, ev.id, "user_remove", f"user {account.id}", role=account.role.value)
    return account


# --- logging in ---------------------------------------------------------------------------------


def wait_before_login(session: Session, ev: OpenEvaluation, name: str, address: str) -> int:
    """Seconds this name or address must still wait before another attempt (0: none)."""
    since = _now() - WINDOW
    longest = timedelta(0)
    for column, value in ((WebLoginFailure.name, folded_name(name)), (WebLoginFailure.address, address)):
        count, last = session.exec(
            select(func.count(), func.max(WebLoginFailure.at))
            .where(WebLoginFailure.evaluation_id == ev.id, column == value, WebLoginFailure.at >= since)
        ).one()
        if count >= FREE_FAILURES and last is not None:
            wait = min(timedelta(seconds=2 ** (count - FREE_FAILURES + 1)), LONGEST_WAIT)
            longest = max(longest, _aware(last) + wait - _now())
    return max(0, int(longest.total_seconds() + 0.999))


@dataclass(frozen=True)
class Login:
    token: str  # for the browser's cookie; only its hash is stored
    account: WebAccount
    csrf_token: str


def log_in(session: Session, ev: OpenEvaluation, name: str, password: str, address: str) -> Login | BikvaError:
    """A new session for the account, or the refusal: unknown name and wrong password read the
    same. The refusal is returned, not raised, so the failure it records is committed with the
    transaction rather than rolled back."""
    wait = wait_before_login(session, ev, name, address)
    if wait:
        return BikvaError("web.login.wait", seconds=wait)
    account = find_account(session, ev, name)
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
        if account is None:
            raise VerificationError()
    except (VerificationError, InvalidHashError):
        session.add(WebLoginFailure(evaluation_id=ev.id, name=folded_name(name)[:LONGEST_NAME * 2],
                                    address=address[:100]))
        return BikvaError("web.login.failed")
    # Old failures of this name end with a correct password; the address keeps its own.
    session.exec(delete(WebLoginFailure).where(WebLoginFailure.evaluation_id == ev.id,
                                               WebLoginFailure.name == folded_name(name)))
    session.exec(delete(WebSession).where(WebSession.expires_at < _now()))
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=token_hash(token), account_id=account.id, csrf_token=csrf,
                           expires_at=_now() + SESSION_LIFETIME))
    return Login(token, account, csrf)


def no_such_evaluation(password: str) -> BikvaError:
    """The refusal for a login to an evaluation a team server does not hold: worded, and as slow,
    as a wrong password, so the login page does not tell which evaluations exist."""
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        pass
    return BikvaError("web.login.failed")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Visitor:
    """Who is logged in, as the pages need it (plain values: usable after the transaction)."""

    account_id: int
    name: str
    role: Role
    levels: tuple[str, ...]
    csrf_token: str


def visitor_of(session: Session, ev: OpenEvaluation, token: str | None) -> Visitor | None:
    """The session's visitor; None for no token, an unknown or expired one. Reads only."""
    if not token or len(token) > 200:
        return None
    found = session.exec(
        select(WebSession, WebAccount).join(WebAccount, WebAccount.id == WebSession.account_id)
        .where(WebSession.token_hash == token_hash(token), WebAccount.evaluation_id == ev.id)
    ).first()
    if found is None or _aware(found[0].expires_at) <= _now():
        return None
    web_session, account = found
    return Visitor(account.id, account.name, account.role, tuple(account.levels), web_session.csrf_token)


def log_out(session: Session, token: str | None) -> None:
    if token:
        session.exec(delete(WebSession).where(WebSession.token_hash == token_hash(token)))


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and secrets.compare_digest(str(given).encode(), str(expected).encode())
