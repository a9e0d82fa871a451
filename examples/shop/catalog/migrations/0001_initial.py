# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Adding model 'Supplier'
        db.create_table(u'catalog_supplier', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('name', self.gf('django.db.models.fields.CharField')(max_length=100)),
        ))
        db.send_create_signal(u'catalog', ['Supplier'])

        # Adding model 'Product'
        db.create_table(u'catalog_product', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('name', self.gf('django.db.models.fields.CharField')(max_length=100)),
            ('sku', self.gf('django.db.models.fields.CharField')(max_length=20)),
            ('price', self.gf('django.db.models.fields.DecimalField')(max_digits=10, decimal_places=2)),
            ('weight', self.gf('django.db.models.fields.IntegerField')()),
        ))
        db.send_create_signal(u'catalog', ['Product'])

        # Adding M2M table for field suppliers on 'Product'
        m2m_table_name = db.shorten_name(u'catalog_product_suppliers')
        db.create_table(m2m_table_name, (
            ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
            ('product', models.ForeignKey(orm[u'catalog.product'], null=False)),
            ('supplier', models.ForeignKey(orm[u'catalog.supplier'], null=False))
        ))
        db.create_unique(m2m_table_name, ['product_id', 'supplier_id'])

        # Adding model 'Promotion'
        db.create_table(u'catalog_promotion', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('name', self.gf('django.db.models.fields.CharField')(max_length=50)),
            ('code', self.gf('django.db.models.fields.CharField')(max_length=20)),
        ))
        db.send_create_signal(u'catalog', ['Promotion'])

        # Adding unique constraint on 'Promotion', fields ['name', 'code']
        db.create_unique(u'catalog_promotion', ['name', 'code'])

        # Adding M2M table for field products on 'Promotion'
        m2m_table_name = db.shorten_name(u'catalog_promotion_products')
        db.create_table(m2m_table_name, (
            ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
            ('promotion', models.ForeignKey(orm[u'catalog.promotion'], null=False)),
            ('product', models.ForeignKey(orm[u'catalog.product'], null=False))
        ))
        db.create_unique(m2m_table_name, ['promotion_id', 'product_id'])


    def backwards(self, orm):
        # Removing unique constraint on 'Promotion', fields ['name', 'code']
        db.delete_unique(u'catalog_promotion', ['name', 'code'])

        # Deleting model 'Supplier'
        db.delete_table(u'catalog_supplier')

        # Deleting model 'Product'
        db.delete_table(u'catalog_product')

        # Removing M2M table for field suppliers on 'Product'
        db.delete_table(db.shorten_name(u'catalog_product_suppliers'))

        # Deleting model 'Promotion'
        db.delete_table(u'catalog_promotion')

        # Removing M2M table for field products on 'Promotion'
        db.delete_table(db.shorten_name(u'catalog_promotion_products'))


    models = {
        u'catalog.product': {
            'Meta': {'object_name': 'Product'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'}),
            'price': ('django.db.models.fields.DecimalField', [], {'max_digits': '10', 'decimal_places': '2'}),
            'sku': ('django.db.models.fields.CharField', [], {'max_length': '20'}),
            'suppliers': ('django.db.models.fields.related.ManyToManyField', [], {'to': u"orm['catalog.Supplier']", 'symmetrical': 'False', 'blank': 'True'}),
            'weight': ('django.db.models.fields.IntegerField', [], {})
        },
        u'catalog.promotion': {
            'Meta': {'unique_together': "(('name', 'code'),)", 'object_name': 'Promotion'},
            'code': ('django.db.models.fields.CharField', [], {'max_length': '20'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '50'}),
            'products': ('django.db.models.fields.related.ManyToManyField', [], {'to': u"orm['catalog.Product']", 'symmetrical': 'False', 'blank': 'True'})
        },
        u'catalog.supplier': {
            'Meta': {'object_name': 'Supplier'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        }
    }

    complete_apps = ['catalog']