"""Organizations: users, partner organizations and memberships."""
