"""`coach serve`'s bind check: no login on loopback without accounts, refused elsewhere."""

from __future__ import annotations

import ipaddress

from coach.config import Settings
from coach.errors import CoachError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str) -> bool:
    """True when bound to loopback; raises when another address would run without accounts."""
    if is_loopback(host):
        return True
    from coach.auth import user_count
    from coach.store.db import Database

    db = Database(settings.resolved_database_url)
    try:
        with db.session() as session:
            users = user_count(session)
    finally:
        db.dispose()
    if not users:
        raise CoachError(
            f"refusing to serve on {host} without accounts: anyone who can reach it would see "
            "your notes. Create one first with `coach user add YOU@EXAMPLE.ORG`, or bind to "
            "127.0.0.1 for local use without a login", status=400)
    return False
