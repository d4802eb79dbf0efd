"""Reading pages as a browser does: parse HTML, collect what a form would submit."""

from bs4 import BeautifulSoup


def soup(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def form_data(response, selector: str, status: int = 200) -> dict[str, str]:
    """What a browser would submit from the rendered form, before anyone types anything."""
    form = soup(response, status).select_one(selector)
    data: dict[str, str] = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if "__prefix__" in name or name.startswith("_") or name == "csrfmiddlewaretoken":
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[name] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.get_text().strip()
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("file", "submit"):
            data[name] = field.get("value", "")
    return data
