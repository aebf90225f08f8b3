"""Writing many new rows of one model at once: COPY on PostgreSQL, `bulk_create` elsewhere.

`bulk_create` builds one very wide INSERT per batch in Python, which was most of an
import's time on large files. COPY streams the same rows. What it relies on: every model
written here has a client-side primary key (UUID default), so nothing needs to come back
from the database, and no signal is sent on save (bulk_create sends none either).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, cast

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)


def bulk_insert(model: type[M], objs: Sequence[M]) -> None:
    """Insert `objs` (new instances of `model`) as `bulk_create` would, pre_save included."""
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._default_manager.using(alias).bulk_create(objs)
        return
    opts = model._meta
    fields = list(opts.concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(str, f.column)) for f in fields)
    sql = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            # As bulk_create does: a foreign key set through its object takes that object's key.
            obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
