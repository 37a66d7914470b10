"""AWS services from botocore's service models (boto/botocore): one record per
`botocore/data/<service>/<version>/service-2.json`, from the model's `metadata`:

    {"metadata": {"serviceFullName": "Amazon Simple Storage Service",
                  "serviceAbbreviation": "Amazon S3", "serviceId": "S3", ...},
     "operations": {...}, "shapes": {...}}

The name is the abbreviation when the model gives one that names the service ("Amazon S3",
"AWS STS"; "DynamoDB", "CloudWatch", "Route 53": a distinctive short form of the full
name), else the full name ("AWS Lambda", "AWS Glue"). Aliases: the full name, and each
name without its "Amazon "/"AWS " prefix only when that short form is distinctive
(`records.is_distinctive`: S3, EC2, DynamoDB, SageMaker, EventBridge), never an ordinary
word ("Lambda", "Glue", "Athena", "Batch", "Config", "Shield": those are found only with
their prefix) nor an acronym in capitals (SQS, EMR, IAM). A trailing "(SSM)" is dropped.

Left out: a model whose names are API ids rather than names ("AWSKendraFrontendService",
"AmazonMQ", an abbreviation in lower case such as "kendra"), and a service whose only name
has no vendor prefix and is not distinctive ("Auto Scaling", "Schemas", "Synthetics":
words). The models give no documentation link, so a record has no URL (none is made up).
A service with several API versions is read at its newest (`newest_versions`). Every record
defers: a name an earlier source gives keeps its entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from .records import VENDOR_PREFIX, Record, clean_name, fold, is_distinctive

_GLUED = re.compile(r"^(?:AWS|Amazon)[A-Z]")  # "AWSKendraFrontendService", "AmazonMQ"
_TRAILING_ACRONYM = re.compile(r"\s*\([^()]*\)\s*$")  # "Amazon Simple Systems Manager (SSM)"


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The service one `service-2.json` describes, if it has a name to find it by."""
    try:
        metadata = json.loads(text).get("metadata") or {}
    except (ValueError, AttributeError):
        return
    names = service_names(
        str(metadata.get("serviceFullName") or ""), str(metadata.get("serviceAbbreviation") or "")
    )
    if names:
        yield Record(
            name=names[0],
            kind=str(options.get("kind", "tool")),
            path=path,
            aliases=names[1:],
            tags=tuple(options.get("tags") or ()),
            defers=True,
        )


def service_names(full: str, abbreviation: str) -> tuple[str, ...]:
    """(name, *aliases) of one service, or () when it has no name to be found by."""
    full = _clean(full)
    abbreviation = _clean(abbreviation)
    usable = [n for n in (abbreviation, full) if n and not _GLUED.match(n) and not n.islower()]
    if not usable:
        return ()
    name = usable[-1]  # the full name, unless the abbreviation names the service
    if abbreviation in usable and (
        VENDOR_PREFIX.match(abbreviation)
        or (is_distinctive(abbreviation) and fold(abbreviation) in fold(full))
    ):
        name = abbreviation
    if not VENDOR_PREFIX.match(name) and not is_distinctive(name):
        return ()  # "Auto Scaling", "Schemas": words without their vendor
    spellings = [name, *(n for n in usable if n != name and VENDOR_PREFIX.match(n))]
    for spelling in list(spellings):
        short = VENDOR_PREFIX.sub("", spelling)
        if short != spelling and is_distinctive(short):
            spellings.append(short)
    seen: set[str] = set()
    unique = []
    for spelling in spellings:
        if fold(spelling) not in seen:
            seen.add(fold(spelling))
            unique.append(spelling)
    return tuple(unique)


def _clean(name: str) -> str:
    return clean_name(_TRAILING_ACRONYM.sub("", name))


def newest_versions(records: list[Record]) -> list[Record]:
    """Only the records of each service's newest API version (`<service>/<version>/`:
    versions are dates, so the greatest is the newest)."""
    newest: dict[str, str] = {}
    for record in records:
        service, version = _service_version(record.path)
        newest[service] = max(newest.get(service, ""), version)
    return [
        r for r in records if _service_version(r.path)[1] == newest[_service_version(r.path)[0]]
    ]


def _service_version(path: str) -> tuple[str, str]:
    parts = path.split("/")
    return ("/".join(parts[:-2]), parts[-2]) if len(parts) >= 3 else (path, "")
