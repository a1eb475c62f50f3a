"""The sided-protocol rule of 0003 on SQLite too (the quick start's database): a sided
protocol needs L or R, an unsided one B. SQLite triggers cannot share a body between
INSERT and UPDATE, hence two."""

from django.db import migrations

CHECK = """
CREATE TRIGGER IF NOT EXISTS assessments_result_side_check_{name}
BEFORE {event} ON assessments_testresult
FOR EACH ROW BEGIN
  SELECT RAISE(ABORT, 'sided protocol needs side L or R')
  WHERE (SELECT sided FROM assessments_testprotocol WHERE id = NEW.protocol_id)
    AND NEW.side NOT IN ('L', 'R');
  SELECT RAISE(ABORT, 'unsided protocol needs side B')
  WHERE NOT (SELECT sided FROM assessments_testprotocol WHERE id = NEW.protocol_id)
    AND NEW.side <> 'B';
END;
"""
EVENTS = ("insert", "update")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for event in EVENTS:
            schema_editor.execute(CHECK.format(name=event, event=event.upper()))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for event in EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS assessments_result_side_check_{event}")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_assessment_asymmetries")]
    operations = [migrations.RunPython(forwards, backwards)]
