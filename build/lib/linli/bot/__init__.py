"""The outside of Linli: settings, the composition root, channels, outbox sender, scheduler, CLI."""
