"""HTTP routes, one blueprint per domain."""
