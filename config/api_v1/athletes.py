"""GET /athletes (paged, by team, by external id) and GET /athletes/{id}."""

from __future__ import annotations

from ninja import Query, Router

from athletes.selectors_api import athlete_get_for_organization, athlete_list_for_organization
from config.api_v1.schemas import MAX_ID, AthleteOut, AthletePage, ExternalId, Id
from config.api_v1.shapes import READ_ERRORS, athlete_out

router = Router(tags=["athletes"])


@router.get("/athletes", response={200: AthletePage, **READ_ERRORS})
def athlete_list(
    request,
    team_id: Query[Id | None] = None,
    external_id: Query[ExternalId | None] = None,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_ID),
):
    athletes = athlete_list_for_organization(
        request.auth.organization, team_id=team_id, external_id=external_id
    )
    return {
        "count": athletes.count(),
        "limit": limit,
        "offset": offset,
        "items": [athlete_out(a) for a in athletes[offset : offset + limit]],
    }


@router.get("/athletes/{athlete_id}", response={200: AthleteOut, **READ_ERRORS})
def athlete_get(request, athlete_id: Id):
    return athlete_out(
        athlete_get_for_organization(request.auth.organization, athlete_id=athlete_id)
    )
