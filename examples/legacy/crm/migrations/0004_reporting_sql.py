# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        # Reporting objects that live outside the ORM.
        db.execute("CREATE VIEW crm_open_tickets AS "
                   "SELECT id, customer_id, subject FROM crm_support_ticket WHERE status = 'open'")
        db.execute("CREATE TABLE crm_audit_log ("
                   "id integer PRIMARY KEY, "
                   "ticket_id integer NOT NULL, "
                   "action varchar(20) NOT NULL, "
                   "created timestamp NOT NULL)")

    def backwards(self, orm):
        db.execute("DROP TABLE crm_audit_log")
        db.execute("DROP VIEW crm_open_tickets")

    models = {
        u'crm.customer': {
            'Meta': {'object_name': 'Customer'},
            'created': ('django.db.models.fields.DateTimeField', [], {'auto_now_add': 'True', 'blank': 'True'}),
            'email': ('django.db.models.fields.EmailField', [], {'max_length': '75'}),
            'first_name': ('django.db.models.fields.CharField', [], {'max_length': '50'}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'last_name': ('django.db.models.fields.CharField', [], {'max_length': '50'}),
            'phone_number': ('django.db.models.fields.CharField', [], {'max_length': '30', 'blank': 'True'})
        },
        u'crm.ticket': {
            'Meta': {'object_name': 'Ticket', 'db_table': "'crm_support_ticket'"},
            'body': ('django.db.models.fields.TextField', [], {}),
            'customer': ('django.db.models.fields.related.ForeignKey', [], {'to': u"orm['crm.Customer']"}),
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'status': ('django.db.models.fields.CharField', [], {'default': "'open'", 'max_length': '20'}),
            'subject': ('django.db.models.fields.CharField', [], {'max_length': '200'})
        }
    }

    complete_apps = ['crm']