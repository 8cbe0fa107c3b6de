from conftest import AS_OF, diagnostics, run


def test_minimal_case_is_clean(case):
    root = case()
    code, out = run("validate", str(root), "--as-of", AS_OF)
    assert diagnostics(out) == []
    assert code == 0
    assert out.endswith("No problems found in 7 files.\n")
