"""The staff console at /staff/ (docs/staff.md): accounts, sessions, usage counts, review, reports.

Everything the console keeps lives in tables of the conversation store's SQL
database (``bot.staff.tables``), so that several replicas behind a load
balancer share sessions, lockout counters, counts and the review queue.
"""
