"""English, French and Spanish: complete catalogs, no English left on pages, translated content."""

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, Doctype
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from indicators import scoring, scoring_messages
from indicators.labels import RUBRIC_LABELS, rubric_levels
from indicators.models import Indicator, Methodology
from organizations.models import Membership
from plans.models import Country
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    MembershipFactory,
    OrganizationFactory,
    scored_assessment,
)
from tests.html import form_data, soup

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]
# The same folders `make makemessages` leaves out.
NOT_SOURCE = (".venv", "staticfiles", "node_modules", "test-artifacts", ".git", "media", ".pgdata")
needs_gettext = pytest.mark.skipif(
    shutil.which("msgmerge") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext is not installed (apt-get install gettext)",
)


# --- Reading .po files ----------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    context: str | None = None
    plural: str | None = None
    strings: list[str] = field(default_factory=list)
    fuzzy: bool = False
    where: str = ""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.strings) and all(self.strings) and not self.fuzzy


def read_po(path: Path) -> dict[tuple[str | None, str], Entry]:
    """The catalog's messages (not the header, not obsolete ones), keyed by (context, msgid)."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current, parts = Entry(msgid=""), None, {}
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.fuzzy = "fuzzy" in line
            elif line.startswith("#:"):
                entry.where = entry.where or line[3:].split()[0]
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line
            ):
                current = match.group(1)
                parts[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                parts[current] += ast.literal_eval(line)
        if not parts.get("msgid"):
            continue  # the header, or an obsolete (#~) entry
        entry.msgid = parts["msgid"]
        entry.context = parts.get("msgctxt")
        entry.plural = parts.get("msgid_plural")
        entry.strings = [value for key, value in sorted(parts.items()) if key.startswith("msgstr")]
        entries[entry.key] = entry
    return entries


def catalog(language: str) -> dict[tuple[str | None, str], Entry]:
    return read_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")


# --- The catalogs ---------------------------------------------------------------------------


@needs_gettext
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_catalog_passes_msgfmt_check_with_placeholders_and_plural_forms(language):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@needs_gettext
@pytest.mark.django_db(databases=[])
def test_the_committed_catalogs_are_complete_and_current(tmp_path, monkeypatch):
    """makemessages over a copy of the source yields the committed msgids, all translated."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(*NOT_SOURCE, "__pycache__", "*.mo"),
        symlinks=True,
    )
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command(
            "makemessages",
            locale=TRANSLATED,
            no_obsolete=True,
            ignore_patterns=list(NOT_SOURCE),
            verbosity=0,
        )
    for language in TRANSLATED:
        committed = catalog(language)
        fresh = read_po(source / "locale" / language / "LC_MESSAGES" / "django.po")
        missing = [f"{e.where}: {e.msgid!r}" for key, e in fresh.items() if key not in committed]
        untranslated = [
            f"{e.where}: {e.msgid!r}"
            for e in fresh.values()
            if e.key in committed and not committed[e.key].translated
        ]
        stale = [f"{e.where}: {e.msgid!r}" for key, e in committed.items() if key not in fresh]
        assert not missing, f"{language}: not in the catalog, run make makemessages: {missing}"
        assert not untranslated, f"{language}: empty or fuzzy translations: {untranslated}"
        assert not stale, f"{language}: no longer in the source, run make makemessages: {stale}"


@needs_gettext
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_the_committed_one(language, tmp_path):
    """The .mo the site reads is what `make messages` makes of the committed .po."""
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), "run make messages"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
    assert fresh.read_bytes() == mo.read_bytes(), "run make messages"


def test_the_catalogs_use_the_un_wps_vocabulary():
    french, spanish = catalog("fr"), catalog("es")
    assert french[(None, "national action plan")].strings == ["plan d'action national"]
    assert spanish[(None, "national action plan")].strings == ["plan de acción nacional"]
    home = (None, "National action plans on Women, Peace and Security")
    assert french[home].strings == [
        "Plans d'action nationaux sur les femmes, la paix et la sécurité"
    ]
    assert spanish[home].strings == [
        "Planes de acción nacionales sobre las mujeres, la paz y la seguridad"
    ]
    assert french[(None, "Civil-society organization")].strings == [
        "Organisation de la société civile"
    ]
    assert spanish[(None, "Civil-society organization")].strings == [
        "Organización de la sociedad civil"
    ]


# --- Pages in each language -----------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%%")
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def plain(text: str) -> str:
    """Text as a reader sees it: tags dropped, entities as characters, spaces collapsed."""
    return " ".join(BeautifulSoup(text, "html.parser").get_text().split())


def literal(piece: str) -> str:
    """A regex for the text between two placeholders; a space next to a placeholder stays."""
    words = plain(piece)
    if not words:
        return r"\s*"
    before = r"\s" if piece[:1].isspace() else ""
    after = r"\s" if piece[-1:].isspace() else ""
    return before + re.escape(words) + after


@dataclass(frozen=True)
class EnglishLeft:
    """The English UI strings whose translation into one language differs from the English."""

    exact: frozenset[str]
    patterns: re.Pattern  # one alternative per message with placeholders, named m0, m1…
    pattern_msgids: tuple[str, ...]

    @classmethod
    def of(cls, language: str) -> "EnglishLeft":
        exact, patterns = set(), []
        for entry in catalog(language).values():
            english = [entry.msgid] + ([entry.plural] if entry.plural else [])
            for number, msgid in enumerate(english):
                translated = entry.strings[min(number, len(entry.strings) - 1)]
                if plain(msgid) == plain(translated):
                    continue  # "Plan", "API", "Code"…: the same word in this language
                if not PLACEHOLDER.search(msgid):
                    exact.add(plain(msgid))
                    continue
                pieces = PLACEHOLDER.split(msgid)[::2]  # the literal text between placeholders
                if sum(c.isalpha() for c in "".join(pieces)) < 6:
                    continue  # "%(c)s: %(p)s" would match any data
                patterns.append((".+?".join(literal(piece) for piece in pieces), msgid))
        alternatives = "|".join(f"(?P<m{i}>{regex})" for i, (regex, _msgid) in enumerate(patterns))
        # An English msgid that is also a translation in this language (as it is, or with a
        # capital as |capfirst shows it) is that language's word, not a leftover: "Note" is
        # French for the component kind "rating".
        translations = {
            shown
            for entry in catalog(language).values()
            for text in entry.strings
            for shown in (plain(text), plain(text)[:1].upper() + plain(text)[1:])
        }
        return cls(
            frozenset(exact - translations),
            re.compile(rf"^(?:{alternatives})$"),
            tuple(msgid for _regex, msgid in patterns),
        )

    def find(self, text: str) -> str | None:
        text = " ".join(text.split())
        if not text or len(text) > 1500:  # longer than any message with its values
            return None
        if text in self.exact:
            return text
        match = self.patterns.match(text)
        return self.pattern_msgids[int(match.lastgroup[1:])] if match else None


def untranslated_strings(html: BeautifulSoup, language: str, english: EnglishLeft) -> list[str]:
    """Text nodes, elements' whole text and labelling attributes still in English."""

    def own_language(node) -> bool:
        element = node if getattr(node, "attrs", None) is not None else node.parent
        marked = element if element.has_attr("lang") else element.find_parent(attrs={"lang": True})
        return marked is None or marked["lang"].split("-")[0] == language

    found = []
    for node in html.find_all(string=True):
        if isinstance(node, Comment | Doctype) or node.find_parent(["script", "style", "code"]):
            continue
        if own_language(node) and (msgid := english.find(str(node))):
            found.append(f"text {msgid!r}")
    for element in html.find_all(True):
        if element.name in ("script", "style", "code", "html", "head", "body"):
            continue
        if not own_language(element):
            continue
        mixed = element.find(["code", "script"]) or element.find(attrs={"lang": True})
        if not mixed and (msgid := english.find(element.get_text())):
            found.append(f"<{element.name}> {msgid!r}")
        for attribute in ATTRIBUTES:
            if element.has_attr(attribute) and (msgid := english.find(element[attribute])):
                found.append(f"{attribute}= {msgid!r}")
        is_button = element.name == "input" and element.get("type") in ("submit", "button")
        if is_button and (msgid := english.find(element.get("value", ""))):
            found.append(f"value= {msgid!r}")
    return sorted(set(found))


@pytest.fixture
def site_data(organization, other_organization, editor, reviewer, admin_user):
    """A validated scorecard, a sample one, two organizations on one year, and work to review."""
    scored_assessment(organization=organization, year=2021)
    scored_assessment(organization=organization, year=2022, is_sample=True)
    scored_assessment(organization=other_organization, year=2022)
    submitted = scored_assessment(
        organization=organization, year=2023, status="submitted", validated_at=None
    )
    submitted.submitted_by = editor
    submitted.save(update_fields=["submitted_by"])
    AssessmentFactory(organization=organization, year=2024, status="draft", validated_at=None)
    netherlands = Country.objects.get(iso3="NLD")
    for generation, year in ((2, 2014), (3, 2018)):
        plan = netherlands.plans.get(generation=generation)
        scored_assessment(organization=organization, country=netherlands, plan=plan, year=year)
    return {"editor": editor, "reviewer": reviewer, "admin": admin_user}


PUBLIC_PAGES = [
    "/",
    "/countries/",
    "/countries/?region=Europe&has_plan=true",
    "/countries/?has_plan=maybe",
    "/countries/?sort=-overall&band=low&year=2021",
    "/countries/?nap_status=none&region=Europe&page=99",
    "/countries/NOR/",
    "/countries/NLD/",
    "/countries/NLD/plans/3/",
    "/countries/ARM/plans/adopted-2019/",
    "/countries/NLD/plans/3/compare/",
    "/countries/NLD/plans/3/compare/?with=1",
    "/countries/NLD/plans/1/compare/",
    "/countries/NLD/2018/owning-org/",
    "/countries/NOR/2022/",
    "/countries/NOR/2021/owning-org/",
    "/countries/NOR/2022/owning-org/",
    "/methodology/",
    "/indicators/",
    "/indicators/WC01/",
    "/indicators/WC06/",
    "/indicators/WC08/?sort=name",
    "/indicators/WC10/?sort=bogus",
    "/compare/",
    "/compare/?c=NOR&c=NLD",
    "/compare/?c=NOR&c=SWE&c=NLD",
    "/compare/?c=NOR&c=XYZ&c=NOR",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/api/docs/",
]
EDITOR_PAGES = [
    "/entry/",
    "/entry/assessments/new/",
    "/entry/assessments/NOR/2024/owning-org/",
    "/entry/assessments/NOR/2024/owning-org/history/",
    "/entry/plans/NOR/new/",
    "/entry/import/",
    "/accounts/password_change/",
    "/accounts/tokens/",
]
REVIEWER_PAGES = ["/review/", "/review/NOR/2023/owning-org/"]
ADMIN_PAGES = [
    "/admin/",
    "/admin/indicators/indicator/",
    "/admin/indicators/methodology/",
    "/admin/indicators/assessment/",
    "/admin/plans/nationalactionplan/",
    "/admin/organizations/organization/",
    "/admin/organizations/apitoken/",
]


def rendered(client, url: str, language: str, status: int = 200, shown_in=None) -> BeautifulSoup:
    """The page as a browser asking for ``language`` gets it, in ``shown_in`` (that language)."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, follow=True)
    html = soup(response, status)
    assert html.html["lang"] == (shown_in or language), url
    return html


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_each_language_with_html_lang_and_no_english_ui_string_left(
    client, site_data, language
):
    english = EnglishLeft.of(language) if language in TRANSLATED else None
    pages = [(None, url, 200) for url in PUBLIC_PAGES] + [(None, "/countries/XYZ/", 404)]
    pages += [("editor", url, 200) for url in EDITOR_PAGES]
    pages += [("reviewer", url, 200) for url in REVIEWER_PAGES]
    indicator = Indicator.objects.get(code="WC08").pk
    method = Methodology.objects.get(version="1.0").pk
    pages += [("admin", url, 200) for url in ADMIN_PAGES]
    pages += [
        ("admin", f"/admin/indicators/indicator/{indicator}/change/", 200),
        ("admin", f"/admin/indicators/methodology/{method}/change/", 200),
    ]
    problems = {}
    signed_in = None
    for persona, url, status in pages:
        if persona != signed_in:
            client.logout()
            if persona:
                client.force_login(site_data[persona])
            signed_in = persona
        html = rendered(client, url, language, status)
        if english and (left := untranslated_strings(html, language, english)):
            problems[url] = left
    assert not problems


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_untranslated_string_check_finds_english_left_on_a_page(language):
    english = EnglishLeft.of(language)
    with translation.override(language):
        page = BeautifulSoup(
            f'<html lang="{language}"><body><h1>{translation.gettext("Countries")}</h1>'
            '<p>Page 2 of 7</p><button aria-label="Main">x</button>'
            '<select><option lang="en">English</option></select><code>components</code>'
            "<p>Scores follow the civil-society <strong>Women Count</strong> indicators of the "
            "Global Network of Women Peacebuilders (GNWP), as implemented by this project.</p>"
            "</body></html>",
            "html.parser",
        )
    assert untranslated_strings(page, language, english) == [
        "<p> 'Page %(n)s of %(total)s'",
        "<p> 'Scores follow the civil-society Women Count indicators of the Global Network of "
        "Women Peacebuilders (GNWP), as implemented by this project.'",
        "aria-label= 'Main'",
        "text 'Page %(n)s of %(total)s'",
    ]


# --- The language switcher ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_language_switcher_post_sets_the_language_and_redirects_back_to_the_page(
    client, language
):
    page = "/countries/?region=Europe"
    data = form_data(client.get(page), "form.language-switcher")
    assert data["next"] == page
    data["language"] = language
    response = client.post("/i18n/setlang/", data)
    assert response.status_code == 302
    assert response["Location"] == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    # The cookie wins over the browser's language.
    html = rendered(client, page, "en", shown_in=language)
    selected = html.select_one("#language-select option[selected]")
    assert selected["value"] == language


@pytest.mark.django_db
def test_the_language_switcher_names_each_language_in_that_language(client):
    options = soup(client.get("/")).select("#language-select option")
    assert [(o["value"], o["lang"], o.get_text()) for o in options] == [
        ("en", "en", "English"),
        ("fr", "fr", "Français"),
        ("es", "es", "Español"),
    ]


# --- Scoring's messages -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, expected",
    [
        ("fr", "women doit être un nombre entier ≥ 0 (reçu : -3)."),
        ("es", "women debe ser un número entero ≥ 0 (se recibió -3)."),
        ("en", "women must be a whole number ≥ 0 (got -3)."),
    ],
)
def test_a_score_preview_400_speaks_the_requests_language(client, language, expected):
    body = {
        "methodology": "1.0",
        "indicators": {"WC04": {"components": {"peacekeepers": {"women": -3, "men": 10}}}},
    }
    response = client.post(
        "/api/v1/score-preview/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json()["WC04"]["peacekeepers"]["women"] == [expected]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_scoring_message_has_a_translation_with_the_same_placeholders(language):
    entries = catalog(language)
    for code, template in scoring_messages.TEMPLATES.items():
        translated = entries[(None, template)].strings[0]
        assert translated and translated != template, code
        names = sorted(PLACEHOLDER.findall(template))
        assert sorted(PLACEHOLDER.findall(translated)) == names, code


# --- Content: indicator titles and rating rubrics ----------------------------------------------


def test_the_rubric_labels_are_scorings_english_text_word_for_word():
    with translation.override("en"):
        assert {code: [str(text) for text in texts] for code, texts in RUBRIC_LABELS.items()} == {
            code: list(texts) for code, texts in scoring.RATING_RUBRICS.items()
        }


def test_rubric_levels_are_in_the_active_language():
    with translation.override("fr"):
        assert rubric_levels("WC10")[0] == (0, "aucune")
        assert rubric_levels("WC08")[4] == (4, "dispositions mises en œuvre et suivies")
    with translation.override("es"):
        assert rubric_levels("WC10")[4] == (4, "conocimiento medido mediante una encuesta")
    assert rubric_levels("WC01") == []


@pytest.mark.django_db
def test_every_indicator_has_french_and_spanish_titles_from_the_data_migration():
    for indicator in Indicator.objects.all():
        for language in TRANSLATED:
            texts = indicator.translations[language]
            assert texts["title"] and texts["title"] != indicator.title, indicator.code
            assert texts["short_title"] and texts["short_title"] != indicator.short_title
            assert len(texts["short_title"]) <= 60
    wc06 = Indicator.objects.get(code="WC06")
    with translation.override("fr"):
        assert wc06.localized_title == "Nombre et qualité des lois et politiques sensibles au genre"
    with translation.override("es"):
        assert wc06.localized_short_title == "Leyes con perspectiva de género"
    with translation.override("en"):
        assert wc06.localized_title == wc06.title
    wc08 = Indicator.objects.get(code="WC08")
    with translation.override("fr"):
        assert wc08.localized_description == (
            "Peut être déclaré sans objet en l'absence de processus de justice transitionnelle."
        )
    described = Indicator.objects.exclude(description="")
    assert {i.code for i in described} == {"WC02", "WC04", "WC05", "WC08"}
    for indicator in described:
        assert {indicator.translations[lang]["description"] for lang in TRANSLATED} != {""}


@pytest.mark.django_db
def test_a_missing_or_empty_translation_falls_back_to_the_english_field():
    indicator = Indicator.objects.get(code="WC04")
    indicator.description = "Uniformed women deployed."
    indicator.translations = {"fr": {"title": " ", "short_title": "Maintien de la paix"}}
    assert indicator.localized("title", "fr") == indicator.title
    assert indicator.localized("short_title", "fr") == "Maintien de la paix"
    assert indicator.localized("description", "fr") == "Uniformed women deployed."
    assert indicator.localized("title", "es") == indicator.title
    assert indicator.localized("short_title", "fr-ca") == "Maintien de la paix"
    with pytest.raises(ValueError):
        indicator.localized("code", "fr")


@pytest.mark.django_db
def test_pages_show_indicator_titles_and_rubrics_in_the_readers_language(
    client, organization, editor
):
    scored_assessment(organization=organization, year=2021)
    AssessmentFactory(
        organization=organization,
        year=2024,
        status="draft",
        validated_at=None,
    )
    scorecard = rendered(client, "/countries/NOR/2021/owning-org/", "es")
    rows = [th.get_text(" ", strip=True) for th in scorecard.select("tbody th[scope=row]")]
    assert any(row.startswith("WC06 Número y calidad de las leyes") for row in rows), rows
    methodology = rendered(client, "/methodology/", "fr").get_text(" ")
    assert "Diffusion et connaissance des résolutions 1325 et 1820" in methodology
    assert "connaissance mesurée par une enquête" in methodology
    client.force_login(editor)
    form = rendered(client, "/entry/assessments/NOR/2024/owning-org/", "fr")
    legends = [legend.get_text(" ", strip=True) for legend in form.select("fieldset > legend")]
    assert any(legend.startswith("WC08 Droits des femmes") for legend in legends), legends
    levels = [label.get_text(" ", strip=True) for label in form.select("label")]
    assert "4 — connaissance mesurée par une enquête" in levels


@pytest.mark.django_db
def test_the_score_preview_gets_its_words_from_the_page_in_its_language(
    client, organization, editor
):
    AssessmentFactory(
        organization=organization,
        year=2024,
        status="draft",
        validated_at=None,
    )
    client.force_login(editor)
    box = rendered(client, "/entry/assessments/NOR/2024/owning-org/", "es").select_one(
        "#live-preview"
    )
    assert box["data-w-insufficient_data"] == "datos insuficientes"
    assert box["data-w-prevention_protection"] == "Prevención y protección"
    assert box["data-w-very_low"] == "Muy baja"
    script = (ROOT / "static" / "js" / "score-preview.js").read_text()
    assert 'getAttribute("data-w-" + key)' in script


@pytest.mark.django_db
def test_admins_edit_an_indicators_french_and_spanish_texts_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    indicator = Indicator.objects.get(code="WC02")
    url = f"/admin/indicators/indicator/{indicator.pk}/change/"
    page = soup(client.get(url))
    assert page.select_one("#id_title_fr")["value"] == indicator.translations["fr"]["title"]
    assert "not GNWP wording" in page.get_text()
    data = form_data(client.get(url), "#indicator_form")
    data.update(title_fr="Femmes négociatrices", short_title_es="", description_es="Mediadoras.")
    response = client.post(url, data)
    assert response.status_code == 302, soup(response, response.status_code).select(".errorlist")
    indicator.refresh_from_db()
    assert indicator.translations["fr"]["title"] == "Femmes négociatrices"
    assert indicator.translations["es"] == {
        "title": "Mujeres en los equipos oficiales de negociación y mediación de paz",
        "description": "Mediadoras.",
    }
    with translation.override("es"):
        assert indicator.localized_short_title == indicator.short_title


@pytest.mark.django_db
def test_choice_labels_and_field_names_are_translated(client):
    from indicators.models import Band, Cluster
    from plans.models import NationalActionPlan

    with translation.override("fr"):
        assert str(Band.VERY_LOW.label) == "Très faible"
        assert str(Cluster.PROMOTION.label) == "Promotion d'une perspective de genre"
        assert str(NationalActionPlan._meta.verbose_name) == "plan d'action national"
    with translation.override("es"):
        assert str(Membership.Role.REVIEWER.label) == "Revisor"
        assert str(NationalActionPlan._meta.verbose_name_plural) == "planes de acción nacionales"


def test_the_sign_in_page_speaks_spanish_and_signs_in(client, db):
    MembershipFactory(user__username="ana", organization=OrganizationFactory())
    html = rendered(client, "/accounts/login/", "es")
    assert html.select_one("h1").get_text(strip=True) == "Iniciar sesión"
    assert html.select_one("button[type=submit], input[type=submit]") is not None
    response = client.post(
        "/accounts/login/",
        {"username": "ana", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("language, descending", [("fr", "décroissant"), ("es", "descendente")])
def test_the_country_index_sort_options_are_in_the_readers_language(client, language, descending):
    html = rendered(client, "/countries/", language)
    options = {o["value"]: o.get_text() for o in html.select("select[name=sort] option")}
    assert options["-overall"].endswith(f"({descending})"), options
    assert all("descending" not in label for label in options.values()), options


@pytest.mark.django_db
def test_m49_regions_are_named_in_the_readers_language_but_filter_by_their_stored_name(client):
    profile = rendered(client, "/countries/NLD/", "fr")
    assert "Europe · Europe occidentale" in profile.get_text(" ")
    index = rendered(client, "/countries/?subregion=Western+Africa", "es")
    option = index.select_one("select[name=subregion] option[selected]")
    assert (option["value"], option.get_text()) == ("Western Africa", "África occidental")
    assert option.parent["label"] == "África"
    cells = {td.get_text(strip=True) for td in index.select("td[data-label]")}
    assert "África occidental" in cells and "Western Africa" not in cells


@pytest.mark.django_db
def test_the_methodology_description_is_content_translated_like_the_indicators(client, admin_user):
    method = Methodology.objects.get(version="1.0")
    with translation.override("es"):
        assert method.localized_description.startswith("Método de puntuación Women Count 1.0")
    page = rendered(client, "/methodology/", "fr").get_text(" ")
    assert "Méthode de notation Women Count 1.0 : composantes notées de 0 à 100" in page
    assert method.description not in page
    client.force_login(admin_user)
    url = f"/admin/indicators/methodology/{method.pk}/change/"
    data = form_data(client.get(url), "#methodology_form")
    assert data["description_fr"] == method.translations["fr"]["description"]
    data["description_es"] = ""
    assert client.post(url, data).status_code == 302
    method.refresh_from_db()
    assert set(method.translations) == {"fr"}
    with translation.override("es"):
        assert method.localized_description == method.description
