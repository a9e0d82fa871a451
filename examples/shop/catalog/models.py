from django.db import models


class Supplier(models.Model):
    name = models.CharField(max_length=100)

    def __unicode__(self):
        return self.name


class Brand(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        db_table = 'shop_brand'

    def __unicode__(self):
        return self.name


class Product(models.Model):
    brand = models.ForeignKey(Brand, null=True, blank=True)
    name = models.CharField(max_length=100)
    sku = models.CharField(max_length=20)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stockists = models.ManyToManyField(Supplier, blank=True, related_name='stocked_products',
                                       db_table='catalog_stockists')
    accessories = models.ManyToManyField('self', blank=True, symmetrical=False,
                                         related_name='accessory_for')

    def __unicode__(self):
        return self.name


class DigitalProduct(Product):
    download_url = models.URLField()
    file_size = models.PositiveIntegerField(null=True, blank=True)


class ProductImage(models.Model):
    product = models.ForeignKey(Product, related_name='images')
    url = models.CharField(max_length=200)
    caption = models.CharField(max_length=200, blank=True)

    class Meta:
        order_with_respect_to = 'product'

    def __unicode__(self):
        return self.url

