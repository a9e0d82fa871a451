# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Adding model 'ProductImage'
        db.create_table(u'catalog_productimage', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('product', self.gf('django.db.models.fields.related.ForeignKey')(related_name='images', to=orm['catalog.Product'])),
            ('url', self.gf('django.db.models.fields.CharField')(max_length=200)),
            ('caption', self.gf('django.db.models.fields.CharField')(max_length=200, blank=True)),
        ))
        db.send_create_signal(u'catalog', ['ProductImage'])

        # Adding model 'DigitalProduct'
        db.create_table(u'catalog_digitalproduct', (
            (u'product_ptr', self.gf('django.db.models.fields.related.OneToOneField')(to=orm['catalog.Product'], unique=True, primary_key=True)),
            ('download_url', self.gf('django.db.models.fields.URLField')(max_length=200)),
            ('file_size', self.gf('django.db.models.fields.PositiveIntegerField')(null=True, blank=True)),
        ))
        db.send_create_signal(u'catalog', ['DigitalProduct'])

        # Adding index on 'Product', fields ['brand', 'sku']
        db.create_index(u'catalog_product', ['brand_id', 'sku'])


    def backwards(self, orm):
        # Removing index on 'Product', fields ['brand', 'sku']
        db.delete_index(u'catalog_product', ['brand_id', 'sku'])

        # Deleting model 'ProductImage'
        db.delete_table(u'catalog_productimage')

        # Deleting model 'DigitalProduct'
        db.delete_table(u'catalog_digitalproduct')


    models = {
        u'catalog.brand': {
            'Meta': {'object_name': 'Brand', 'db_table': "'shop_brand'"},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        },
        u'catalog.digitalproduct': {
            'Meta': {'object_name': 'DigitalProduct', '_ormbases': [u'catalog.Product']},
            'download_url': ('django.db.models.fields.URLField', [], {'max_length': '200'}),
            'file_size': ('django.db.models.fields.PositiveIntegerField', [], {'null': 'True', 'blank': 'True'}),
            u'product_ptr': ('django.db.models.fields.related.OneToOneField', [], {'to': u"orm['catalog.Product']", 'unique': 'True', 'primary_key': 'True'})
        },
        u'catalog.product': {
            'Meta': {'unique_together': "(('brand', 'name'),)", 'object_name': 'Product', 'index_together': "[['brand', 'sku']]"},
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
        u'catalog.productimage': {
            'Meta': {'object_name': 'ProductImage'},
            'caption': ('django.db.models.fields.CharField', [], {'max_length': '200', 'blank': 'True'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'product': ('django.db.models.fields.related.ForeignKey', [], {'related_name': "'images'", 'to': u"orm['catalog.Product']"}),
            'url': ('django.db.models.fields.CharField', [], {'max_length': '200'})
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