"""An entry of the main navigation. A route module lists its own (`NAV = [NavItem(...)]`); the
app collects them all, ordered by `order`, and shows each to the roles it names."""

from __future__ import annotations

from dataclasses import dataclass

from models.web_account import Role


@dataclass(frozen=True)
class NavItem:
    path: str  # under the app's mount: "/transcripts"
    key: str  # catalogue key of its label: "web.nav.transcripts"
    roles: tuple[Role, ...] = (Role.EVALUATOR,)
    order: int = 50

    def allows(self, role: Role) -> bool:
        return role in self.roles
