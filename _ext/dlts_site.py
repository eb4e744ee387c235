"""Sphinx extension of the book's website: a clean browser console.

sphinx-thebe (loaded by Jupyter Book) registers its configuration script once per
`env-before-read-docs` event; Jupyter Book 1.0 with myst-nb emits that event more than
once, so every page declared `const THEBE_JS_URL` twice, an uncaught SyntaxError in the
browser. This extension drops the repeated script tags from each page (same file or same
inline body, same attributes, an inline script's empty filename being None or ""),
keeping the first. tests/integration/test_site.py checks the console.
"""

from __future__ import annotations


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    # An inline script has filename None or "" depending on where it was registered.
    return (
        getattr(script, "filename", str(script)) or "",
        tuple(sorted((k, str(v)) for k, v in attributes.items())),
    )


def drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
