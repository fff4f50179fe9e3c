"""The neutral conversation kit: Request in, Reply out, flows, payloads, state, errors."""
