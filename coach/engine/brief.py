"""``build_brief(history, today)``: the offline prep brief = the plan, worded by templates."""

from __future__ import annotations

import datetime as dt

from coach.contracts import Brief
from coach.engine.plan import plan_brief
from coach.history import History
from coach.writer.offline import write_brief


def build_brief(history: History, today: dt.date) -> Brief:
    return write_brief(plan_brief(history, today))
