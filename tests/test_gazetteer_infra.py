"""Cloud services and infrastructure software in the harvested gazetteer (issue #14,
gazetteer): the parsers of botocore's service models (awsservices), googleapis'
`.repo-metadata.json` (repometa) and the CNCF landscape (landscape) on short samples
written here in each source's format, and services the shipped gazetteer now knows, found
in a note written here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import awsservices, landscape, repometa
from gazbuild.records import Record, is_distinctive, unshare_urls


def _service_model(full: str, abbreviation: str | None = None) -> str:
    """A botocore service-2.json, cut down to its metadata and one operation."""
    metadata = {
        "apiVersion": "2006-03-01",
        "endpointPrefix": "example",
        "protocol": "rest-xml",
        "serviceFullName": full,
        "serviceId": "Example",
        "signatureVersion": "v4",
        "uid": "example-2006-03-01",
    }
    if abbreviation:
        metadata["serviceAbbreviation"] = abbreviation
    model = {
        "version": "2.0",
        "metadata": metadata,
        "operations": {"ListThings": {"name": "ListThings", "http": {"method": "GET"}}},
        "shapes": {},
        "documentation": "<p>Example service.</p>",
    }
    return json.dumps(model, indent=2)


def _aws(full: str, abbreviation: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    path = "botocore/data/example/2006-03-01/service-2.json"
    records = awsservices.parse_file(path, _service_model(full, abbreviation), {"kind": "tool"})
    return [(r.name, r.aliases) for r in records]


def test_aws_service_names_and_their_short_forms() -> None:
    assert _aws("Amazon Simple Storage Service", "Amazon S3") == [
        ("Amazon S3", ("Amazon Simple Storage Service", "S3"))
    ]
    assert _aws("Amazon DynamoDB", "DynamoDB") == [("DynamoDB", ("Amazon DynamoDB",))]
    assert _aws("Amazon EventBridge") == [("Amazon EventBridge", ("EventBridge",))]
    assert _aws("Amazon Simple Systems Manager (SSM)", "Amazon SSM") == [
        ("Amazon SSM", ("Amazon Simple Systems Manager",))
    ]
    # a short form that is a word or an acronym of words is found only with its prefix
    assert _aws("AWS Lambda") == [("AWS Lambda", ())]
    assert _aws("AWS Config", "Config Service") == [("AWS Config", ())]
    assert _aws("Amazon Simple Queue Service", "Amazon SQS") == [
        ("Amazon SQS", ("Amazon Simple Queue Service",))
    ]
    assert _aws("AWS IoT") == [("AWS IoT", ())]


def test_aws_models_without_a_name_to_find() -> None:
    assert _aws("AmazonMQ") == []  # an API id, not a name
    assert _aws("AWSKendraFrontendService", "kendra") == []
    assert _aws("Managed Streaming for Kafka", "Kafka") == []  # Apache Kafka's name
    assert _aws("Schemas") == []  # a word without its vendor
    assert _aws("EC2 Image Builder", "imagebuilder") == [("EC2 Image Builder", ())]
    path = "botocore/data/broken/2020-01-01/service-2.json"
    assert list(awsservices.parse_file(path, "{not json", {})) == []


def test_aws_newest_version_of_each_service() -> None:
    old = "botocore/data/dynamodb/2011-12-05/service-2.json"
    new = "botocore/data/dynamodb/2012-08-10/service-2.json"
    other = "botocore/data/s3/2006-03-01/service-2.json"
    records = [
        next(awsservices.parse_file(path, _service_model(full, abbreviation), {}))
        for path, full, abbreviation in (
            (old, "Amazon DynamoDB", None),
            (new, "Amazon DynamoDB", "DynamoDB"),
            (other, "Amazon Simple Storage Service", "Amazon S3"),
        )
    ]
    assert [(r.name, r.path) for r in awsservices.newest_versions(records)] == [
        ("DynamoDB", new),
        ("Amazon S3", other),
    ]
    assert all(r.defers and r.url is None for r in records)


def _metadata(pretty: str, docs: str | None) -> str:
    """A googleapis .repo-metadata.json as the client libraries ship it."""
    metadata = {
        "api_description": "An example product.",
        "api_id": "example.googleapis.com",
        "api_shortname": "example",
        "distribution_name": "google-cloud-example-v1",
        "language": "rust",
        "library_type": "GAPIC_AUTO",
        "name": "example",
        "name_pretty": pretty,
        "release_level": "stable",
        "repo": "googleapis/google-cloud-rust",
    }
    if docs:
        metadata["product_documentation"] = docs
    return json.dumps(metadata, indent=4)


def _gcp(path: str, pretty: str, docs: str | None) -> list[tuple[str, tuple[str, ...], str | None]]:
    records = repometa.parse_file(path, _metadata(pretty, docs), {"kind": "tool"})
    return [(r.name, r.aliases, r.url) for r in records]


def test_google_cloud_products() -> None:
    cloud = "src/generated/cloud/example/v1/.repo-metadata.json"
    assert _gcp("src/generated/cloud/bigquery/v2/.repo-metadata.json", "BigQuery", None) == [
        ("Google BigQuery", ("Google Cloud BigQuery", "BigQuery"), None)
    ]
    docs = "https://cloud.google.com/storage/docs"
    assert _gcp("src/storage/.repo-metadata.json", "Cloud Storage API", docs) == [
        ("Google Cloud Storage", (), docs)
    ]
    docs = "https://cloud.google.com/ai-platform/docs"
    assert _gcp(cloud, "Vertex AI", docs) == [
        ("Google Vertex AI", ("Google Cloud Vertex AI",), docs)
    ]
    docs = "https://cloud.google.com/kms"
    assert _gcp(cloud, "Cloud Key Management Service (KMS)", docs) == [
        ("Google Cloud Key Management Service", (), docs)
    ]
    docs = "https://cloud.google.com/workflows/"
    assert _gcp(cloud, "Workflows", docs) == [
        ("Google Workflows", ("Google Cloud Workflows",), docs)
    ]


def test_google_apis_that_are_not_cloud_products() -> None:
    maps = "src/generated/maps/places/v1/.repo-metadata.json"
    docs = "https://developers.google.com/maps/documentation/places/web-service/"
    assert _gcp(maps, "Places API (New)", docs) == []
    assert _gcp("src/generated/maps/roads/v1op/.repo-metadata.json", "Roads", None) == []
    assert list(repometa.parse_file("x/.repo-metadata.json", "[]", {})) == []


def test_a_page_several_products_share_is_none_of_theirs() -> None:
    bigquery = "https://cloud.google.com/bigquery/"
    run = "https://cloud.google.com/run/docs"
    records = [
        Record("Google BigQuery Reservation", "tool", "a.json", url=bigquery),
        Record("Google Lakehouse", "tool", "b.json", url=bigquery.rstrip("/")),
        Record("Google Cloud Run", "tool", "c.json", url=run),
        Record("Google Cloud Run", "tool", "d.json", url=run),
    ]
    assert [(r.name, r.url) for r in unshare_urls(records)] == [
        ("Google BigQuery Reservation", None),
        ("Google Lakehouse", None),
        ("Google Cloud Run", run),
        ("Google Cloud Run", run),
    ]


LANDSCAPE = """\
# yaml-language-server: $schema=https://example.invalid/data.schema.json

landscape:
  - category:
    name: Orchestration & Management
    subcategories:
      - subcategory:
        name: Service Mesh
        items:
          - item:
            name: Quillmesh
            homepage_url: https://quillmesh.example/
            repo_url: https://github.com/quillmesh/quillmesh
            logo: quillmesh.svg
            project: incubating
          - item:
            name: Envoy
            homepage_url: https://envoy.example/
            repo_url: https://github.com/envoy-example/envoy
            logo: envoy.svg
          - item:
            name: Harbor
            homepage_url: https://harbor.example/
            logo: harbor.svg
      - subcategory:
        name: API Gateway
        items:
          - item:
            name: Zorbit Gateway Cloud
            homepage_url: https://zorbit.example/
            logo: zorbit.svg
          - item:
            name: kiosk
            repo_url: https://github.com/example/kiosk
            logo: kiosk.svg
          - item:
            name: Plexo Policy Agent (PPA)
            homepage_url: https://plexo.example/
            repo_url: https://github.com/plexo/ppa
          - item:
            name: Deck for Kubernetes (Deck8s)
            homepage_url: https://deck8s.example/
  - category:
    name: CNCF Members
    subcategories:
      - subcategory:
        name: Platinum
        items:
          - item:
            name: Plinthcorp
            homepage_url: https://plinthcorp.example/
            logo: plinthcorp.svg
"""


def test_landscape_software_items() -> None:
    options = {"kind": "tool", "categories": ["Orchestration & Management", "Runtime"]}
    records = list(landscape.parse_file("landscape.yml", LANDSCAPE, options))
    assert [(r.name, r.kind, r.url, r.aliases, r.defers) for r in records] == [
        ("Quillmesh", "tool", "https://github.com/quillmesh/quillmesh", (), True),
        ("Zorbit Gateway Cloud", "tool", "https://zorbit.example/", (), True),
        # an aside is an alias only when it is distinctive
        ("Plexo Policy Agent", "tool", "https://github.com/plexo/ppa", (), True),
        ("Deck for Kubernetes", "tool", "https://deck8s.example/", ("Deck8s",), True),
    ]  # Envoy, Harbor and kiosk read as words; the members are not software


def test_distinctive_short_forms() -> None:
    for name in ("S3", "EC2", "DynamoDB", "SageMaker", "CloudWatch", "EventBridge", "BigQuery"):
        assert is_distinctive(name), name
    for name in ("Lambda", "Glue", "Athena", "Batch", "Config", "Shield", "Storage", "SQS", "IoT"):
        assert not is_distinctive(name), name


# --- the shipped gazetteer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def test_cloud_services_are_found_in_a_note(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "# 배포 회고\n\n"
        "학습 데이터는 Amazon S3 버킷에 두고, 집계는 Google BigQuery 에서 돌렸다.\n"
        "서비스 메시는 Linkerd 대신 Istio 를 썼고, 트레이스는 Jaeger 로 본다.\n"
    )
    mentions = mentions_in(tmp_path, "retro.md", text, gazetteer)
    found = [(m.surface, m.target.name, m.target.kind) for m in mentions if m.source == "name"]
    assert found == [
        ("Amazon S3", "Amazon S3", "tool"),
        ("Google BigQuery", "Google BigQuery", "tool"),
        ("Linkerd", "Linkerd", "tool"),
        ("Istio", "Istio", "tool"),
        ("Jaeger", "Jaeger", "tool"),
    ]


def test_lambda_in_prose_is_not_an_aws_service(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "Sorting with a lambda function as the key.\n"
        "Lambda is the learning rate's decay here; lambda = 0.1.\n"
        "The Lambda calculus, and a Glue layer between the two.\n"
    )
    mentions = mentions_in(tmp_path, "prose.md", text, gazetteer)
    assert [m.surface for m in mentions if m.source == "name"] == []
