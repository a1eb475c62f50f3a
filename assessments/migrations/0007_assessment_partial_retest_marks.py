"""Assessment.weakest_carried and .stale_group_count: the roster's partial-retest marks.

Back-filled from each stored profile as athletes.profile_marks.weakest_carried and
services.profile_apply write them (the rule is copied here on plain dicts, so this
migration does not change when the code does). One pass over the snapshots in chunks;
only those with carried results or stale groups are written (assessments recorded before
partial retests have neither).
"""

from django.db import migrations, models


def marks_from_snapshot(profile) -> tuple[dict, int]:
    """(weakest_carried, stale_group_count) of one stored profile dict."""
    if not isinstance(profile, dict):
        return {}, 0
    stale = profile.get("stale_groups") or []
    stale_count = len(stale) if isinstance(stale, list) else 0
    weakest = profile.get("weakest_link")
    groups = profile.get("groups")
    carried = profile.get("carried") or []
    if not weakest or not isinstance(groups, dict) or not isinstance(carried, list):
        return {}, stale_count
    group = groups.get(weakest)
    protocols = group.get("protocols") if isinstance(group, dict) else None
    if not isinstance(protocols, list):
        return {}, stale_count
    dated = {
        (c.get("protocol_code"), c.get("side")): c.get("date")
        for c in carried
        if isinstance(c, dict)
    }
    keys = [(p.get("protocol_code"), p.get("side")) for p in protocols if isinstance(p, dict)]
    dates = [dated[k] for k in keys if k in dated and dated[k]]
    if not dates:
        return {}, stale_count
    return {"dates": sorted(set(dates)), "partly": len(dates) != len(keys)}, stale_count


def backfill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    changed = []
    for assessment in Assessment.objects.only("id", "profile").iterator(chunk_size=500):
        carried, stale = marks_from_snapshot(assessment.profile)
        if carried or stale:
            assessment.weakest_carried, assessment.stale_group_count = carried, stale
            changed.append(assessment)
    Assessment.objects.bulk_update(
        changed, ["weakest_carried", "stale_group_count"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_protocol_kind_outcomes")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="stale_group_count",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="assessment",
            name="weakest_carried",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
