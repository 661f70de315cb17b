import json
import shutil
from pathlib import Path

from budget_site import schema
from budget_site.content import selected_framework
from helpers import MODELINE, REPO, schema_errors


def test_committed_json_schema_matches_the_model(tmp_path):
    written = schema.write(tmp_path, selected_framework(REPO / "content"))
    for path in written:
        assert (REPO / "schema" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_schema_marks_required_fields_and_labels():
    project = schema.schema(schema.model.Project)
    assert project["required"] == [
        "seq",
        "code",
        "name",
        "unit",
        "budget",
        "purpose",
        "spending_plan",
        "goals",
        "indicators",
    ]
    assert project["properties"]["budget"]["properties"]["other"]["title"] == "其他资金"
    assert project["additionalProperties"] is False
    json.dumps(project)


# --- editors: every content file names its schema, and passes it --------------------------------


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
    path.write_text(
        text.replace("level1: 产出指标", "level1: 产出指票", 1).replace(
            "level2: 服务对象满意度指标", "level2: 社会效益指标"
        ),
        encoding="utf-8",
    )
    shutil.copytree(REPO / "schema", project / "schema")
    assert schema_errors(path) == [
        "indicators/0/level1: '产出指票' is not one of ['产出指标', '效益指标', '满意度指标']",
        "indicators/5/level2: '社会效益指标' is not one of ['服务对象满意度指标']",
    ]


def test_schema_carries_the_selected_framework(project):
    site = project / "content/site.yml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("framework: '2015'", "framework: '2021'"), encoding="utf-8"
    )
    written = {p.name: p for p in schema.write(project / "schema", selected_framework(project / "content"))}
    row = json.loads(written["project.schema.json"].read_text(encoding="utf-8"))["properties"]["indicators"]["items"]
    assert row["properties"]["level1"]["enum"] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    cost = row["allOf"][0]["then"]["properties"]["level2"]["enum"]
    assert cost == ["经济成本指标", "社会成本指标", "生态环境成本指标"]


def test_editor_settings_map_content_files_to_the_schemas():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    mapped: dict[Path, str] = {}
    for schema_path, pattern in settings.items():
        assert (REPO / schema_path).is_file(), schema_path
        for path in REPO.glob(pattern):
            mapped[path] = (REPO / schema_path).resolve().name
    files = content_files()
    assert len(files) == 1 + 2 + 45 + 2 and len(mapped) >= len(files)
    for path in files:
        modeline = MODELINE.match(path.read_text(encoding="utf-8")).group(1)
        assert mapped[path] == Path(modeline).name, path
