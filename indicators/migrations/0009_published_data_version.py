"""The version number of the published data and the triggers that keep it (decision 79).

A frozen copy of ``indicators.published_data``'s SQL at the time of writing.
"""

from django.db import migrations

CREATE_SQL = [
    "CREATE TABLE nap_tracker_data_version (id smallint PRIMARY KEY, version bigint NOT NULL)",
    "INSERT INTO nap_tracker_data_version (id, version) VALUES (1, 0)",
    "CREATE FUNCTION nap_tracker_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$\n    BEGIN\n        UPDATE nap_tracker_data_version SET version = version + 1 WHERE id = 1;\n        RETURN NULL;\n    END $$",
    "CREATE TRIGGER plans_country_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plans_country FOR EACH STATEMENT EXECUTE FUNCTION nap_tracker_bump_data_version()",
    "CREATE TRIGGER plans_nationalactionplan_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plans_nationalactionplan FOR EACH STATEMENT EXECUTE FUNCTION nap_tracker_bump_data_version()",
    "CREATE TRIGGER organizations_organization_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations_organization FOR EACH STATEMENT EXECUTE FUNCTION nap_tracker_bump_data_version()",
    "CREATE TRIGGER indicators_methodology_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators_methodology FOR EACH STATEMENT EXECUTE FUNCTION nap_tracker_bump_data_version()",
    "CREATE TRIGGER indicators_assessment_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators_assessment FOR EACH STATEMENT EXECUTE FUNCTION nap_tracker_bump_data_version()",
    "CREATE TRIGGER indicators_assessmentscore_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators_assessmentscore FOR EACH STATEMENT EXECUTE FUNCTION nap_tracker_bump_data_version()",
]
DROP_SQL = [
    "DROP TRIGGER IF EXISTS plans_country_data_version ON plans_country",
    "DROP TRIGGER IF EXISTS plans_nationalactionplan_data_version ON plans_nationalactionplan",
    "DROP TRIGGER IF EXISTS organizations_organization_data_version ON organizations_organization",
    "DROP TRIGGER IF EXISTS indicators_methodology_data_version ON indicators_methodology",
    "DROP TRIGGER IF EXISTS indicators_assessment_data_version ON indicators_assessment",
    "DROP TRIGGER IF EXISTS indicators_assessmentscore_data_version ON indicators_assessmentscore",
    "DROP FUNCTION IF EXISTS nap_tracker_bump_data_version()",
    "DROP TABLE IF EXISTS nap_tracker_data_version",
]


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_assessment_latest_validated_index"),
        ("organizations", "0002_verbose_names"),
        ("plans", "0006_verbose_names"),
    ]

    operations = [migrations.RunSQL(CREATE_SQL, reverse_sql=DROP_SQL)]
