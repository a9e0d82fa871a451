# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Removing unique constraint on 'Product', fields ['brand', 'sku']
        db.delete_unique(u'catalog_product', ['brand_id', 'sku'])

        # Removing index on 'Product', fields ['brand', 'sku']
        db.delete_index(u'catalog_product', ['brand_id', 'sku'])


    def backwards(self, orm):
        # Adding index on 'Product', fields ['brand', 'sku']
        db.create_index(u'catalog_product', ['brand_id', 'sku'])

        # Adding unique constraint on 'Product', fields ['brand', 'sku']
        db.create_unique(u'catalog_product', ['brand_id', 'sku'])


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
            'Meta': {'object_name': 'Product'},
            'accessories': ('django.db.models.fields.related.ManyToManyField', [], {'symmetrical': 'False', 'related_name': "'accessory_for'", 'blank': 'True', 'to': u"orm['catalog.Product']"}),
            'brand': ('django.db.models.fields.related.ForeignKey', [], {'to': u"orm['catalog.Brand']", 'null': 'True', 'blank': 'True'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'}),
            'price': ('django.db.models.fields.DecimalField', [], {'max_digits': '10', 'decimal_places': '2'}),
            'sku': ('django.db.models.fields.CharField', [], {'max_length': '20'}),
            'stockists': ('django.db.models.fields.related.ManyToManyField', [], {'symmetrical': 'False', 'related_name': "'stocked_products'", 'blank': 'True', 'db_table': "'catalog_stockists'", 'to': u"orm['catalog.Supplier']"})
        },
        u'catalog.productimage': {
            'Meta': {'ordering': "(u'_order',)", 'object_name': 'ProductImage'},
            '_order': ('django.db.models.fields.IntegerField', [], {'default': '0'}),
            'caption': ('django.db.models.fields.CharField', [], {'max_length': '200', 'blank': 'True'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'product': ('django.db.models.fields.related.ForeignKey', [], {'related_name': "'images'", 'to': u"orm['catalog.Product']"}),
            'url': ('django.db.models.fields.CharField', [], {'max_length': '200'})
        },
        u'catalog.supplier': {
            'Meta': {'object_name': 'Supplier'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'name': ('django.db.models.fields.CharField', [], {'max_length': '100'})
        }
    }

    complete_apps = ['catalog']