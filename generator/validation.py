"""Validate plain data against a schema class; turn pydantic's errors into Problems.

pydantic reports where an error is as a path of keys and indexes, which is the
same path the YAML reader used to record locations, so each problem points at
the line of the offending field.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Problem, did_you_mean
from .schema import SLUG_PATTERN
from .yamlsource import KeyPath, YamlDocument

Model = TypeVar("Model", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "text", "int_type": "a number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields", "model_attributes_type": "a mapping of fields",
}


def validate(model: type[Model], data: Any, document: YamlDocument, path: KeyPath = ()) -> tuple[Model | None, list[Problem]]:
    """Validate `data` (found at `path` in `document`) as `model`."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = {}
        for detail in error.errors():
            problem = _problem(detail, data, document, path, model)
            problems.setdefault((problem.location, problem.message), problem)
        return None, list(problems.values())


# Fields that moved elsewhere in the schema: (parent, field) -> where to write it now.
_MOVED_FIELDS = {
    ("figure", "unit"): "a figure's unit is declared once by its metric: under 'metrics:', give the metric "
                        "'unit:' and 'counting:' and delete this line",
}


def _problem(detail: dict, data: Any, document: YamlDocument, path: KeyPath, model: type[BaseModel]) -> Problem:
    loc = _data_path(data, detail["loc"])
    field = field_name(loc) or "this entry"
    kind = detail["type"]
    where = document.where(path + loc)
    if kind == "missing":
        name = detail["loc"][-1]
        parent = field_name(loc) or "this entry"
        return Problem(where, "missing-field", f"missing field '{name}' in {parent}", f"add '{name}:' here")
    if kind == "extra_forbidden":
        name = str(detail["loc"][-1])
        allowed = _allowed_fields(model, loc[:-1])
        hint = _MOVED_FIELDS.get((field_name(loc[:-1]), name)) or _suggest(name, allowed)
        return Problem(where, "unknown-field", f"unknown field '{name}'", hint)
    if kind in _TYPE_NAMES:
        got = type(detail["input"]).__name__
        subject = f"'{field}'" if loc else "this entry"
        hint = _quote_hint(detail["input"]) if kind == "string_type" else ""
        return Problem(where, "wrong-type", f"{subject} should be {_TYPE_NAMES[kind]}, not {_describe(got)}", hint)
    if kind == "literal_error":
        expected = detail["ctx"]["expected"]
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        hint = _suggest(str(detail["input"]), choices)
        return Problem(where, "bad-value", f"'{field}' is {detail['input']!r}; it must be one of {expected}", hint)
    if kind == "string_pattern_mismatch" and detail["ctx"]["pattern"] == SLUG_PATTERN:
        return Problem(where, "bad-id", f"'{field}' is {detail['input']!r}, which is not a valid id",
                       "use lowercase letters, digits and single hyphens, e.g. 'us-troops-iraq'")
    if kind == "string_pattern_mismatch":
        return Problem(where, "bad-value", f"'{field}' is {detail['input']!r}, which does not have the expected form",
                       f"expected the pattern {detail['ctx']['pattern']}")
    message = detail["msg"].removeprefix("Value error, ")
    return Problem(where, "bad-value", f"'{field}': {message}" if loc else message)


def field_name(loc: tuple) -> str:
    """('sources', 0, 'quote') -> 'sources #1.quote': list items counted from 1."""
    name = ""
    for part in loc:
        name += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _data_path(data: Any, loc: tuple) -> KeyPath:
    """The longest part of pydantic's loc that exists in the data.

    pydantic adds names that are not in the data (union branches such as
    'int', or the name of a missing field); those are cut off.
    """
    path = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            break
        path.append(part)
    return tuple(path)


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed at `loc` inside `model` (following nested schema classes)."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        nested = _nested_model(field.annotation) if field else None
        if nested is None:
            return []
        model = nested
    return list(model.model_fields)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found:
            return found
    return None


def _suggest(name: str, choices: list[str]) -> str:
    suggestion = did_you_mean(name, choices, cutoff=0.6)
    if suggestion or not choices:
        return suggestion
    return f"allowed: {', '.join(choices)}"


def _quote_hint(value: Any) -> str:
    """How to make YAML read `value` as text; only quoting a number or true/false does that."""
    if isinstance(value, bool):
        return f'put the value in double quotes, e.g. "{str(value).lower()}"'
    if isinstance(value, (int, float)):
        return f'put the value in double quotes, e.g. "{value}"'
    if value is None:
        return "write the value after the colon"
    return ""


def _describe(type_name: str) -> str:
    return {"int": "a number", "float": "a number", "bool": "true/false", "NoneType": "nothing",
            "list": "a list", "dict": "a mapping", "str": "text"}.get(type_name, type_name)
