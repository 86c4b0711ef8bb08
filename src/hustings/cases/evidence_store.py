"""Evidence files, content-addressed by SHA-256 and never altered once written.

Layout under settings.evidence_dir:

    sha256/ab/cd/<hash>     originals, byte for byte, read-only (0o440)
    display/ab/<hash>.png   metadata-stripped copies people look at (re-creatable, so a cache)
    tmp/                    files being written; a crash can leave one behind, the sweep removes it

A file is written to tmp/, flushed and fsynced, then moved into place with os.replace, so a
reader never sees half a file. The same bytes stored twice are one file (dedupe). Every read
hashes the bytes again, so an altered file is refused rather than shown as evidence.

Files are written before the database commit that refers to them. `track_new_files` removes
the ones this transaction created when it rolls back; a process that dies before either leaves
an orphan, which `sweep_orphans` removes after a grace period.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from hustings.config import get_settings

_SESSION_KEY = "cases_new_evidence_files"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP


class EvidenceCorrupted(Exception):
    """A stored file no longer hashes to its name: it was altered or damaged on disk."""

    def __init__(self, sha256: str, reason: str) -> None:
        super().__init__(f"evidence {sha256[:12]}… {reason}")
        self.sha256 = sha256
        self.reason = reason


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    created: bool  # False when the same bytes were already stored


def root() -> Path:
    return get_settings().evidence_dir


def original_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return root() / "sha256" / sha256[:2] / sha256[2:4] / sha256


def display_path(sha256: str) -> Path:
    return root() / "display" / sha256[:2] / f"{sha256}.png"


def _tmp_dir() -> Path:
    path = root() / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_atomic(target: Path, data: bytes, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=_tmp_dir(), prefix="upload-")
    try:
        with os.fdopen(handle, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def put(data: bytes, *, session: Session | None = None) -> Stored:
    """Store bytes (once); with a session, forget them again if its transaction rolls back."""
    digest = hashlib.sha256(data).hexdigest()
    path = original_path(digest)
    if path.exists():
        os.utime(path)  # fresh again, so the orphan sweep leaves it to the rows now using it
        return Stored(digest, len(data), created=False)
    _write_atomic(path, data, READ_ONLY)
    if session is not None:
        track_new_files(session).add(digest)
    return Stored(digest, len(data), created=True)


def read(sha256: str) -> bytes:
    """The original bytes, checked against their hash; raises EvidenceCorrupted otherwise."""
    path = original_path(sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise EvidenceCorrupted(sha256, "is missing") from error
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceCorrupted(sha256, "does not match its hash (altered or damaged)")
    return data


def exists(sha256: str) -> bool:
    return original_path(sha256).exists()


def remove(sha256: str) -> None:
    """Delete an original and its display copy for real (retention, rollback)."""
    for path in (original_path(sha256), display_path(sha256)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def display_copy(sha256: str) -> bytes:
    """A PNG of the image with every bit of metadata (EXIF, GPS, XMP, ICC) left behind.

    Made from the verified original the first time it is asked for, then cached.
    """
    cached = display_path(sha256)
    if cached.exists():
        return cached.read_bytes()
    from hustings.cases.images import strip_to_png

    png = strip_to_png(read(sha256))
    _write_atomic(cached, png, READ_ONLY | stat.S_IWUSR)
    return png


# ---------------------------------------------------------------- transactions


def track_new_files(session: Session) -> set[str]:
    """Hashes written during the session's current transaction (removed on rollback)."""
    created: set[str] | None = session.info.get(_SESSION_KEY)
    if created is None:
        created = set()
        session.info[_SESSION_KEY] = created
        event.listen(session, "after_commit", _forget)
        event.listen(session, "after_rollback", _remove_uncommitted)
    return created


def _forget(session: Session) -> None:
    session.info.get(_SESSION_KEY, set()).clear()


def _remove_uncommitted(session: Session) -> None:
    created: set[str] = session.info.get(_SESSION_KEY, set())
    for digest in list(created):
        remove(digest)
    created.clear()


# ---------------------------------------------------------------- integrity and orphans


def stored_hashes() -> Iterator[str]:
    base = root() / "sha256"
    if not base.exists():
        return
    for path in base.glob("*/*/*"):
        if path.is_file():
            yield path.name


def verify_all(hashes: Iterable[str]) -> list[EvidenceCorrupted]:
    """Re-hash every given original; the problems found (empty when all are intact)."""
    problems: list[EvidenceCorrupted] = []
    for digest in hashes:
        try:
            _hash_file(original_path(digest), digest)
        except EvidenceCorrupted as problem:
            problems.append(problem)
    return problems


def _hash_file(path: Path, expected: str) -> None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(io.DEFAULT_BUFFER_SIZE * 16), b""):
                digest.update(chunk)
    except FileNotFoundError as error:
        raise EvidenceCorrupted(expected, "is missing") from error
    if digest.hexdigest() != expected:
        raise EvidenceCorrupted(expected, "does not match its hash (altered or damaged)")


def sweep_orphans(referenced: set[str], *, older_than_seconds: float) -> list[str]:
    """Remove files no row refers to (and stale temp files) older than the grace period.

    The grace period protects uploads in flight: their files exist before their rows commit.
    """
    removed: list[str] = []
    cutoff = time.time() - older_than_seconds
    for digest in list(stored_hashes()):
        path = original_path(digest)
        if digest not in referenced and path.stat().st_mtime <= cutoff:
            remove(digest)
            removed.append(digest)
    tmp = root() / "tmp"
    if tmp.exists():
        for path in tmp.iterdir():
            if path.stat().st_mtime <= cutoff:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
    return removed
