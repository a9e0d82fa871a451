from django.db import models


class BookForeignKey(models.ForeignKey):
    """The project's own ForeignKey subclass (used by hand in a migration)."""


class Author(models.Model):
    name = models.CharField(max_length=100)


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)


class Series(models.Model):
    title = models.CharField(max_length=100)


class Book(models.Model):
    title = models.CharField(max_length=200, db_index=True)
    isbn = models.CharField(max_length=20, blank=True)
    author = models.ForeignKey(Author, null=True)
    series = models.ForeignKey(Series, null=True)
    tags = models.ManyToManyField(Tag)
