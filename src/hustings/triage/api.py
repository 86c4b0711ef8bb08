"""POST /api/v1/triage: the same verdicts as the CLI, for machines holding a `triage` API key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from hustings.auth.access import PlatformActor, allow_api_key
from hustings.auth.scopes import Scope
from hustings.triage.schemas import TriageBatchRequest, TriageBatchResponse
from hustings.triage.service import triage_inputs
from hustings.web import ratelimit

router = APIRouter(prefix="/api/v1", tags=["triage"])

# Per key; a request may carry up to 1,000 messages, so this is generous for real bulk work
# while stopping one key from monopolising the CPU.
RATE_LIMIT = "120/minute"


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
    ratelimit.enforce(RATE_LIMIT, "triage-api", actor.label)
    return TriageBatchResponse(results=triage_inputs(body.messages))
