"""Embeddings and the per-owner FAISS index (a rebuildable cache of the store)."""
