"""The WeChat Official Account channel (wechatpy): the callback, passive replies, pushes.

wechatpy is imported only when this channel is built.
"""
