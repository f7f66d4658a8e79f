"""Drive a local Weblate through its REST API (run with Weblate's Python; see test_weblate.py).

    python drive.py REPO FIRST_SLUG SLUG UNIT_SOURCE NEW_TARGET

creates the project and one component by hand, installs component discovery (which creates one
component per article), saves NEW_TARGET for the Belarusian unit whose source is UNIT_SOURCE in
component SLUG as translated, commits and pushes to REPO. Prints one JSON line of what it saw.
"""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402
from weblate.auth.models import User  # noqa: E402

REGEX = r"locales/(?P<language>[^/.]*)/LC_MESSAGES/(?P<component>[^/]*)\.po"


def main() -> None:
    repo, first, slug, source, target = sys.argv[1:6]
    call_command("migrate", verbosity=0, interactive=False)
    user = User.objects.filter(username="admin").first()
    if user is None:
        call_command("createadmin", username="admin", password="trilingual-admin",
                     email="admin@example.org", update=True)
        user = User.objects.get(username="admin")
    api = APIClient()
    api.force_authenticate(user=user)

    def call(method: str, url: str, data: dict | None = None, ok: tuple = (200, 201)) -> dict:
        response = getattr(api, method)(url, data, format="json")
        if response.status_code not in ok:
            raise SystemExit(f"{method.upper()} {url}: {response.status_code} {response.content[:800]!r}")
        return response.json() if response.content else {}

    call("post", "/api/projects/", {"name": "Trilingual", "slug": "trilingual",
                                    "web": "https://example.org/"})
    call("post", "/api/projects/trilingual/components/", {
        "name": first, "slug": first, "vcs": "git", "repo": repo, "push": repo,
        "branch": "main", "push_branch": "main", "file_format": "po",
        "filemask": f"locales/*/LC_MESSAGES/{first}.po",
        "new_base": f"locales/templates/{first}.pot", "new_lang": "none",
    })
    call("post", f"/api/components/trilingual/{first}/addons/", {
        "name": "weblate.discovery.discovery",
        "configuration": {
            "match": REGEX, "file_format": "po", "name_template": "{{ component }}",
            "base_file_template": "", "new_base_template": "locales/templates/{{ component }}.pot",
            "language_regex": "^[^.]+$", "copy_addons": False, "remove": False, "confirm": True,
        },
    })
    components = sorted(
        c["slug"] for c in call("get", "/api/projects/trilingual/components/")["results"]
    )
    units = []
    url = f"/api/translations/trilingual/{slug}/be/units/"
    while url:
        page = call("get", url)
        units += page["results"]
        url = page["next"]
        if url:
            url = url.split("://", 1)[-1].split("/", 1)[-1]
            url = "/" + url
    unit = next(u for u in units if u["source"] == [source])
    call("patch", f"/api/units/{unit['id']}/", {"target": [target], "state": 20})
    call("post", f"/api/components/trilingual/{slug}/repository/", {"operation": "commit"})
    call("post", f"/api/components/trilingual/{slug}/repository/", {"operation": "push"})
    print(json.dumps({"components": components, "units": len(units), "unit": unit["id"]}))


main()
