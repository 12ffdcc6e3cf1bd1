"""Reading a rendered form back as a browser would submit it, unchanged."""
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.values = action, False, []
        self._select = self._textarea = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.action is None or attrs.get("action", "") in ("", self.action)
            return
        if not self.inside:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((attrs["name"], attrs.get("value", "y")))
            elif kind not in ("file", "submit", "button"):
                self.values.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = [attrs.get("name"), None, None]  # name, selected value, first value
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in attrs:
                self._select[1] = value
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.values.append((name, chosen if chosen is not None else (first or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.values.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_values(html, action=None):
    """[(name, value)] of the form posting to `action` (or of every form), as the page shows it."""
    reader = _FormReader(action)
    reader.feed(html)
    return reader.values
