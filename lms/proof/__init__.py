"""Proof of tiers reached: certificates (PDF, QR), verification codes, Open Badges, transcripts."""
