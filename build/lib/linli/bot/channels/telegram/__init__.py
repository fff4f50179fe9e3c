"""The Telegram channel: one library-neutral core, adapters for aiogram and python-telegram-bot.

Nothing here imports aiogram or telegram at import time: each adapter imports its library
when it is built, so the terminal and the tests that do not need them never pay for it.
"""
