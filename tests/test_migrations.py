"""Migrations are frozen: replayed next year, each does what it did the day it was written. So
none may run the project's own code, which changes; the only project names a migration may
mention are a field's default callable and its validators, referenced by path as
makemigrations writes them (Django's own pattern: they must keep existing under that path)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = {"accounts", "classrooms", "kerjasama", "lessons", "progress", "quizzes"}
MIGRATIONS = sorted(
    path
    for app in PROJECT
    for path in (Path(settings.BASE_DIR) / app / "migrations").glob("[0-9]*.py")
)


def project_names_misused(source: str) -> list[str]:
    """The project code a migration imports or uses other than as a field's default or
    validator."""
    tree = ast.parse(source)
    problems = []
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("default", "validators"):
            allowed.update(id(inner) for inner in ast.walk(node.value))
        if isinstance(node, ast.Attribute):
            allowed.add(id(node.value))  # the whole dotted name is looked at once, outermost
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PROJECT:
            problems.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and id(node) not in allowed:
            root = node
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in PROJECT:
                problems.append(f"line {node.lineno}: {ast.unparse(node)}")
    return problems


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_migration_runs_no_project_code(path):
    assert project_names_misused(path.read_text()) == []


def test_the_check_catches_a_migration_that_imports_app_code():
    generated = "from lessons import triggers\n\ndef go(apps, editor):\n    triggers.sql_for()\n"
    by_path = "import lessons.triggers\n\ndef go(apps, editor):\n    lessons.triggers.sql_for()\n"
    field = "import kerjasama.validators\nf = F(validators=[kerjasama.validators.check])\n"
    assert project_names_misused(generated) == ["line 1: from lessons import ..."]
    assert project_names_misused(by_path) == ["line 4: lessons.triggers.sql_for"]
    assert project_names_misused(field) == []
