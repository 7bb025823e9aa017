"""A broken template is reported as `templates/NAME[:LINE]: template error ...`, never a traceback."""

from __future__ import annotations

from .conftest import AS_OF, CLEAN_FIXTURE, make_project, run_cli

PRINT_TEMPLATE = "print/book.html.j2"


def _break_print_template(tmp_path, text: str) -> tuple:
    """A project whose print template ends with `text`; returns it and the line `text` is on."""
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    template = project / "templates" / PRINT_TEMPLATE
    original = template.read_text(encoding="utf-8")
    template.write_text(original + text + "\n", encoding="utf-8")
    return project, original.count("\n") + 1


def _pdf(capsys, project) -> tuple[int, str, str]:
    return run_cli(capsys, "--root", str(project), "pdf", "--as-of", AS_OF)


def test_undefined_value_in_the_print_template(tmp_path, capsys):
    project, _ = _break_print_template(tmp_path, "{{ book.no_such_field.title }}")
    code, out, err = _pdf(capsys, project)
    assert (code, out) == (1, "")
    assert err == (f"briefing: templates/{PRINT_TEMPLATE}: template error while rendering the PDF: "
                   "'generator.model.Book object' has no attribute 'no_such_field'\n")
    assert "Traceback" not in err
    assert not list(project.glob("site/*")), "nothing is written, not even a partial PDF"


def test_syntax_error_in_the_print_template(tmp_path, capsys):
    project, line = _break_print_template(tmp_path, "{% if %}")
    code, out, err = _pdf(capsys, project)
    assert (code, out) == (1, "")
    assert err == f"briefing: templates/{PRINT_TEMPLATE}:{line}: template error: Expected an expression, got 'end of statement block'\n"
    assert "Traceback" not in err
