"""Qt item models over core data (tested without a window)."""
