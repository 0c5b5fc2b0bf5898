"""Personal sign-in cards: a printable sheet with each person's one-time link as a QR code."""
