"""Pure text logic of the NLU pipeline: no Rasa types, so tools and tests call it directly."""
