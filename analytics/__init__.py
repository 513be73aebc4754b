"""Service analytics: what the chat front door did, from our own stores.

Rasa's events (RabbitMQ in production, the SQLite tracker store in the embedded run) become
aggregate-friendly rows (analytics.recorder); satisfaction ratings are asked by the gateway
(analytics.satisfaction, analytics.questions, analytics.typed_ratings) and stored
(analytics.ratings); one module defines every metric (analytics.metrics), which the desk's
dashboard, its CSV export and `make report` all show."""
