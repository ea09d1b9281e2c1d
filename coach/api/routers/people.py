"""/api/people: the people list and each person's brief."""

from __future__ import annotations

from fastapi import APIRouter

from coach.api.deps import CoachDep
from coach.api.errors import NOT_FOUND
from coach.contracts import Brief, PersonSummary

router = APIRouter(tags=["people"])


@router.get("/people", response_model=list[PersonSummary])
def list_people(coach: CoachDep) -> list[PersonSummary]:
    return coach.people()


@router.get("/people/{person_id}/brief", response_model=Brief, responses=NOT_FOUND)
def person_brief(person_id: int, coach: CoachDep) -> Brief:
    return coach.brief_by_id(person_id)
