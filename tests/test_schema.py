import json

from generator import schema
from generator.content import selected_framework
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
