"""Personal data outside the platform: how it is masked in text, in nested values and in log lines.

A library: the gateway, the action server and the Rasa add-ons import it; govapi (the
platform, which keeps the raw values) does not."""
