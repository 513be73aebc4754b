"""Message keys and entity names shared by the components and the dialogue."""

# The normalised text is stored beside TEXT; TEXT stays what the user typed.
NORMALISED_TEXT = "normalised_text"

MESSAGE_LANGUAGE_ENTITY = "message_language"
# The detector's full decision, also put on the parse result for the dialogue.
LANGUAGE_DECISION = "language_detection"

METADATA = "metadata"
METADATA_LANGUAGE_CODE = "language_code"
