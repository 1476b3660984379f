"""One module per platform. Each exports ``FLOW``, an instance of ``optout_bot.flow.Flow``."""
