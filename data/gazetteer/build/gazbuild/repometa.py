"""Google Cloud products from the `.repo-metadata.json` files of googleapis' client
libraries (one per library, the same format in google-cloud-python, -node and -rust):

    {"name": "bigquery", "name_pretty": "BigQuery",
     "product_documentation": "https://cloud.google.com/bigquery",
     "api_id": "bigquery.googleapis.com", "language": "rust", ...}

One record per library whose product is a Google Cloud one: documented on
cloud.google.com, or, with no documentation link, filed under `cloud/` in the repository
(the Maps, Shopping, Workspace and Ads APIs are left out). The name is `name_pretty`
without " API", " Admin" or a trailing "(KMS)", with "Google " before it when it lacks it
("Google BigQuery", "Google Cloud Storage", "Google Vertex AI", "Google Compute Engine").
Aliases: "Google Cloud <name>" for a name that does not begin with "Cloud" (Google Cloud
BigQuery, Google Cloud Dataproc), and the name alone only when it is distinctive
(`records.is_distinctive`: BigQuery, AlloyDB, reCAPTCHA Enterprise), never a word
("Storage", "Workflows", "Dataproc" alone is left to its prefixed forms). The URL is the
product's documentation, unless other products give the same page (`records.unshare_urls`:
cloud.google.com/compute/ is Compute Engine's, OS Login's and OS Config's): entries of one
URL are one resource. Every record defers: a name an earlier source gives keeps its entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from .records import Record, clean_name, is_distinctive

_SUFFIX = re.compile(r"\s*(?:\([^()]*\)|\bAPI|\bAdmin)\s*$")  # "Cloud Storage API", "(KMS)"
_CLOUD_HOSTS = frozenset({"cloud.google.com", "docs.cloud.google.com"})


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The product one `.repo-metadata.json` names, if it is a Google Cloud product."""
    try:
        metadata = json.loads(text)
    except ValueError:
        return
    if not isinstance(metadata, dict):
        return
    docs = str(metadata.get("product_documentation") or "").strip()
    url = docs if docs.startswith(("https://", "http://")) else None
    host = urlsplit(url).hostname if url else None
    if not (host in _CLOUD_HOSTS or (url is None and "/cloud/" in f"/{path}")):
        return  # a Maps, Shopping, Workspace or Ads API
    names = product_names(str(metadata.get("name_pretty") or ""))
    if names:
        yield Record(
            name=names[0],
            kind=str(options.get("kind", "tool")),
            path=path,
            url=url,
            aliases=names[1:],
            tags=tuple(options.get("tags") or ()),
            defers=True,
        )


def product_names(pretty: str) -> tuple[str, ...]:
    """(name, *aliases) of one product from its `name_pretty`."""
    bare = clean_name(pretty)
    while (shorter := _SUFFIX.sub("", bare)) != bare:
        bare = shorter
    if not bare or bare.islower():
        return ()
    if "Google" in bare:
        return (bare,)  # "Google Cloud Support", "Oracle Database@Google Cloud"
    names = [f"Google {bare}"]
    if not bare.startswith("Cloud "):
        names.append(f"Google Cloud {bare}")
    if is_distinctive(bare):
        names.append(bare)
    return tuple(names)
