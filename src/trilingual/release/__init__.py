"""Publishing: weekly editions as a static site, Atom feeds, newsletters and Markdown per language.

The workflow function is :func:`trilingual.release.build.release_project`.
"""

from trilingual.release.build import IncompleteRelease, ReleaseReport, release_project

__all__ = ["IncompleteRelease", "ReleaseReport", "release_project"]
