"""The renderer's configuration: the project's mkdocs.yml, pointed at the written pages.

MkDocs and Zensical both read mkdocs.yml. The pages folder the pipeline writes
holds a copy of it in which the docs folder, the site folder, the theme's
overrides and the navigation are the generated ones, so any renderer can build
that folder on its own, with no plugin of ours. YAML tags the renderers
understand (`!ENV`, `!!python/name:...`) are kept as written.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import BriefingError, ContentError, Location, Problem

CONFIG_NAME = "mkdocs.yml"
DOCS = "docs"
SITE = "site"
OVERRIDES = "overrides"
# The plugin that writes the pages when MkDocs is started on the project itself;
# in the written folder the pages exist already, so it is left out.
PLUGIN_NAME = "briefing"


class Tagged:
    """A YAML value with a tag only a renderer knows, dumped back as it was."""

    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


def _represent_tagged(dumper: _Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def read_project_config(root: Path) -> dict:
    """The project's mkdocs.yml as a dict; a clear error if it is missing or broken."""
    path = root / CONFIG_NAME
    if not path.is_file():
        raise BriefingError(f"{CONFIG_NAME}: not found in {root}; every book needs one "
                            "(`briefing init` writes a starting point)")
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = Location(CONFIG_NAME, mark.line + 1, mark.column + 1) if mark else Location(CONFIG_NAME)
        raise ContentError([Problem(where, "yaml-syntax", str(error.problem), "fix the YAML syntax of mkdocs.yml")]) from error
    if not isinstance(config, dict):
        raise BriefingError(f"{CONFIG_NAME}: expected a mapping of settings at the top level")
    return config


def renderer_config(project_config: dict, navigation: list, root: Path) -> dict:
    """The config a renderer reads inside the written pages folder."""
    config = dict(project_config)
    config["docs_dir"] = DOCS
    config["site_dir"] = SITE
    config["nav"] = navigation
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        config["theme"] = {**theme, "custom_dir": OVERRIDES}
    config["plugins"] = [p for p in config.get("plugins", []) if _plugin_name(p) != PLUGIN_NAME]
    # Paths the renderer resolves against the config file: keep them pointing into the project.
    for key in ("hooks", "watch"):
        if key in config:
            config[key] = [str((root / item).resolve()) for item in config[key]]
    return config


def custom_dir(project_config: dict, root: Path) -> Path | None:
    """The project's theme overrides folder, if it has one."""
    theme = project_config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        return root / theme["custom_dir"]
    return None


def dump(config: dict) -> str:
    header = "# Written by `briefing pages` from the project's mkdocs.yml; do not edit.\n"
    return header + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _plugin_name(entry) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)
