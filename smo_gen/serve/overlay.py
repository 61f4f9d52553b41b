"""The error overlay: a failed build's problems, escaped, for every open tab."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from smo_gen.errors import Problem

_STYLE = """
:host { all: initial; display: block; position: fixed; inset: 0; z-index: 2147483647; }
.overlay { position: fixed; inset: 0; overflow: auto; padding: 2rem;
  background: rgba(20, 20, 24, 0.92); color: #f6f8fa; font: 15px/1.5 system-ui, sans-serif; }
h2 { margin: 0 0 1rem; color: #ff7b72; font-size: 1.25rem; }
ul { margin: 0; padding: 0; list-style: none; }
li { margin: 0 0 0.75rem; padding: 0.75rem 1rem; background: #24292f; border-left: 4px solid #ff7b72; }
code { display: block; color: #79c0ff; font: 14px/1.4 ui-monospace, monospace; }
p { color: #9da7b3; }
button { position: absolute; top: 1rem; right: 1rem; font-size: 1.5rem;
  background: none; color: inherit; border: 0; cursor: pointer; }
"""


def problem_where(problem: Problem) -> str:
    if not problem.path:
        return ""
    return problem.path if problem.line is None else f"{problem.path}:{problem.line}"


def problem_detail(problem: Problem) -> str:
    """The problem without its location: key, message and hint."""
    return str(replace(problem, path=None, line=None, severity="error"))


def render_overlay(problems: Sequence[Problem]) -> str:
    """The overlay's markup (for a shadow root): every problem's file, line and message, escaped."""
    items = []
    for problem in problems:
        where = problem_where(problem)
        shown_where = f"<code>{html.escape(where)}</code>" if where else ""
        items.append(f"<li>{shown_where}{html.escape(problem_detail(problem))}</li>")
    count = len(problems)
    heading = "The build failed" if count == 1 else f"The build failed: {count} problems"
    return (
        f"<style>{_STYLE}</style>"
        f'<div class="overlay" role="alertdialog" aria-labelledby="smo-title">'
        f'<button type="button" aria-label="Hide">&times;</button>'
        f'<h2 id="smo-title">{heading}</h2><ul>{"".join(items)}</ul>'
        "<p>The last good build is still served underneath. Fix the file and save: this page updates by itself.</p>"
        "</div>"
    )


def overlay_payload(problems: Sequence[Problem]) -> dict[str, Any]:
    """The `problems` event's data: the markup, and each problem as plain text for tools."""
    return {
        "html": render_overlay(problems),
        "problems": [{"where": problem_where(p), "message": problem_detail(p), "text": str(p)} for p in problems],
    }
