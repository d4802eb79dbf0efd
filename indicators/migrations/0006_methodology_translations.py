"""Methodology.translations, with French and Spanish versions of method 1.0's description."""

from django.db import migrations, models

# 0003's English description of method 1.0; translated only while it is still that text.
ENGLISH = (
    "Women Count scoring method 1.0: components scored 0-100, indicators as the mean of their "
    "scored components, clusters as the mean of their scored indicators, overall as the "
    "geometric mean of the clusters floored at 1; half-up rounding to one decimal."
)
TRANSLATIONS = {
    "fr": (
        "Méthode de notation Women Count 1.0 : composantes notées de 0 à 100, indicateurs "
        "notés par la moyenne de leurs composantes notées, axes par la moyenne de leurs "
        "indicateurs notés, score global par la moyenne géométrique des axes, chacun ramené "
        "à au moins 1 ; arrondi au dixième, demi vers le haut."
    ),
    "es": (
        "Método de puntuación Women Count 1.0: componentes puntuados de 0 a 100, indicadores "
        "como la media de sus componentes puntuados, ejes como la media de sus indicadores "
        "puntuados, puntuación global como la media geométrica de los ejes con un mínimo de "
        "1; redondeo a un decimal, la mitad hacia arriba."
    ),
}


def fill(apps, schema_editor):
    Methodology = apps.get_model("indicators", "Methodology")
    for methodology in Methodology.objects.filter(version="1.0", description=ENGLISH):
        translations = dict(methodology.translations or {})
        for language, text in TRANSLATIONS.items():
            texts = dict(translations.get(language) or {})
            texts.setdefault("description", text)
            translations[language] = texts
        methodology.translations = translations
        methodology.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_indicator_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="methodology",
            name="translations",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=(
                    'French and Spanish versions of the description: {"fr": {"description": '
                    '…}, "es": {…}}. An empty or missing text shows the English one.'
                ),
                verbose_name="translations",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
