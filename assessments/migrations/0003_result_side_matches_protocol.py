"""A sided protocol needs L or R, an unsided one B: enforced by a trigger on PostgreSQL.

A CHECK constraint cannot look at another table, so this is a trigger. The SQLite quick
start relies on the service's validation alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assessments_result_side_check() RETURNS trigger AS $$
DECLARE is_sided boolean;
BEGIN
  SELECT sided INTO is_sided FROM assessments_testprotocol WHERE id = NEW.protocol_id;
  IF is_sided AND NEW.side NOT IN ('L', 'R') THEN
    RAISE EXCEPTION 'sided protocol needs side L or R' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT is_sided AND NEW.side <> 'B' THEN
    RAISE EXCEPTION 'unsided protocol needs side B' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_result_side_check
  BEFORE INSERT OR UPDATE ON assessments_testresult
  FOR EACH ROW EXECUTE FUNCTION assessments_result_side_check();
"""
DROP = """
DROP TRIGGER IF EXISTS assessments_result_side_check ON assessments_testresult;
DROP FUNCTION IF EXISTS assessments_result_side_check();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
