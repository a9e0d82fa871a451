# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Adding model 'Brand'
        db.create_table('shop_brand', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('name', self.gf('django.db.models.fields.CharField')(max_length=100)),
        ))
        db.send_create_signal(u'catalog', ['Brand'])

        # Adding field 'Product.brand'
        db.add_column(u'catalog_product', 'brand',
                      self.gf('django.db.models.fields.related.ForeignKey')(to=orm['catalog.Brand'], null=True, blank=True),
                      keep_default=False)

        # Adding M2M table for field stockists on 'Product'
        m2m_table_name = 'catalog_stockists'
        db.create_table(m2m_table_name, (
            ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
            ('product', models.ForeignKey(orm[u'catalog.product'], null=False)),
            ('supplier', models.ForeignKey(orm[u'catalog.supplier'], null=False))
        ))
        db.create_unique(m2m_table_name, ['product_id', 'supplier_id'])

        # Adding M2M table for field accessories on 'Product'
        m2m_table_name = db.shorten_name(u'catalog_product_accessories')
        db.create_table(m2m_table_name, (
            ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
            ('from_product', models.ForeignKey(orm[u'catalog.product'], null=False)),
            ('to_product', models.ForeignKey(orm[u'catalog.product'], null=False))
        ))
        db.create_unique(m2m_table_name, ['from_product_id', 'to_product_id'])

        # Adding unique constraint on 'Product', fields ['brand', 'name']
        db.create_unique(u'catalog_product', ['brand_id', 'name'])


    def backwards(self, orm):
        # Removing unique constraint on 'Product', fields ['brand', 'name']
        db.delete_unique(u'catalog_product', ['brand_id', 'name'])

        # Deleting model 'Brand'
        db.delete_table('shop_brand')

        # Deleting field 'Product.brand'
        db.delete_column(u'catalog_product', 'brand_id')

        # Removing M2M table for field stockists on 'Product'
        db.delete_table('catalog_stockists')

        # Removing M2M table for field accessories on 'Product'
        db.delete_table(db.shorten_name(u'catalog_product_accessories'))


    models = {
        u'catalog.brand': {
            'Meta': {'object_name': 'Brand', 'db_table': "'shop_brand'"},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        },
        u'catalog.product': {
            'Meta': {'unique_together': "(('brand', 'name'),)", 'object_name': 'Product'},
            'accessories': ('django.db.models.fields.related.ManyToManyField', [], {'symmetrical': 'False', 'related_name': "'accessory_for'", 'blank': 'True', 'to': u"orm['catalog.Product']"}),
            'brand': ('django.db.models.fields.related.ForeignKey', [], {'to': u"orm['catalog.Brand']", 'null': 'True', 'blank': 'True'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'}),
            'price': ('django.db.models.fields.DecimalField', [], {'max_digits': '10', 'decimal_places': '2'}),
            'sku': ('django.db.models.fields.CharField', [], {'max_length': '20'}),
            'stockists': ('django.db.models.fields.related.ManyToManyField', [], {'symmetrical': 'False', 'related_name': "'stocked_products'", 'blank': 'True', 'db_table': "'catalog_stockists'", 'to': u"orm['catalog.Supplier']"}),
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