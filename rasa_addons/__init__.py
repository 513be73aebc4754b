"""What runs inside the Rasa server besides the NLU components: the masking tracker store,
the REST input channel the gateway talks to, and the erasure and retention endpoints."""
