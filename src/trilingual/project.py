"""A project on disk: where articles, templates and catalogs live, and which slugs are safe."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from trilingual.config import Config, load_config
from trilingual.errors import SourceError, UsageError

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Project:
    """Paths of one trilingual project (the folder holding ``trilingual.yaml``)."""

    root: Path
    config: Config

    @classmethod
    def open(cls, root: Path | str = ".") -> Project:
        """Load the project at ``root``."""
        path = Path(root).resolve()
        return cls(root=path, config=load_config(path))

    @property
    def articles_dir(self) -> Path:
        """Folder of the English sources."""
        return self.root / self.config.articles_dir

    @property
    def locales_dir(self) -> Path:
        """Folder holding ``templates/`` and ``<lang>/LC_MESSAGES/``."""
        return self.root / self.config.locales_dir

    @property
    def state_dir(self) -> Path:
        """Private state: MT cache, usage ledger, lock, build stamps (git-ignored)."""
        return self.root / ".trilingual"

    def relpath(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes (for references)."""
        if path.is_absolute() and ".." not in path.parts:
            # the usual case, a path built from the root: no file system lookups
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def check_slug(self, slug: str) -> str:
        """Return ``slug`` if it names a file inside ``articles/``; raise otherwise."""
        if not SLUG_RE.match(slug) or ".." in slug:
            raise UsageError(f"invalid article slug {slug!r} (use lowercase letters, digits, '-')")
        return slug

    def article_path(self, slug: str) -> Path:
        """``articles/<slug>.md``, refusing anything that resolves outside the project."""
        path = self.articles_dir / f"{self.check_slug(slug)}.md"
        if not path.exists():
            raise SourceError("no such article", path=self.relpath(path))
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root):
            raise SourceError("article resolves outside the project (symlink?)", path=path)
        if not resolved.is_file():  # a folder, or a FIFO that would block the read for ever
            raise SourceError("not a regular file", path=self.relpath(path))
        return path

    def slugs(self) -> list[str]:
        """Every article slug, sorted."""
        if not self.articles_dir.is_dir():
            return []
        out = []
        for path in sorted(self.articles_dir.glob("*.md")):
            slug = path.stem
            if not SLUG_RE.match(slug):
                raise SourceError(
                    "article file name is not a valid slug (lowercase letters, digits, '-')",
                    path=self.relpath(path),
                )
            out.append(slug)
        return out

    def resolve_slug(self, name: str) -> str:
        """Accept ``slug``, ``slug.md`` or ``articles/slug.md`` as the article name."""
        stem = Path(name).name
        if stem.endswith(".md"):
            stem = stem[:-3]
        return self.check_slug(stem)

    def pot_path(self, slug: str) -> Path:
        """``locales/templates/<slug>.pot``."""
        return self.locales_dir / "templates" / f"{self.check_slug(slug)}.pot"

    def check_language(self, lang: str) -> str:
        """Return ``lang`` if it is a configured target language; raise UsageError otherwise."""
        if lang not in self.config.languages:
            raise UsageError(
                f"language {lang!r} is not configured "
                f"(languages: {', '.join(self.config.languages)})"
            )
        return lang

    def po_path(self, lang: str, slug: str) -> Path:
        """``locales/<lang>/LC_MESSAGES/<slug>.po``."""
        self.check_language(lang)
        return self.locales_dir / lang / "LC_MESSAGES" / f"{self.check_slug(slug)}.po"
