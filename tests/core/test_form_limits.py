"""Every text field of every form in fairapp has a maximum length, checked before the database
sees the value; a 1 MB description on the contest entry form is a refused form, not a 500."""
import importlib
import inspect
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from wtforms import Form, StringField
from wtforms.validators import Length

import fairapp
from fairapp.contest.models import ContestEntry
from fairapp.core.uploads import StoredImage
from fairapp.extensions import db
from tests.contest.conftest import client_as, entry_data, png, token_of, world  # noqa: F401 (fixtures)

MEGABYTE = 1_000_000


def form_classes():
    """Every WTForms form class defined in a module under fairapp/ (imported, not only listed)."""
    found = {}
    root = Path(fairapp.__file__).parent
    # The files, not pkgutil: fairapp/core is a namespace package, which pkgutil does not walk into.
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        module = importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Form) and value.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = value
    return found


FORMS = form_classes()


def test_the_walk_finds_the_forms_of_every_area():
    areas = {name.split(".")[1] for name in FORMS}
    assert {"exhibitors", "contest", "visitors", "core"} <= areas
    assert "fairapp.contest.forms.EntryForm" in FORMS and "fairapp.core.auth.forms.LoginForm" in FORMS


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_text_field_has_a_maximum_length(app, name):
    with app.test_request_context("/"):
        form = FORMS[name](meta={"csrf": False})
        unlimited = []
        for field in form:
            # StringField covers TextAreaField, EmailField, TelField, PasswordField, HiddenField, SearchField …
            if not isinstance(field, StringField):
                continue
            limits = [v.max for v in field.validators if isinstance(v, Length) and v.max is not None and v.max >= 0]
            if not limits or min(limits) > 20_000:
                unlimited.append(field.name)
    assert not unlimited, f"{name}: text fields without a maximum length: {unlimited}"


def entry_rows(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(ContestEntry)),
                db.session.scalar(select(func.count()).select_from(StoredImage)))


@pytest.mark.parametrize("as_multipart", [False, True], ids=["urlencoded", "multipart"])
def test_a_megabyte_description_is_a_refused_form(app, world, client_as, as_multipart):
    client = client_as(world.entrant)
    before = entry_rows(app)
    data = {key: ("y" if value is True else value)
            for key, value in entry_data(world.categories["GOM"], description="Gốm " * (MEGABYTE // 4)).items()}
    data["csrf_token"] = token_of(client, "/contest/entries/new")
    if as_multipart:
        data["photos"] = (io.BytesIO(png()), "binh.png")
        response = client.post("/contest/entries/new", data=data, content_type="multipart/form-data")
    else:
        response = client.post("/contest/entries/new", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422), response.status_code
    assert 'id="description-error"' in page and "Tối đa 5000 ký tự." in page
    assert entry_rows(app) == before
