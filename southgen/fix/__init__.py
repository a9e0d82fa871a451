"""``southgen fix``: find a project's South migrations, decide per migration, write."""
