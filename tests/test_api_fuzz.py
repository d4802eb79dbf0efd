"""Schemathesis fuzzes every operation of the live OpenAPI schema (issue 8, part 8; decision 75).

The schema is the one the app serves at ``/api/schema/``, loaded through WSGI, so the requests
run in this test's database transaction against the data seeded here. Every operation gets
generated requests, valid (positive) and invalid (negative) ones, from each persona; a share
of them use the keys of rows that exist, so details and their sub-resources answer 200 and
not only 404. Every response must pass the checks below; the test counts the requests.
"""

import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from indicators.models import Assessment, Indicator, Methodology
from organizations.models import ApiToken, Organization
from organizations.services import api_token_create
from plans.models import NationalActionPlan, PlanDocument
from tests.factories import (
    AssessmentFactory,
    CoverageFactory,
    OrganizationFactory,
    scored_assessment,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Generated requests per operation, persona and mode (positive, negative): bounded, so the run
# takes the same time on every machine; hypothesis stops sooner when an operation has fewer
# distinct requests to make.
EXAMPLES = 30
MINIMUM_REQUESTS = 1000
# Any CSRF secret works: Django compares the header with the cookie (32 letters and digits).
CSRF_SECRET = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"
Status = Assessment.Status


@pytest.fixture
def unthrottled(settings):
    """Throttle rates no run reaches: the fuzzer's requests are answered, not 429ed.

    (The run also takes ``memory_cache``: the throttle and Last-Modified entries then cost
    no database round trips, a third of the run's queries.)
    """
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "user": "1000000/min"},
    }


@pytest.fixture
def hypothesis_home(tmp_path):
    """Hypothesis keeps nothing in the checkout: no example database (``database=None``) and
    its caches (constants of the source code) under the test's temporary directory."""
    set_hypothesis_home_dir(tmp_path / "hypothesis")
    yield
    set_hypothesis_home_dir(None)


@pytest.fixture
def app():
    """Django's WSGI application, keeping this test's connection (and its transaction) open.

    Django closes the connection at the end of each request; its test client turns that off
    for the request it serves, this for the whole test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(organization, other_organization):
    """The reference data (countries, sourced plans, indicators, methodology 1.0), plus
    validated, submitted and draft assessments with scores and evidence, sample data, plan
    documents, an unpublished plan and an inactive organization; some URLs are IRIs."""
    other_organization.website = "https://example.org/organisation-société"
    other_organization.save()
    sample = OrganizationFactory(name="Sample Organization", slug="sample-org", is_sample=True)
    OrganizationFactory(name="Closed Organization", slug="closed-org", is_active=False)
    for iso3 in ("GHA", "SEN", "NLD"):
        CoverageFactory(organization=other_organization, country_id=iso3)
    scored_assessment(organization=organization, year=2020)
    scored_assessment(organization=organization, year=2021, status=Status.DRAFT, validated_at=None)
    scored_assessment(organization=organization, year=2022, status=Status.SUBMITTED)
    for year, iso3 in ((2018, "GHA"), (2019, "SEN"), (2022, "NLD")):
        scored_assessment(organization=other_organization, country_id=iso3, year=year)
    draft = scored_assessment(
        organization=other_organization, country_id="SEN", year=2023, status=Status.DRAFT
    )
    draft.values.update(source_url="https://example.org/rapport-année-2023")
    scored_assessment(organization=sample, country_id="NOR", year=2019, is_sample=True)
    AssessmentFactory(organization=organization, year=2023, status=Status.DRAFT)  # no score
    for plan in NationalActionPlan.objects.filter(country_id__in=["NOR", "NLD", "GHA"]):
        PlanDocument.objects.create(plan=plan, title="Plan", url="https://example.org/plan-é.pdf")
    NationalActionPlan.objects.filter(country_id="SEN").update(is_published=False)


def session_of(user) -> dict:
    """The cookies and headers of ``user``'s signed-in browser: session and CSRF token."""
    client = Client()
    client.force_login(user)
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_SECRET},
        "headers": {"X-CSRFToken": CSRF_SECRET},
    }


@pytest.fixture
def personas(editor, admin_user):
    """Who sends the requests: fixed credentials, the rest generated.

    Anonymous requests carry whatever credentials the generator makes up from the schema's
    security schemes (a random session cookie or token), answered as anonymous, 401 or 403.
    The editor also calls with a read-write API token, the way a partner's script does.
    """
    _, secret = api_token_create(user=editor, name="fuzz", scope=ApiToken.Scope.READ_WRITE)
    return {
        "anonymous": {},
        "editor (session)": session_of(editor),
        "editor (token)": {"headers": {"Authorization": f"Bearer {secret}"}},
        "administrator (session)": session_of(admin_user),
    }


def real_keys() -> dict[frozenset, list[dict]]:
    """Path parameters of rows that exist, by the set of parameter names a path takes."""
    plans = NationalActionPlan.objects.published().select_related("country")
    assessments = Assessment.objects.select_related("organization")
    return {
        frozenset({"iso3"}): [{"iso3": iso3} for iso3 in ("NOR", "nld", "GHA", "SEN", "ALB")],
        frozenset({"code"}): [{"code": i.code} for i in Indicator.objects.all()],
        frozenset({"version"}): [{"version": m.version} for m in Methodology.objects.all()],
        frozenset({"slug"}): [{"slug": o.slug} for o in Organization.objects.all()],
        frozenset({"iso3", "key"}): [{"iso3": p.country_id, "key": p.url_key} for p in plans[:20]],
        frozenset({"iso3", "year", "org"}): [
            {"iso3": a.country_id, "year": a.year, "org": a.organization.slug} for a in assessments
        ],
    }


def strategy(operation, mode, persona, keys):
    """Generated requests; for a path with parameters, half of them use existing rows."""
    generated = operation.as_strategy(generation_mode=mode, **persona)
    names = frozenset(p.name for p in operation.path_parameters)
    if not names or names not in keys:
        return generated
    existing = st.sampled_from(keys[names]).flatmap(
        lambda key: operation.as_strategy(generation_mode=mode, path_parameters=key, **persona)
    )
    return st.one_of(generated, existing)


def fuzz(operation, mode, persona, keys, requests):
    """Up to ``EXAMPLES`` generated requests to ``operation``, each response checked."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy(operation, mode, persona, keys))
    def run(case):
        requests[operation.label] = requests.get(operation.label, 0) + 1
        case.call_and_validate(checks=CHECKS)

    run()


def test_every_operation_answers_generated_requests_without_error_and_as_documented(
    app, seeded, personas, unthrottled, hypothesis_home, memory_cache
):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    keys = real_keys()
    operations = [result.ok() for result in schema.get_all_operations()]
    requests = {}
    failures = []
    started = time.monotonic()
    for operation in operations:
        for name, persona in personas.items():
            for mode in GenerationMode:
                try:
                    fuzz(operation, mode, persona, keys, requests)
                except Unsatisfiable:
                    # No request of this mode exists: nothing in a negative request to make
                    # invalid (an operation without parameters, its credentials fixed).
                    assert mode is GenerationMode.NEGATIVE, operation.label
                except (Exception, BaseExceptionGroup) as error:  # every failure at once
                    failures.append(f"{operation.label} as {name}, {mode}:\n{error}")
    elapsed = time.monotonic() - started
    print(f"fuzz: {sum(requests.values())} requests in {elapsed:.0f} s: {requests}")
    assert not failures, "\n\n".join(failures)
    assert {op.label for op in operations} <= set(requests)
    assert sum(requests.values()) >= MINIMUM_REQUESTS
