"""The access matrix of issue 11: every door x every role against one table (table.py)."""
