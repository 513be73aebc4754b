"""What the project declares once and every process reads: the Rasa domain's files (and the intent
registry). Imports nothing of the project, so every package may use it."""
