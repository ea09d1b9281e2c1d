"""The offline engine: thread state, warning signs, focus and meta suggestions, the brief plan.

Works only on ``coach.history`` records (no SQL, HTTP or SMTP) and never on an embedder, so
the same history always gives the same plan.
"""
