"""Sandbox of Jiangsu's unified government-services platform (苏服办)."""
