# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


from lib.models import BookForeignKey


class Migration(SchemaMigration):

    def forwards(self, orm):
        db.add_column('lib_book', 'pages', self.gf('django.db.models.fields.IntegerField')(null=True), keep_default=False)
        db.create_table('lib_book_readers', (
            ('id', models.AutoField(primary_key=True)),
            ('book', BookForeignKey(orm['lib.Book'])),
            ('reader', models.CharField(max_length=50)),
        ))

    def backwards(self, orm):
        db.delete_table('lib_book_readers')
        db.delete_column('lib_book', 'pages')

    models = {
        u'lib.author': {
            'Meta': {'object_name': 'Author'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        },
        u'lib.book': {
            'Meta': {'object_name': 'Book'},
            'author': ('django.db.models.fields.related.ForeignKey', [], {'to': u"orm['lib.Author']", 'null': 'True'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'pages': ('django.db.models.fields.IntegerField', [], {'null': 'True'}),
            'series': ('django.db.models.fields.related.ForeignKey', [], {'to': u"orm['lib.Series']", 'null': 'True'}),
            'tags': ('django.db.models.fields.related.ManyToManyField', [], {'to': u"orm['lib.Tag']", 'symmetrical': 'False'}),
            'title': ('django.db.models.fields.CharField', [], {'max_length': '200', 'db_index': 'True'})
        },
        u'lib.series': {
            'Meta': {'object_name': 'Series', 'db_table': "'lib_collection'"},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'title': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        },
        u'lib.tag': {
            'Meta': {'object_name': 'Tag', 'db_table': "'lib_label'"},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'unique': 'True', 'max_length': '50'})
        }
    }

    complete_apps = ['lib']