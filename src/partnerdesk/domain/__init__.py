"""The office's registers as plain Python: records, enumerations, validation, SDGs.

Nothing in here knows Qt or SQL.
"""
