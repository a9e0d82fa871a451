from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)

    def __unicode__(self):
        return self.name


class Order(models.Model):
    customer = models.ForeignKey(Customer)
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, default='pending')
    products = models.ManyToManyField('catalog.Product', through='OrderLine')

    def __unicode__(self):
        return u"Order #%s" % self.pk


class OrderLine(models.Model):
    order = models.ForeignKey(Order, related_name='lines')
    product = models.ForeignKey('catalog.Product')
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    def __unicode__(self):
        return u"%s x %s" % (self.quantity, self.product)
