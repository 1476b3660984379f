"""CLI commands, one module each, loaded lazily by ``optout_bot.cli`` (no Playwright for --help)."""
