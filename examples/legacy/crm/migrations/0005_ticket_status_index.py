# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

    def forwards(self, orm):
        db.execute("CREATE INDEX crm_ticket_status_idx ON crm_support_ticket (status)")

    def backwards(self, orm):
        db.execute("DROP INDEX crm_ticket_status_idx")
