"""Tongban action server: rasa-sdk custom actions, one module per domain."""
