"""POST /api/v1/triage: the same verdicts as the CLI, for machines holding a `triage` API key."""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import APIRouter

from hustings.auth.access import PlatformActor, allow_api_key
from hustings.auth.scopes import Scope
from hustings.triage.schemas import TriageBatchRequest, TriageBatchResponse
from hustings.triage.service import triage_inputs
from hustings.web import ratelimit

router = APIRouter(prefix="/api/v1", tags=["triage"])

# Per key. Platforms may call once per message, so allow ten calls a second on average; one
# key still cannot monopolise the CPU. HUSTINGS_TRIAGE_API_RATE_LIMIT overrides it (benchmarks).
DEFAULT_RATE_LIMIT = "600/minute"


def rate_limit() -> str:
    return os.environ.get("HUSTINGS_TRIAGE_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


@router.post(
    "/triage",
    response_model=TriageBatchResponse,
    summary="Triage up to 1,000 messages",
    description=(
        "One result per message, in order: abusive, labels, scores, severity, explanation, "
        "the platform rules likely broken and the offences the message may amount to."
    ),
)
def triage_batch(
    body: TriageBatchRequest, actor: Annotated[PlatformActor, allow_api_key(Scope.TRIAGE)]
) -> TriageBatchResponse:
    # A plain def: FastAPI runs it in a worker thread, so CPU-bound scoring never blocks the loop.
    ratelimit.enforce(rate_limit(), "triage-api", actor.label)
    return TriageBatchResponse(results=triage_inputs(body.messages))
