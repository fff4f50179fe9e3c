from types import SimpleNamespace

from linli.handlers.kit import ids


def test_actor_labels_a_person_an_id_or_the_command_line():
    assert ids.actor(SimpleNamespace(id=12)) == "user:12"
    assert ids.actor(7) == "user:7"
    assert ids.actor(None) == "cli"


def test_codes_avoid_letters_read_as_digits():
    code = ids.code(8)
    assert len(code) == 8 and set(code) <= set(ids.CODE_ALPHABET)
    assert not set("01OIL") & set(ids.CODE_ALPHABET)


def test_a_code_is_read_as_typed_on_any_keyboard():
    # A Chinese keyboard's full-width mode, lower case, spaces and dashes read aloud.
    assert ids.typed_code("ａｂ３４５６") == "AB3456"
    assert ids.typed_code(" ab-34 56 ") == "AB3456"
    assert ids.typed_code("xhs-2301") == "XHS2301"
