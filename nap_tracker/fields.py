"""Serializer fields shared by the API's serializers."""

from django.db import models
from django.utils.encoding import iri_to_uri
from rest_framework import serializers


class URIField(serializers.URLField):
    """A stored URL, answered as a URI (decision 77).

    Django's ``URLField`` accepts IRIs: addresses with non-ASCII characters
    (``https://example.org/café``). The schema says ``format: uri``, which is ASCII only, so
    the API percent-encodes them (RFC 3987 §3.1, ``iri_to_uri``): the same address, which
    every HTTP client can fetch. ASCII URLs are answered unchanged.
    """

    def to_representation(self, value):
        return iri_to_uri(super().to_representation(value))


class URIModelSerializer(serializers.ModelSerializer):
    """A ``ModelSerializer`` whose model ``URLField``s are ``URIField``s."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: URIField,
    }
