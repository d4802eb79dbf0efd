"""Views of the public site, one module per page family."""
