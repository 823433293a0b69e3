"""Model registry, providers (local, OpenAI-compatible) and artifacts on disk."""
