"""REST API of the indicators app."""
