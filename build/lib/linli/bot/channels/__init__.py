"""Channel adapters: each turns platform input into a Request and a Reply into platform output."""
