"""A version number of the published data, for caching what is computed from it.

A PostgreSQL statement trigger on every table whose rows the public country index shows
(countries, plans, organizations, methodologies, assessments, their scores) adds one to
``nap_tracker_data_version.version`` in the writing transaction, whatever writes (a
service, the admin, ``QuerySet.update()``, a bulk load, raw SQL). Readers see the new
number only once that transaction has committed, so a page computed after reading a version
never predates it: an entry cached under the current version is never stale. Its cost: a
write to those tables holds the one version row until its transaction ends, so such writes
take turns (decision 79).

What is published also changes when a date passes without any write (an embargo ends on
its date, decision 103; a right-of-reply deadline passes, decision 97), so cache keys hold
``today()`` beside the version.
"""

from datetime import UTC, date, datetime

from django.db import connection

TABLE = "nap_tracker_data_version"
TRACKED_TABLES = (
    "plans_country",
    "plans_nationalactionplan",
    "organizations_organization",
    "indicators_methodology",
    "indicators_assessment",
    "indicators_assessmentscore",
)
FUNCTION = "nap_tracker_bump_data_version"

CREATE_SQL = [
    f"CREATE TABLE {TABLE} (id smallint PRIMARY KEY, version bigint NOT NULL)",
    f"INSERT INTO {TABLE} (id, version) VALUES (1, 0)",
    f"""CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {TABLE} SET version = version + 1 WHERE id = 1;
        RETURN NULL;
    END $$""",
    *(
        f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        for table in TRACKED_TABLES
    ),
]
DROP_SQL = [
    *(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}" for table in TRACKED_TABLES),
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def version() -> int:
    """The current version (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {TABLE} WHERE id = 1")  # noqa: S608 - a constant
        return cursor.fetchone()[0]


def today() -> date:
    """Today's date (UTC), part of every key cached under ``version()``: publication also
    changes when an embargo date or a right-of-reply deadline passes, which writes nothing
    (decisions 97 and 103)."""
    return datetime.now(UTC).date()
