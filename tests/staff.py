"""Staff users by group, and the admin's forms as a browser would post them."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group

EDITOR = "Biên tập viên"
REVIEWER = "Duyệt tin"
CONTENT_ADMIN = "Quản trị nội dung"


def staff_user(django_user_model, group: str, username: str | None = None):
    """Return an active staff user in one of the groups made by migration 0002."""
    user = django_user_model.objects.create_user(
        username=username or f"user-{group}", password="Mat-khau-dai-2021!"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_data(response, form_id: str) -> dict:
    """Return what the page's form with this id would post, untouched.

    A textarea's first newline after the tag is dropped, as browsers do.
    """
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, values in parser.data.items():
        values = [v[1:] if v.startswith("\n") else v for v in values]
        data[name] = values if len(values) != 1 else values[0]
    return data
