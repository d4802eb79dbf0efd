"""Indicator.translations, filled with French and Spanish versions of the eleven working titles.

The English titles are this project's working titles (``wording_verified=False``); these
translations are ours as well. A translation already entered in the admin is kept.
"""

from django.db import migrations, models

TRANSLATIONS = {
    "WC01": {
        "fr": (
            "Indice de participation des femmes à la gouvernance",
            "Participation à la gouvernance",
        ),
        "es": (
            "Índice de participación de las mujeres en la gobernanza",
            "Participación en la gobernanza",
        ),
    },
    "WC02": {
        "fr": (
            "Femmes dans les équipes officielles de négociation et de médiation de paix",
            "Négociations de paix",
        ),
        "es": (
            "Mujeres en los equipos oficiales de negociación y mediación de paz",
            "Negociaciones de paz",
        ),
    },
    "WC03": {
        "fr": (
            "Indice de participation des femmes dans le secteur de la justice et de la sécurité",
            "Secteur de la justice et de la sécurité",
        ),
        "es": (
            "Índice de participación de las mujeres en el sector de la justicia y la seguridad",
            "Sector de la justicia y la seguridad",
        ),
    },
    "WC04": {
        "fr": ("Femmes dans les missions de maintien de la paix", "Maintien de la paix"),
        "es": ("Mujeres en las misiones de mantenimiento de la paz", "Mantenimiento de la paz"),
    },
    "WC05": {
        "fr": (
            "Organisations de la société civile dans les groupes de travail 1325/1820",
            "OSC dans les groupes de travail",
        ),
        "es": (
            "Organizaciones de la sociedad civil en los grupos de trabajo 1325/1820",
            "OSC en los grupos de trabajo",
        ),
    },
    "WC06": {
        "fr": (
            "Nombre et qualité des lois et politiques sensibles au genre",
            "Lois sensibles au genre",
        ),
        "es": (
            "Número y calidad de las leyes y políticas con perspectiva de género",
            "Leyes con perspectiva de género",
        ),
    },
    "WC07": {
        "fr": (
            "Formation militaire et policière intégrant les résolutions 1325/1820, le DIH et "
            "le DIDH",
            "Formation du secteur de la sécurité",
        ),
        "es": (
            "Formación militar y policial que incorpora las resoluciones 1325/1820, el DIH y "
            "el DIDH",
            "Formación del sector de la seguridad",
        ),
    },
    "WC08": {
        "fr": (
            "Droits des femmes dans la justice transitionnelle et les réparations",
            "Justice transitionnelle",
        ),
        "es": (
            "Derechos de las mujeres en la justicia transicional y las reparaciones",
            "Justicia transicional",
        ),
    },
    "WC09": {
        "fr": (
            "Affaires de VSBG signalées, instruites, poursuivies et sanctionnées",
            "Déperdition des affaires de VSBG",
        ),
        "es": (
            "Casos de VSG denunciados, investigados, enjuiciados y sancionados",
            "Casos de VSG en la cadena judicial",
        ),
    },
    "WC10": {
        "fr": (
            "Diffusion et connaissance des résolutions 1325 et 1820",
            "Diffusion des résolutions 1325/1820",
        ),
        "es": (
            "Difusión y conocimiento de las resoluciones 1325 y 1820",
            "Difusión de las resoluciones 1325/1820",
        ),
    },
    "WC11": {
        "fr": (
            "Allocation et décaissement de fonds pour la mise en œuvre de la résolution 1325, "
            "y compris à la société civile",
            "Financement de la résolution 1325",
        ),
        "es": (
            "Asignación y desembolso de fondos para la aplicación de la resolución 1325, "
            "incluida la sociedad civil",
            "Financiación de la resolución 1325",
        ),
    },
}

# The descriptions loaded by 0003 (when an indicator may be not applicable), translated only
# while the English text is still the one loaded there.
DESCRIPTIONS = {
    "WC02": (
        "May be marked not applicable when there is no formal peace process.",
        {
            "fr": "Peut être déclaré sans objet en l'absence de processus de paix officiel.",
            "es": "Puede marcarse como no aplicable cuando no hay ningún proceso de paz oficial.",
        },
    ),
    "WC04": (
        "May be marked not applicable when the country deploys no peacekeepers.",
        {
            "fr": "Peut être déclaré sans objet quand le pays ne déploie aucun personnel de "
            "maintien de la paix.",
            "es": "Puede marcarse como no aplicable cuando el país no despliega personal de "
            "mantenimiento de la paz.",
        },
    ),
    "WC05": (
        "May be marked not applicable when there is no 1325/1820 task force.",
        {
            "fr": "Peut être déclaré sans objet en l'absence de groupe de travail 1325/1820.",
            "es": "Puede marcarse como no aplicable cuando no hay ningún grupo de trabajo "
            "1325/1820.",
        },
    ),
    "WC08": (
        "May be marked not applicable when there is no transitional justice process.",
        {
            "fr": "Peut être déclaré sans objet en l'absence de processus de justice "
            "transitionnelle.",
            "es": "Puede marcarse como no aplicable cuando no hay ningún proceso de justicia "
            "transicional.",
        },
    ),
}


def fill(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.filter(code__in=TRANSLATIONS):
        translations = dict(indicator.translations or {})
        for language, (title, short_title) in TRANSLATIONS[indicator.code].items():
            texts = dict(translations.get(language) or {})
            texts.setdefault("title", title)
            texts.setdefault("short_title", short_title)
            english, descriptions = DESCRIPTIONS.get(indicator.code, ("", {}))
            if english and indicator.description == english:
                texts.setdefault("description", descriptions[language])
            translations[language] = texts
        indicator.translations = translations
        indicator.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="translations",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=(
                    "French and Spanish versions of the title, short title and description, "
                    'keyed by language: {"fr": {"title": …, "short_title": …, "description": '
                    '…}, "es": {…}}. They translate this project\'s working titles and are this '
                    "project's wording too, not GNWP's. An empty or missing text shows the "
                    "English one."
                ),
                verbose_name="translations",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
