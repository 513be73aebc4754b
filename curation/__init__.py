"""Trainers' work on what citizens wrote: the inbox of messages the NLU was unsure about (fed by the
gateway, labelled through the desk's routes), its export into the training data, the comparison of
a candidate model with the current one, and the command line (`python -m curation`)."""
