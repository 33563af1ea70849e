"""One module per conversation area; each exposes register(app). bot/app.py fixes the order."""
