"""The team journal: the same records on a PostgreSQL server, shared by the team.

The local SQLite journal stays the record of every action (acknowledged once
committed there); the server receives a copy through the outbox, in order and
idempotently, and is where handovers and the team's figures are read.
"""
