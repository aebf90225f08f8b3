"""Migration operations that run raw SQL on PostgreSQL only.

Some invariants (the append-only audit trigger, the no-overlap exclusion constraint)
have no portable form. On SQLite, the embedded default, the model layer and the services
enforce them alone; on PostgreSQL the database enforces them too.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def postgresql_only(forward_sql: str, reverse_sql: str) -> migrations.RunPython:
    def run(sql: str) -> Any:
        def operation(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != "postgresql":
                return
            # A plain cursor: the schema editor would treat '%' in the SQL as a placeholder.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

        return operation

    return migrations.RunPython(run(forward_sql), run(reverse_sql), elidable=False)
