"""Task models: one module per task, each with its input/output schema and its implementations."""
