"""pydantic v2 request models of the five vendor specs, for the sandbox (generated: do not edit)."""
