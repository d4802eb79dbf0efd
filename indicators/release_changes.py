"""What a dataset release changed, and how to cite it: pure functions on loaded rows.

``changes(previous, current, reasons)`` compares the API items of the previous release
with those of the new one (``{resource: [item, ...]}``, the JSON items an anonymous client
got) and says what is new: published assessments, corrections (assessments whose item
changed, with the reasons their history gives), assessments no longer published,
methodology versions added and the current one, plans added. ``changes_text`` writes it
in English for the README; the pages render the same dict in the reader's language.

The citation functions format one release's citation as a text line, BibTeX ``@dataset``,
CSL-JSON and ``CITATION.cff``. Standard library only: no Django, no clock, no settings.
"""

import datetime
import json
import re
from urllib.parse import urlsplit

# Link fields never count as a correction: they follow the site's address, not the data.
LINK_FIELDS = frozenset({"url", "scores_url", "page_url", "values_url"})

# How the text summary names an organization published without its name (decision 102).
ANONYMOUS = "(anonymous)"


def assessment_key(item: dict) -> str:
    """``country/year/organization`` as the item shows them (the history reasons' key);
    an anonymous item (organization null) shows "(anonymous)", which no slug can be."""
    return f"{item.get('country')}/{item.get('year')}/{item.get('organization') or ANONYMOUS}"


def identity(item: dict) -> str:
    """What makes an item the same item in two releases: its address, else its key (an
    organization shown without its name may share country, year and name with another)."""
    url = item.get("url")
    return urlsplit(url).path if isinstance(url, str) else assessment_key(item)


def plan_key(item: dict) -> str:
    return f"{item.get('country')}/{item.get('key')}"


def _assessment(item: dict) -> dict:
    return {
        "key": assessment_key(item),
        "country": item.get("country"),
        "year": item.get("year"),
        "organization": item.get("organization"),
        "overall": item.get("overall"),
        "band": item.get("band"),
        "is_sample": bool(item.get("is_sample")),
    }


def changed_fields(before: dict, after: dict) -> list[str]:
    """The top-level fields whose value differs, links left out, in the item's order."""
    names = list(after) + [name for name in before if name not in after]
    return [
        name for name in names if name not in LINK_FIELDS and before.get(name) != after.get(name)
    ]


def changes(previous: dict | None, current: dict, reasons: dict[str, list[str]]) -> dict:
    """The change summary of a release (see the module); ``previous`` None: the first."""
    previous = previous or {}
    first = not previous
    before = {identity(i): i for i in previous.get("assessments", [])}
    after = {identity(i): i for i in current.get("assessments", [])}
    new, corrections = [], []
    for key, item in after.items():
        if key not in before:
            new.append(_assessment(item))
            continue
        fields = changed_fields(before[key], item)
        if fields:
            reasons_of = reasons.get(assessment_key(item), [])
            corrections.append({**_assessment(item), "fields": fields, "reasons": reasons_of})
    withdrawn = [_assessment(item) for key, item in before.items() if key not in after]
    plans_before = {plan_key(i) for i in previous.get("plans", [])}
    new_plans = [
        {"key": plan_key(i), "country": i.get("country"), "plan": i.get("key")}
        for i in current.get("plans", [])
        if plan_key(i) not in plans_before
    ]
    versions_before = {m.get("version") for m in previous.get("methodologies", [])}
    versions_after = [m.get("version") for m in current.get("methodologies", [])]

    def current_version(items):
        return next((m.get("version") for m in items if m.get("is_current")), None)

    return {
        "first_release": first,
        "new_assessments": new,
        "corrections": corrections,
        "withdrawn_assessments": withdrawn,
        "new_plans": new_plans,
        "methodology": {
            "added": [v for v in versions_after if v not in versions_before],
            "current_before": None if first else current_version(previous.get("methodologies", [])),
            "current": current_version(current.get("methodologies", [])),
        },
    }


def changes_text(summary: dict, previous_version: str | None) -> str:
    """The change summary in English Markdown (README.md and the API's ``changes_text``)."""
    since = f"since release {previous_version}" if previous_version else "(first release)"
    lines = [f"What changed {since}:", ""]
    new = summary["new_assessments"]
    lines.append(f"- {len(new)} newly published assessment(s).")
    lines += [f"  - {a['key']} (overall {a['overall']}, {a['band'] or 'no band'})" for a in new]
    corrections = summary["corrections"]
    lines.append(f"- {len(corrections)} correction(s) of published assessments.")
    for c in corrections:
        why = "; ".join(c["reasons"]) or "no reason recorded"
        lines.append(f"  - {c['key']}: {', '.join(c['fields'])} changed ({why})")
    withdrawn = summary["withdrawn_assessments"]
    if withdrawn:
        lines.append(f"- {len(withdrawn)} assessment(s) no longer published.")
        lines += [f"  - {a['key']}" for a in withdrawn]
    method = summary["methodology"]
    if method["added"]:
        lines.append(f"- Methodology version(s) added: {', '.join(method['added'])}.")
    if method["current_before"] and method["current_before"] != method["current"]:
        lines.append(
            f"- Current methodology changed from {method['current_before']} to {method['current']}."
        )
    lines.append(f"- Current methodology: {method['current'] or 'none'}.")
    plans = summary["new_plans"]
    lines.append(f"- {len(plans)} plan(s) added.")
    return "\n".join(lines) + "\n"


# --- Citation -----------------------------------------------------------------------------


def citation_text(*, site_name: str, version: str, date: datetime.date, url: str) -> str:
    """``nap_tracker dataset release 2027.1 (2027-01-15). nap_tracker. <url>``."""
    return f"{site_name} dataset release {version} ({date.isoformat()}). {site_name}. {url}"


def _bibtex_value(text: str) -> str:
    return re.sub(r"[{}\\]", "", text)


def citation_bibtex(
    *, site_name: str, version: str, title: str, date: datetime.date, url: str
) -> str:
    key = re.sub(r"[^A-Za-z0-9]+", "_", f"{site_name}_{version}").strip("_")
    name = _bibtex_value(site_name)
    return (
        f"@dataset{{{key},\n"
        f"  author = {{{{{name}}}}},\n"
        f"  title = {{{{{name} dataset release {version}}}: {_bibtex_value(title)}}},\n"
        f"  version = {{{version}}},\n"
        f"  year = {{{date.year}}},\n"
        f"  date = {{{date.isoformat()}}},\n"
        f"  publisher = {{{name}}},\n"
        f"  url = {{{url}}}\n"
        "}\n"
    )


def citation_csl(
    *, site_name: str, version: str, title: str, date: datetime.date, url: str
) -> list[dict]:
    return [
        {
            "id": f"{site_name}-{version}",
            "type": "dataset",
            "title": f"{site_name} dataset release {version}: {title}",
            "version": version,
            "author": [{"literal": site_name}],
            "publisher": site_name,
            "issued": {"date-parts": [[date.year, date.month, date.day]]},
            "URL": url,
        }
    ]


def citation_cff(*, site_name: str, version: str, title: str, date: datetime.date, url: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0); strings as JSON, which YAML reads."""

    def q(text):
        return json.dumps(text, ensure_ascii=False)

    return (
        "cff-version: 1.2.0\n"
        'message: "If you use this dataset, please cite it as below."\n'
        "type: dataset\n"
        f"title: {q(f'{site_name} dataset release {version}: {title}')}\n"
        f"version: {q(version)}\n"
        f"date-released: {date.isoformat()}\n"
        f"url: {q(url)}\n"
        "authors:\n"
        f"  - name: {q(site_name)}\n"
    )
