# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Adding model 'Author'
        db.create_table(u'lib_author', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('name', self.gf('django.db.models.fields.CharField')(max_length=100)),
        ))
        db.send_create_signal(u'lib', ['Author'])

        # Adding model 'Tag'
        db.create_table(u'lib_tag', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('name', self.gf('django.db.models.fields.CharField')(unique=True, max_length=50)),
        ))
        db.send_create_signal(u'lib', ['Tag'])

        # Adding model 'Series'
        db.create_table(u'lib_series', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('title', self.gf('django.db.models.fields.CharField')(max_length=100)),
        ))
        db.send_create_signal(u'lib', ['Series'])

        # Adding model 'Book'
        db.create_table(u'lib_book', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('title', self.gf('django.db.models.fields.CharField')(max_length=200)),
            ('isbn', self.gf('django.db.models.fields.CharField')(max_length=20, blank=True)),
            ('author', self.gf('django.db.models.fields.related.ForeignKey')(to=orm['lib.Author'], null=True)),
            ('series', self.gf('django.db.models.fields.related.ForeignKey')(to=orm['lib.Series'], null=True)),
        ))
        db.send_create_signal(u'lib', ['Book'])

        # Adding M2M table for field tags on 'Book'
        m2m_table_name = db.shorten_name(u'lib_book_tags')
        db.create_table(m2m_table_name, (
            ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
            ('book', models.ForeignKey(orm[u'lib.book'], null=False)),
            ('tag', models.ForeignKey(orm[u'lib.tag'], null=False))
        ))
        db.create_unique(m2m_table_name, ['book_id', 'tag_id'])


    def backwards(self, orm):
        # Deleting model 'Author'
        db.delete_table(u'lib_author')

        # Deleting model 'Tag'
        db.delete_table(u'lib_tag')

        # Deleting model 'Series'
        db.delete_table(u'lib_series')

        # Deleting model 'Book'
        db.delete_table(u'lib_book')

        # Removing M2M table for field tags on 'Book'
        db.delete_table(db.shorten_name(u'lib_book_tags'))


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
            'isbn': ('django.db.models.fields.CharField', [], {'max_length': '20', 'blank': 'True'}),
            'series': ('django.db.models.fields.related.ForeignKey', [], {'to': u"orm['lib.Series']", 'null': 'True'}),
            'tags': ('django.db.models.fields.related.ManyToManyField', [], {'to': u"orm['lib.Tag']", 'symmetrical': 'False'}),
            'title': ('django.db.models.fields.CharField', [], {'max_length': '200'})
        },
        u'lib.series': {
            'Meta': {'object_name': 'Series'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'title': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        },
        u'lib.tag': {
            'Meta': {'object_name': 'Tag'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'unique': 'True', 'max_length': '50'})
        }
    }

    complete_apps = ['lib']