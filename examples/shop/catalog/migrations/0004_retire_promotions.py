# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Removing unique constraint on 'Product', fields ['brand', 'name']
        db.delete_unique(u'catalog_product', ['brand_id', 'name'])

        # Removing unique constraint on 'Promotion', fields ['name', 'code']
        db.delete_unique(u'catalog_promotion', ['name', 'code'])

        # Deleting model 'Promotion'
        db.delete_table(u'catalog_promotion')

        # Removing M2M table for field products on 'Promotion'
        db.delete_table(db.shorten_name(u'catalog_promotion_products'))

        # Adding field 'ProductImage._order'
        db.add_column(u'catalog_productimage', '_order',
                      self.gf('django.db.models.fields.IntegerField')(default=0),
                      keep_default=False)

        # Deleting field 'Product.weight'
        db.delete_column(u'catalog_product', 'weight')

        # Removing M2M table for field suppliers on 'Product'
        db.delete_table(db.shorten_name(u'catalog_product_suppliers'))

        # Adding unique constraint on 'Product', fields ['brand', 'sku']
        db.create_unique(u'catalog_product', ['brand_id', 'sku'])


    def backwards(self, orm):
        # Removing unique constraint on 'Product', fields ['brand', 'sku']
        db.delete_unique(u'catalog_product', ['brand_id', 'sku'])

        # Adding model 'Promotion'
        db.create_table(u'catalog_promotion', (
            ('code', self.gf('django.db.models.fields.CharField')(max_length=20)),
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('name', self.gf('django.db.models.fields.CharField')(max_length=50)),
        ))
        db.send_create_signal(u'catalog', ['Promotion'])

        # Adding M2M table for field products on 'Promotion'
        m2m_table_name = db.shorten_name(u'catalog_promotion_products')
        db.create_table(m2m_table_name, (
            ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
            ('promotion', models.ForeignKey(orm[u'catalog.promotion'], null=False)),
            ('product', models.ForeignKey(orm[u'catalog.product'], null=False))
        ))
        db.create_unique(m2m_table_name, ['promotion_id', 'product_id'])

        # Adding unique constraint on 'Promotion', fields ['name', 'code']
        db.create_unique(u'catalog_promotion', ['name', 'code'])

        # Deleting field 'ProductImage._order'
        db.delete_column(u'catalog_productimage', '_order')

        # Adding field 'Product.weight'
        db.add_column(u'catalog_product', 'weight',
                      self.gf('django.db.models.fields.IntegerField')(default=0),
                      keep_default=False)

        # Adding M2M table for field suppliers on 'Product'
        m2m_table_name = db.shorten_name(u'catalog_product_suppliers')
        db.create_table(m2m_table_name, (
            ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
            ('product', models.ForeignKey(orm[u'catalog.product'], null=False)),
            ('supplier', models.ForeignKey(orm[u'catalog.supplier'], null=False))
        ))
        db.create_unique(m2m_table_name, ['product_id', 'supplier_id'])

        # Adding unique constraint on 'Product', fields ['brand', 'name']
        db.create_unique(u'catalog_product', ['brand_id', 'name'])


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
            'Meta': {'unique_together': "(('brand', 'sku'),)", 'object_name': 'Product', 'index_together': "[['brand', 'sku']]"},
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