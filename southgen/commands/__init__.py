"""One module per ``southgen`` sub-command."""
