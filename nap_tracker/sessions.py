"""The session engine: Django's database sessions, refusing keys Django never makes.

Django's own engine looks any cookie value of eight or more characters up in
``django_session``; a value with a NUL character (a client can send one as a quoted cookie,
``sessionid="abcdefgh\\000"``) makes PostgreSQL's driver raise ``ValueError`` and every
page and endpoint answer 500. Django makes keys of lower-case ASCII letters and digits
(``VALID_KEY_CHARS``): any other key is no session, as an unknown key is (decision 76).
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= set(VALID_KEY_CHARS)
