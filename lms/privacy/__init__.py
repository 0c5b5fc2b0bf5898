"""Personal data (GDPR): a learner's own copy of everything, and deleting an account."""
