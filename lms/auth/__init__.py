"""Sign in, sign out, change password, activation links, roles."""
