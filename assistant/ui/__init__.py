"""The Chainlit chat: thin, no business rules; everything it shows comes from the agent."""
