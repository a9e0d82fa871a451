"""Django 1.x naming rules, all in one place.

Default table names, the column behind a field (``<name>_id`` for foreign
keys), the auto-created M2M join table and its two columns, and which field
classes are relations or carry an index by default.
"""

from __future__ import annotations

RELATED = "django.db.models.fields.related."
FOREIGN_KEY_CLASSES = {RELATED + "ForeignKey", RELATED + "OneToOneField"}
M2M_CLASSES = {RELATED + "ManyToManyField"}
# Fields with no column of their own, which South's autodetector ignores.
VIRTUAL_CLASSES = {
    "django.contrib.contenttypes.generic.GenericRelation",
    "django.contrib.contenttypes.generic.GenericForeignKey",
    "django.contrib.contenttypes.fields.GenericRelation",
    "django.contrib.contenttypes.fields.GenericForeignKey",
}
INDEXED_BY_DEFAULT = FOREIGN_KEY_CLASSES | {"django.db.models.fields.SlugField"}


def default_db_table(app_label: str, object_name: str) -> str:
    return f"{app_label}_{object_name.lower()}"


def is_many_to_many(field_class: str) -> bool:
    return field_class in M2M_CLASSES or field_class.endswith("ManyToManyField")


def is_foreign_key(field_class: str, kwargs: dict[str, str]) -> bool:
    """ForeignKey, OneToOneField and custom subclasses (anything else with ``to=``)."""
    if field_class in FOREIGN_KEY_CLASSES:
        return True
    if is_many_to_many(field_class) or is_virtual(field_class):
        return False
    return "to" in kwargs


def is_virtual(field_class: str) -> bool:
    return field_class in VIRTUAL_CLASSES or field_class.endswith(
        (".GenericRelation", ".GenericForeignKey")
    )


def column_name(field_name: str, field_class: str, kwargs: dict[str, str], db_column: str | None):
    if db_column:
        return db_column
    if is_foreign_key(field_class, kwargs):
        return f"{field_name}_id"
    return field_name


def m2m_auto_table(model_table: str, field_name: str) -> str:
    """The join table's name before ``db.shorten_name`` truncates it per backend."""
    return f"{model_table}_{field_name}"


def m2m_column_stems(from_object_name: str, to_object_name: str) -> tuple[str, str]:
    """The join table's two FK field names; self-references get from_/to_ prefixes."""
    source, target = from_object_name.lower(), to_object_name.lower()
    if source == target:
        return f"from_{source}", f"to_{target}"
    return source, target


# Char-like fields: South restores a blank one that is NOT NULL with '' instead of asking.
CHAR_CLASSES = {
    "django.db.models.fields." + name
    for name in ("CharField", "TextField", "SlugField", "EmailField", "URLField",
                 "CommaSeparatedIntegerField")
}


def model_key_of(reference: str) -> str | None:
    """``"orm['blog.Author']"`` -> ``'blog.author'`` (None if not an orm reference)."""
    for quote in ("'", '"'):
        start = reference.find("orm[" + quote)
        if start != -1:
            end = reference.find(quote, start + 5)
            if end != -1:
                return reference[start + 5: end].lower()
    return None
