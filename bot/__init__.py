"""Tongban gateway: carries conversations between chat channels and Rasa."""
