"""The product: one package per feature, plus the neutral conversation kit in `kit`.

Nothing here imports a messaging library; channels in `bot/` translate to and from it.
"""
