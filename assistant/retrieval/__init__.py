"""Embeddings, the Chroma store, ingestion and search."""
