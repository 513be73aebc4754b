"""The Rasa graph components wired in config.yml, each named after the module of
nlu.text whose logic it runs, and the message helpers they share."""
