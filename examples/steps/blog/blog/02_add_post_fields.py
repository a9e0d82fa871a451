from django.contrib.auth.models import User
from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=50)
    description = models.TextField(blank=True)

    def __unicode__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=30)

    def __unicode__(self):
        return self.name


class Post(models.Model):
    author = models.ForeignKey(User)
    title = models.CharField(max_length=100)
    subtitle = models.CharField(max_length=200, null=True, blank=True)
    slug = models.SlugField(max_length=100, blank=True)
    status = models.CharField(max_length=10, default='draft')
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    published = models.DateTimeField(null=True, blank=True)
    word_count = models.IntegerField()
    reading_time = models.IntegerField()

    def __unicode__(self):
        return self.title


class Comment(models.Model):
    post = models.ForeignKey(Post)
    name = models.CharField(max_length=50)
    email = models.EmailField()
    text = models.CharField(max_length=500)

    def __unicode__(self):
        return u"%s on %s" % (self.name, self.post)
