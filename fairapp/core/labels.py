"""What a person reads for the codes the data stores: statuses of every kind, audit actions and
the kinds of object the audit log names. Core registers its own; each area registers its maps
when its labels module is imported (core imports no area)."""
from flask_babel import lazy_gettext as _l

from fairapp.core.i18n import ROLE_LABELS
from fairapp.core.mail import STATUS_LABELS as OUTBOX_STATUS_LABELS

# kind -> {code: label}; COLUMNS: "table.column" -> kind, for the columns a CHECK constraint limits.
STATUSES: dict[str, dict] = {}
COLUMNS: dict[str, str] = {}
ACTIONS: dict[str, object] = {}
OBJECTS: dict[str, object] = {}


def register_statuses(kind, labels, columns=()):
    """Labels for one kind of code (e.g. "invoice": {"open": …}); `columns` are the
    "table.column"s holding it, so the test that every stored value has a label can find them."""
    STATUSES.setdefault(kind, {}).update(labels)
    for column in columns:
        COLUMNS[column] = kind
    return labels


def register_actions(labels):
    """{"application.submit": _l("Application submitted"), …}: audit actions as the log shows them."""
    ACTIONS.update(labels)
    return labels


def register_objects(labels):
    """{"exhibitor_application": _l("Application"), …}: the audit log's object types."""
    OBJECTS.update(labels)
    return labels


def status_label(kind, code) -> str:
    """The label of one code, in the page's language; the code itself if none is registered."""
    if code is None:
        return ""
    return str(STATUSES.get(kind, {}).get(code, code))


def action_label(action) -> str:
    return str(ACTIONS.get(action, action or ""))


def object_label(object_type) -> str:
    return str(OBJECTS.get(object_type, object_type or ""))


register_statuses("outbox", OUTBOX_STATUS_LABELS, columns=("outbox_messages.status",))
register_statuses("job", {
    "queued": _l("Waiting to start"),
    "running": _l("Running"),
    "done": _l("Finished"),
    "failed": _l("Failed"),
}, columns=("jobs.status",))
register_statuses("role", ROLE_LABELS, columns=("users.role",))
register_statuses("locale", {"vi": _l("Vietnamese"), "en": _l("English")}, columns=("users.locale",))

register_actions({
    "user.signup": _l("Account created"),
    "user.invite": _l("Person invited"),
    "user.confirm_email": _l("E-mail address confirmed"),
    "user.locale": _l("Language changed"),
    "user.reset_password": _l("Password reset"),
    "user.invite_password": _l("Password set from an invitation"),
    "fair.create": _l("Fair created"),
    "fair.update": _l("Fair settings changed"),
})
register_objects({"user": _l("Person"), "fair": _l("Fair")})


def register_template_globals(app) -> None:
    app.jinja_env.globals.update(status_label=status_label, action_label=action_label, object_label=object_label)
