"""Assessment.asymmetries: the watch/act groups of the profile, for the roster.

Back-filled from each stored profile as services.profile_asymmetries writes it: largest
asymmetry first, ties in group order. One UPDATE on PostgreSQL (seconds for 100,000 rows);
a Python loop elsewhere (the SQLite quick start has few rows).
"""

from django.db import migrations, models

GROUP_ORDER = ("hip_flexors", "glutes", "hamstrings", "quadriceps", "calves", "core")

BACKFILL_SQL = """
UPDATE assessments_assessment AS a
SET asymmetries = COALESCE(
    (
        SELECT jsonb_agg(
            jsonb_build_object(
                'group', g.key,
                'flag', g.value -> 'asymmetry_flag',
                'pct', g.value -> 'asymmetry_pct',
                'weaker_side', g.value -> 'weaker_side'
            )
            ORDER BY
                COALESCE((g.value ->> 'asymmetry_pct')::double precision, 0) DESC,
                array_position(%s::text[], g.key) NULLS LAST,
                g.key
        )
        FROM jsonb_each(a.profile -> 'groups') AS g
        WHERE jsonb_typeof(g.value) = 'object'
          AND g.value ->> 'asymmetry_flag' IN ('watch', 'act')
    ),
    '[]'::jsonb
)
WHERE jsonb_typeof(a.profile -> 'groups') = 'object'
"""


def asymmetries_from_snapshot(profile) -> list[dict]:
    """The same list from one stored profile dict (the non-PostgreSQL path)."""
    groups = profile.get("groups") if isinstance(profile, dict) else None
    if not isinstance(groups, dict):
        return []
    flagged = [
        {
            "group": code,
            "flag": group["asymmetry_flag"],
            "pct": group.get("asymmetry_pct"),
            "weaker_side": group.get("weaker_side"),
        }
        for code, group in groups.items()
        if isinstance(group, dict) and group.get("asymmetry_flag") in ("watch", "act")
    ]
    order = {code: i for i, code in enumerate(GROUP_ORDER)}
    return sorted(
        flagged, key=lambda a: (-(a["pct"] or 0), order.get(a["group"], len(order)), a["group"])
    )


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL_SQL, params=[list(GROUP_ORDER)])
        return
    Assessment = apps.get_model("assessments", "Assessment")
    changed = []
    for assessment in Assessment.objects.only("id", "profile").iterator(chunk_size=500):
        assessment.asymmetries = asymmetries_from_snapshot(assessment.profile)
        if assessment.asymmetries:
            changed.append(assessment)
    Assessment.objects.bulk_update(changed, ["asymmetries"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_result_side_matches_protocol")]
    operations = [
        migrations.AddField(
            model_name="assessment",
            name="asymmetries",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
