from django.db import models


class Customer(models.Model):
    first_name = models.CharField(max_length=50)
    last_name = models.CharField(max_length=50)
    display_name = models.CharField(max_length=101, blank=True)
    email = models.EmailField()
    phone_number = models.CharField(max_length=30, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    is_vip = models.BooleanField(default=False)

    def __unicode__(self):
        return u"%s %s" % (self.first_name, self.last_name)


class Ticket(models.Model):
    customer = models.ForeignKey(Customer)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=20, default='open')

    class Meta:
        db_table = 'crm_support_ticket'

    def __unicode__(self):
        return self.subject
