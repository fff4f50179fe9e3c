"""代办: staff register residents without a smartphone and act for them, with consent."""
