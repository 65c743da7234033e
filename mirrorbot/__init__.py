"""mirrorbot: an emotion-mirroring chatbot."""
__version__ = "0.1.0"
