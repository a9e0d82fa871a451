# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Deleting model 'Series'
        db.delete_table('lib_collection')


        # Changing field 'Book.series'
        db.alter_column(u'lib_book', 'series_id', self.gf('django.db.models.fields.IntegerField')(null=True, db_column='series_id'))

    def backwards(self, orm):
        # Adding model 'Series'
        db.create_table('lib_collection', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('title', self.gf('django.db.models.fields.CharField')(max_length=100)),
        ))
        db.send_create_signal(u'lib', ['Series'])


        # Changing field 'Book.series'
        db.alter_column(u'lib_book', 'series_id', self.gf('django.db.models.fields.related.ForeignKey')(to=orm['lib.Series'], null=True))

    models = {
        u'lib.author': {
            'Meta': {'object_name': 'Author'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        },
        u'lib.book': {
            'Meta': {'object_name': 'Book'},
            'author': ('django.db.models.fields.related.ManyToManyField', [], {'to': u"orm['lib.Author']", 'symmetrical': 'False'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'pages': ('django.db.models.fields.IntegerField', [], {'null': 'True'}),
            'series': ('django.db.models.fields.IntegerField', [], {'null': 'True', 'db_column': "'series_id'", 'db_index': 'True'}),
            'tags': ('django.db.models.fields.CharField', [], {'max_length': '200', 'blank': 'True'}),
            'title': ('django.db.models.fields.CharField', [], {'max_length': '200', 'db_index': 'True'})
        },
        u'lib.tag': {
            'Meta': {'object_name': 'Tag', 'db_table': "'lib_label'"},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'unique': 'True', 'max_length': '50'})
        }
    }

    complete_apps = ['lib']