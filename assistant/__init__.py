"""Storefront Assistant: a store's chat assistant with trained task models and evals that prove it works."""

__version__ = "0.1.0"
