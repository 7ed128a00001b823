"""jukidesk: 住基ネット security-audit desk for a prefecture's or a city's clerk."""

__version__ = "0.1.0"
