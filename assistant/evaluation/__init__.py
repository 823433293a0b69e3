"""Scoring models on labelled sets, with bootstrap confidence intervals: shared by the eval harness and the gate."""
