"""optout-bot: turn off AI-training and data-sharing settings on social platforms."""

__version__ = "0.1.0"
