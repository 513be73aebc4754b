"""The hotline desk: staff accounts, hand-off tickets, the staff console and its API."""
