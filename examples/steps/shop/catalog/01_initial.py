from django.db import models


class Supplier(models.Model):
    name = models.CharField(max_length=100)

    def __unicode__(self):
        return self.name


class Product(models.Model):
    name = models.CharField(max_length=100)
    sku = models.CharField(max_length=20)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    weight = models.IntegerField()
    suppliers = models.ManyToManyField(Supplier, blank=True)

    def __unicode__(self):
        return self.name


class Promotion(models.Model):
    name = models.CharField(max_length=50)
    code = models.CharField(max_length=20)
    products = models.ManyToManyField(Product, blank=True)

    class Meta:
        unique_together = (('name', 'code'),)

    def __unicode__(self):
        return self.name
