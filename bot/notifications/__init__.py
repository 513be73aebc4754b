"""Notices the platform sends of its own accord (a case moved on, an appointment is tomorrow, a
document expires soon): received on a signed webhook, kept once per event and chat, held during
quiet hours, sent through the conversation's channel and stored (masked) in its transcript."""
