"""The terminal chat (Textual). Importing this package is cheap: no torch, no transformers.

- `settings`: the frozen `ChatConfig` (CLI > environment > settings file > defaults).
- `history`: the SQLite chat history (`HistoryStore`), list/open/delete/export.
- `app`: `make_app(config, bot_factory)`, the Textual application.
- `bench`: window-up, first-reply and later-reply timings.
"""
