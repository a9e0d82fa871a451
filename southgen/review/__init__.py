"""``southgen review``: one self-contained HTML page to review what fix would write."""
