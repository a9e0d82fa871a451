from django.db import models


class BookForeignKey(models.ForeignKey):
    """The project's own ForeignKey subclass (used by hand in a migration)."""


class Author(models.Model):
    name = models.CharField(max_length=100)


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        db_table = 'lib_label'


class Series(models.Model):
    title = models.CharField(max_length=100)

    class Meta:
        db_table = 'lib_collection'


class Book(models.Model):
    title = models.CharField(max_length=200, db_index=True)
    author = models.ForeignKey(Author, null=True)
    series = models.ForeignKey(Series, null=True)
    tags = models.CharField(max_length=200, blank=True)
    pages = models.IntegerField(null=True)
