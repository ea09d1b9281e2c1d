"""Writers turn a ``BriefPlan`` into a ``Brief``: offline templates here, an LLM elsewhere."""
