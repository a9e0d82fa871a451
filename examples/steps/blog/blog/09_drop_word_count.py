from django.contrib.auth.models import User
from django.contrib.contenttypes import generic
from django.contrib.contenttypes.models import ContentType
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


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType)
    object_id = models.PositiveIntegerField()
    content_object = generic.GenericForeignKey('content_type', 'object_id')
    file = models.CharField(max_length=255)

    def __unicode__(self):
        return self.file


class AuthorProfile(models.Model):
    user = models.OneToOneField(User)
    bio = models.TextField(blank=True)

    class Meta:
        db_table = 'blog_author_profiles'


class Post(models.Model):
    author = models.ForeignKey(User)
    title = models.CharField(max_length=100)
    subtitle = models.CharField(max_length=200, null=True, blank=True)
    slug = models.SlugField(max_length=100, blank=True)
    status = models.CharField(max_length=20, default='pending')
    body = models.TextField(db_column='content')
    created = models.DateTimeField(auto_now_add=True)
    published = models.DateTimeField()
    category = models.ForeignKey(Category, null=True, blank=True)
    parent = models.ForeignKey('self', null=True, blank=True, related_name='children')
    tags = models.ManyToManyField(Tag, blank=True)
    attachments = generic.GenericRelation(Attachment)

    class Meta:
        unique_together = (('author', 'slug'),)

    def __unicode__(self):
        return self.title


class Comment(models.Model):
    post = models.ForeignKey(Post)
    name = models.CharField(max_length=100)
    email = models.EmailField(null=True)
    text = models.TextField()

    def __unicode__(self):
        return u"%s on %s" % (self.name, self.post)


class FeaturedPost(Post):
    class Meta:
        proxy = True


class PostStats(models.Model):
    # A database view maintained outside Django.
    post = models.OneToOneField(Post, primary_key=True)
    comment_count = models.IntegerField()

    class Meta:
        managed = False
        db_table = 'blog_post_stats'
