"""`<json list>__has_item=value`: the JSON array holds `value`, on PostgreSQL and SQLite.

Django's JSONField `contains` has no SQLite implementation (it raises NotSupportedError),
and the quick start runs on SQLite. Registered on JSONField in ProgramsConfig.ready.
"""

from django.db.models import JSONField, Lookup
from django.db.models.fields.json import DataContains


@JSONField.register_lookup
class HasItem(Lookup):
    lookup_name = "has_item"
    prepare_rhs = False  # a plain item, not a JSON document

    def as_sql(self, compiler, connection):
        # PostgreSQL: `groups @> '["glutes"]'`, which a GIN index can serve.
        return compiler.compile(DataContains(self.lhs, [self.rhs]))

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) AS item WHERE item.value = {rhs})"
        return sql, (*lhs_params, *rhs_params)
