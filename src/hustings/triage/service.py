"""Triage of messages: the model's scores, raised by rules, turned into labels, a severity, an
explanation and the knowledge base's rules and offences. Every caller (CLI, API, web page, bulk
imports) comes through `triage_texts` or `triage_inputs`, so all of them agree.

Scores of a message that no label flags are then re-ordered by incivility (`_civility_ranked`):
labels, `abusive` and `severity` are decided first and never change, but the highest score of an
unflagged message becomes a civility ranking, so that sorting messages by their highest score
puts rude replies above polite ones as well as abuse above both. Incivility decides one thing: a
weak harassment flag, alone, on a message that reads as civil is dropped
(`hustings.triage.harassment_check`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from hustings.policy.schemas import Language
from hustings.triage import knowledge, rules
from hustings.triage.labels import LABEL_WORDS, LABELS, Label, Severity
from hustings.triage.model import Prepared, TriageModel, default_model, prepare
from hustings.triage.schemas import Explanation, Span, TriageInput, TriageResult

FLAG = 0.5
# Unflagged messages' scores stay below this, so a rounded score never reads as flagged.
CIVILITY_CAP = 0.49
_Row = tuple[np.ndarray, np.ndarray]  # one message's feature indices and values
_MAX_SPANS = 6
_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "i", "im", "am", "is", "are", "was", "were", "be", "been", "you",
        "your", "youre", "u", "we", "our", "they", "them", "their", "he", "she", "him", "her",
        "his", "it", "its", "to", "of", "and", "or", "in", "on", "at", "for", "with", "this",
        "that", "so", "just", "going", "gonna", "will", "ll", "do", "did", "not", "no",
    }
)  # fmt: skip

# A threat aimed at one person (rather than a group) is also harassment of that person; an
# @mention names that person.
_AT_A_PERSON = re.compile(
    r"\b(?:you|your|u|ya|her|him|his|she|he|yourself)\b|(?<![\w.])@\w+", re.IGNORECASE
)


# A time or a place alone ("tomorrow", "at your office") makes a threat urgent only when the
# model is sure it is a threat: campaign talk borrows threats' words ("I'm going to ring your
# office first thing tomorrow" scored 0.53 to 0.65 across retrains), and advice to call 999
# about a phone call is a false alarm that costs trust. On the dev split's templates, every real
# threat made urgent by a time or place alone scored 0.85 or more, and the one false one 0.54
# (0.9 or more, and none, after the next retrain). 0.7 leaves room below the real ones. Death,
# a weapon or an address makes any threat urgent, as before.
IMMEDIACY_ALONE_MIN_SCORE = 0.7


def _is_urgent(scores: dict[Label, float], text: str) -> bool:
    """Whether a message already labelled a threat calls for 999."""
    cues = rules.urgency_cues(text)
    if cues.lethal or cues.located:
        return True
    return cues.immediate and scores[Label.THREAT] >= IMMEDIACY_ALONE_MIN_SCORE


def _severity(labels: list[Label], scores: dict[Label, float], text: str) -> Severity:
    """From labels to one of four severities, most serious first.

    urgent: a threat that also names death, a weapon or an address, or a confident threat
    that names a time or a place (call 999).
    possible_crime: threats, intimidation, doxxing, or hate aimed at a person.
    platform_violation: the rest of what is abusive.
    """
    if not labels:
        return Severity.NONE
    if Label.THREAT in labels and _is_urgent(scores, text):
        return Severity.URGENT
    if {Label.THREAT, Label.INTIMIDATION, Label.PRIVATE_INFORMATION} & set(labels):
        return Severity.POSSIBLE_CRIME
    if Label.HATE in labels and (Label.HARASSMENT in labels or scores[Label.HATE] >= 0.9):
        return Severity.POSSIBLE_CRIME
    if Label.SEXUAL_HARASSMENT in labels and scores[Label.SEXUAL_HARASSMENT] >= 0.9:
        return Severity.POSSIBLE_CRIME
    return Severity.PLATFORM_VIOLATION


def _model_spans(
    model: TriageModel, prepared: Prepared, x_row: _Row, label: Label, text: str
) -> list[Span]:
    """Contiguous runs of words whose n-grams pushed hardest towards `label`."""
    k = LABELS.index(label)
    contrib = model.word_contributions(x_row[0], x_row[1], k)
    if not contrib:
        return []
    per_token = np.zeros(len(prepared.tokens), dtype=np.float64)
    words = prepared.words
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i : i + n])
            weight = contrib.get(gram)
            if not weight or weight <= 0:
                continue
            for j in range(i, i + n):
                src = prepared.word_source[j]
                if src >= 0:
                    per_token[src] += weight / n
    if not per_token.any():
        return []
    cut = max(per_token.max() * 0.35, 0.05)
    weighted: list[tuple[float, Span]] = []
    run: list[int] = []
    for idx in [*range(len(prepared.tokens)), -1]:
        if idx >= 0 and per_token[idx] >= cut and prepared.tokens[idx].is_word:
            run.append(idx)
            continue
        if run and all(prepared.tokens[i].text in _FUNCTION_WORDS for i in run):
            run = []  # "am going" explains nothing to a person
        if run:
            start, end = prepared.tokens[run[0]].start, prepared.tokens[run[-1]].end
            span = Span(start=start, end=end, text=text[start:end], label=label, source="model")
            weighted.append((float(per_token[run].sum()), span))
            run = []
    weighted.sort(key=lambda ws: -ws[0])
    return [span for _, span in weighted[:2]]


def _civility_ranked(scores: dict[Label, float], incivility: float) -> dict[Label, float]:
    """An unflagged message's scores, scaled so that the highest is its incivility ranking.

    Every score is multiplied by the same factor, so the label the message came closest to
    stays the closest, and all stay under CIVILITY_CAP (< 0.5): no decision can change.
    """
    target = CIVILITY_CAP * min(max(incivility, 0.0), 1.0)
    top = max(scores.values())
    if top <= 0.0:
        return dict.fromkeys(scores, target)
    # v / top first: it is at most 1, whereas target / top overflows when top is tiny (5e-324)
    return {label: target * (v / top) for label, v in scores.items()}


def _summary(labels: list[Label], severity: Severity) -> str:
    if not labels:
        return (
            "This does not look like abuse: it may be rude or robust, but it is not aimed at "
            "hurting or frightening a person."
        )
    kinds = ", ".join(LABEL_WORDS[label] for label in labels)
    tail = {
        Severity.URGENT: " It reads as a credible threat to life or of imminent harm: if anyone "
        "is in danger now, call 999.",
        Severity.POSSIBLE_CRIME: " It may be a crime: keep a record and consider reporting it to "
        "the police (101) as well as the platform.",
        Severity.PLATFORM_VIOLATION: " It likely breaks the platform's rules: report it there.",
    }.get(severity, "")
    return f"This looks like {kinds}.{tail}"


def _result(
    model: TriageModel,
    item: TriageInput,
    prepared: Prepared,
    x_row: _Row,
    score_row: np.ndarray,
    incivility: float | None,
    language: Language,
) -> TriageResult:
    text = item.text
    scores = {label: float(score_row[k]) for k, label in enumerate(LABELS)}
    findings = rules.find(text)
    for f in findings:
        scores[f.label] = max(scores[f.label], f.floor)
    if scores[Label.THREAT] >= FLAG and _AT_A_PERSON.search(text):
        scores[Label.HARASSMENT] = max(scores[Label.HARASSMENT], scores[Label.THREAT])
    labels = [label for label in LABELS if scores[label] >= FLAG]
    check = model.harassment_check
    if (
        check is not None
        and incivility is not None
        and check.overrules(labels, scores[Label.HARASSMENT], incivility)
    ):
        labels = []
    severity = _severity(labels, scores, text)
    spans = [
        Span(
            start=f.start,
            end=f.end,
            text=text[f.start : f.end],
            label=f.label,
            source="rule",
            reason=f.reason,
        )
        for f in findings
        if f.label in labels and f.floor >= FLAG
    ]
    for label in labels:
        if not any(s.label == label for s in spans):
            spans.extend(_model_spans(model, prepared, x_row, label, text))
    spans.sort(key=lambda s: (s.start, s.end))
    rule_refs, offences = knowledge.resolve(labels, severity, item.platform, language)
    if not labels and incivility is not None:
        scores = _civility_ranked(scores, incivility)
    return TriageResult(
        id=item.id,
        abusive=bool(labels),
        labels=labels,
        scores={label: round(min(max(v, 0.0), 1.0), 4) for label, v in scores.items()},
        severity=severity,
        explanation=Explanation(summary=_summary(labels, severity), spans=spans[:_MAX_SPANS]),
        rules=rule_refs,
        offences=offences,
    )


def triage_inputs(
    items: Sequence[TriageInput],
    *,
    model: TriageModel | None = None,
    language: Language = "en",
) -> list[TriageResult]:
    """Triage a batch; one result per input, in order (rules and offences in `language`)."""
    if not items:
        return []
    model = model or default_model()
    prepared = [prepare(item.text) for item in items]
    x = model.features(prepared)
    scores = model.scores(model.probabilities(x))
    incivility = model.incivility(x, [item.text for item in items])
    rows = [
        (x.indices[x.indptr[i] : x.indptr[i + 1]], x.data[x.indptr[i] : x.indptr[i + 1]])
        for i in range(len(items))
    ]
    return [
        _result(
            model,
            item,
            prep,
            rows[i],
            scores[i],
            None if incivility is None else float(incivility[i]),
            language,
        )
        for i, (item, prep) in enumerate(zip(items, prepared, strict=True))
    ]


def triage_texts(texts: Sequence[str], *, model: TriageModel | None = None) -> list[TriageResult]:
    """Triage plain texts (ids are their positions)."""
    return triage_inputs([TriageInput(id=i, text=t) for i, t in enumerate(texts)], model=model)
