"""What the app keeps besides the index: accounts, approved descriptions and their history, tickets, chat history."""
