from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()

    def __unicode__(self):
        return self.name


class Order(models.Model):
    customer = models.ForeignKey(Customer)
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, default='new')
    total = models.DecimalField(max_digits=10, decimal_places=2)

    def __unicode__(self):
        return u"Order #%s" % self.pk
