"""Rendering: plan → view model → template Markdown → tokens → GitHub Markdown and Word."""

from __future__ import annotations

from planforge.render.context import PlanView, build_view
from planforge.render.environment import (
    ROOT_TEMPLATE,
    TemplateSet,
    make_environment,
    render,
    template_set,
)
from planforge.render.markdown import Token, parse, render_gfm

__all__ = [
    "ROOT_TEMPLATE",
    "PlanView",
    "TemplateSet",
    "Token",
    "build_view",
    "make_environment",
    "parse",
    "render",
    "render_gfm",
    "template_set",
]
