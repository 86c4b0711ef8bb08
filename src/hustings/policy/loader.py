"""Read the YAML data files and validate them, failing loudly with the file and field at fault.

A knowledge base that is wrong is worse than none: a candidate could be sent to the wrong form.
So the app refuses to start on invalid data (see `checks.py`), and the message names the file
and the field so that whoever edited the data can fix it without reading a traceback.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from hustings.policy.schemas import (
    HarmsFile,
    KnowledgeBase,
    OffencesFile,
    Platform,
    PoliceFile,
    SupportFile,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
Model = TypeVar("Model", bound=BaseModel)


class PolicyDataError(ValueError):
    """The policy data files are missing, unreadable or do not match the schema."""


def _field_path(location: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(top level)"


def _describe(path: Path, root: Path, error: ValidationError) -> str:
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    lines = [f"{name}: {error.error_count()} problem(s)"]
    for item in error.errors():
        lines.append(f"  {name}: field {_field_path(item['loc'])}: {item['msg']}")
    return "\n".join(lines)


def _read(path: Path, root: Path) -> Any:
    name = path.relative_to(root).as_posix()
    if not path.is_file():
        raise PolicyDataError(f"{name}: the file is missing")
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PolicyDataError(f"{name}: not valid YAML: {error}") from error
    if isinstance(content, dict):
        # Top-level keys starting with "_" only hold YAML anchors for reuse within the file.
        content = {key: value for key, value in content.items() if not str(key).startswith("_")}
    return content


def _parse(model: type[Model], path: Path, root: Path, problems: list[str]) -> Model | None:
    try:
        return model.model_validate(_read(path, root))
    except ValidationError as error:
        problems.append(_describe(path, root, error))
    except PolicyDataError as error:
        problems.append(str(error))
    return None


def data_files(root: Path) -> list[Path]:
    """Every file that makes up the knowledge base, in a stable order."""
    fixed = [root / name for name in ("harms.yaml", "offences.yaml", "police.yaml", "support.yaml")]
    return fixed + sorted((root / "platforms").glob("*.yaml"))


def load(root: Path = DATA_DIR) -> KnowledgeBase:
    """Read and validate every data file under `root`; raise PolicyDataError listing problems."""
    problems: list[str] = []
    harms = _parse(HarmsFile, root / "harms.yaml", root, problems)
    offences = _parse(OffencesFile, root / "offences.yaml", root, problems)
    police = _parse(PoliceFile, root / "police.yaml", root, problems)
    support = _parse(SupportFile, root / "support.yaml", root, problems)
    platform_paths = sorted((root / "platforms").glob("*.yaml"))
    if not platform_paths:
        problems.append("platforms/: no platform files found")
    platforms: list[Platform] = []
    for path in platform_paths:
        platform = _parse(Platform, path, root, problems)
        if platform is None:
            continue
        if platform.slug != path.stem:
            problems.append(
                f"platforms/{path.name}: field slug: '{platform.slug}' must match the file name"
            )
        platforms.append(platform)
    if problems or harms is None or offences is None or police is None or support is None:
        raise PolicyDataError("invalid policy data:\n" + "\n".join(problems))
    digest = hashlib.sha256()
    for path in data_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    versions = {
        "harms.yaml": harms.version,
        "offences.yaml": offences.version,
        "police.yaml": police.version,
        "support.yaml": support.version,
        **{f"platforms/{p.slug}.yaml": p.version for p in platforms},
    }
    try:
        return KnowledgeBase(
            harms=harms.harms,
            offences=offences.offences,
            police=police,
            support=support,
            platforms=platforms,
            versions=versions,
            digest=digest.hexdigest()[:16],
        )
    except ValidationError as error:
        details = "; ".join(item["msg"] for item in error.errors())
        raise PolicyDataError(f"invalid policy data across files: {details}") from error
