"""The fine-tuning pipeline: curation, splits, leakage, local training, OpenAI jobs, promotion."""
