"""A directory file with a YAML mistake is answered in plain words of the reader's
language, at its line: never the parser's English (issue 17 point 15)."""

from __future__ import annotations

import pytest

from linli.handlers.facilities.importer import read_file

HEAD = "units:\n  - name: 测试小学\n    kind: 学校\n"
BROKEN = {
    # a facility's field one space short of its neighbours
    HEAD + "    facilities:\n      - name: 操场\n       category: 运动\n": (
        "polish-yaml-indent",
        6,
    ),
    # one space too many
    HEAD + "    address: 测试路1号\n     fee: 免费\n": ("polish-yaml-colon", 5),
    HEAD + "\taddress: 测试路1号\n": ("polish-yaml-tab", 4),
    HEAD + "    address 测试路1号\n    fee: 免费\n": ("polish-yaml-no-colon", 5),
    HEAD + '    address: "测试路1号\n': ("polish-yaml-unclosed", 5),
}


@pytest.mark.parametrize(("text", "expected"), list(BROKEN.items()))
def test_a_yaml_mistake_is_said_plainly_at_its_line(tmp_path, translator, text, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    _units, problems = read_file(path, {"xinhuashe"})
    assert [(p.message.key, p.line) for p in problems] == [expected]
    said = translator.render(problems[0].message, "zh-CN")
    for parser_word in ("expected", "mapping", "block", "scanning", "token"):
        assert parser_word not in said
