"""Writing many new rows of one model at once: COPY on PostgreSQL, `bulk_create` elsewhere.

`bulk_create` builds one very wide INSERT per batch in Python, which was most of an
import's time on large files. COPY streams the same rows. What it relies on: every model
written here has a client-side primary key (UUID default), so nothing needs to come back
from the database, and a foreign key set through its object has that object's key already
(so bulk_create's re-reading of related objects is skipped). No signal is sent on save;
bulk_create sends none either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

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
    plain = [_is_plain(f) for f in fields]
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row(
                [
                    getattr(obj, f.attname) if is_plain else f.get_db_prep_save(f.pre_save(obj, True), connection)
                    for f, is_plain in zip(fields, plain, strict=True)
                ]
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


# Fields whose Python value psycopg writes as the database expects, so Django's
# per-value preparation (most of the time of a large COPY) can be skipped. Exact classes
# only: a subclass may prepare its value differently. Anything else goes through
# `get_db_prep_save`, and so do automatic dates, which `pre_save` fills in.
_PLAIN_FIELDS = (
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DecimalField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.TextField,
    models.UUIDField,
)


def _is_plain(field: models.Field[Any, Any]) -> bool:
    return (
        type(field) in _PLAIN_FIELDS
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    )
