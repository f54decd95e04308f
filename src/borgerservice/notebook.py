"""What every notebook does first, so that each reads the same way: its language, the figures' style and how its
tables show."""
from __future__ import annotations

from . import i18n, layout, plotting


def start(lang: str) -> None:
    """Write in `lang` (the notebook's parameter), draw in the project's style, show tables as the pages do."""
    i18n.set_language(lang)
    plotting.apply_style()
    layout.display_numbers()
