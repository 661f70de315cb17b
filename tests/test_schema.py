import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import jsonschema
import yaml

from budget_site import schema
from budget_site.content import selected_framework
from tests.conftest import REPO


def test_committed_json_schema_matches_the_model(tmp_path):
    written = schema.write(tmp_path, selected_framework(REPO / "content"))
    for path in written:
        assert (REPO / "schema" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_schema_marks_required_fields_and_labels():
    project = schema.schema(schema.model.Project)
    assert project["required"] == ["seq", "code", "name", "unit", "budget", "purpose", "spending_plan",
                                   "goals", "indicators"]
    assert project["properties"]["budget"]["properties"]["other"]["title"] == "其他资金"
    assert project["additionalProperties"] is False
    json.dumps(project)


# --- editors: every content file names its schema, and passes it --------------------------------

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def _multiple_of(validator, multiple, instance, schema):
    """multipleOf in exact decimals (0.01), as editors check it; binary floats would reject 4701.28."""
    if isinstance(instance, (int, Decimal)) and not isinstance(instance, bool) \
            and Decimal(instance) % Decimal(str(multiple)) != 0:
        yield jsonschema.ValidationError(f"{instance} is not a multiple of {multiple}")


Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"multipleOf": _multiple_of})


class _EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server sees it: dates stay text, decimals exact."""


_EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)
_EditorLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(loader.construct_scalar(node)))


def schema_errors(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    named = MODELINE.match(text)
    assert named, f"{path} 第一行应为 # yaml-language-server: $schema=…"
    schema_file = (path.parent / named.group(1)).resolve()
    document = json.loads(schema_file.read_text(encoding="utf-8"))
    data = yaml.load(text, Loader=_EditorLoader)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Validator(document).iter_errors(data)]


def content_files() -> list[Path]:
    return sorted((REPO / "content").rglob("*.yml")) + sorted((REPO / "generator/frameworks").glob("*.yml"))


def test_every_content_file_names_its_schema_and_passes_it():
    files = content_files()
    assert len(files) == 1 + 2 + 45 + 2
    for path in files:
        assert schema_errors(path) == [], path


def test_project_schema_offers_the_framework_names_and_flags_a_typo(project):
    path = project / "content/2023/projects/13020023P004C8J10002U.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("level1: 产出指标", "level1: 产出指票", 1)
                    .replace("level2: 服务对象满意度指标", "level2: 社会效益指标"), encoding="utf-8")
    shutil.copytree(REPO / "schema", project / "schema")
    assert schema_errors(path) == [
        "indicators/0/level1: '产出指票' is not one of ['产出指标', '效益指标', '满意度指标']",
        "indicators/5/level2: '社会效益指标' is not one of ['服务对象满意度指标']",
    ]


def test_schema_carries_the_selected_framework(project):
    site = project / "content/site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("framework: '2015'", "framework: '2021'"), encoding="utf-8")
    written = {p.name: p for p in schema.write(project / "schema", selected_framework(project / "content"))}
    row = json.loads(written["project.schema.json"].read_text(encoding="utf-8"))["properties"]["indicators"]["items"]
    assert row["properties"]["level1"]["enum"] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    assert row["allOf"][0]["then"]["properties"]["level2"]["enum"] == ["经济成本指标", "社会成本指标", "生态环境成本指标"]


def test_editor_settings_map_content_files_to_the_schemas():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    mapped: dict[Path, str] = {}
    for schema_path, pattern in settings.items():
        assert (REPO / schema_path).is_file(), schema_path
        for path in REPO.glob(pattern):
            mapped[path] = (REPO / schema_path).resolve().name
    for path in content_files():
        modeline = MODELINE.match(path.read_text(encoding="utf-8")).group(1)
        assert mapped[path] == Path(modeline).name, path
