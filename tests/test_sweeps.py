"""verify.sweeps: a sweep appends one JSON line per finished setting and, restarted, runs only the
settings not yet in the file (a line cut by an interruption is rerun)."""
from verify.sweeps import load_results, run_sweep


def _square(setting, offset=0):
    return {**setting, "value": setting["x"] ** 2 + offset}


def _run(out, xs, calls):
    def task(setting, offset):
        calls.append(setting["x"])
        return _square(setting, offset)
    return run_sweep(task, [{"x": x} for x in xs], out, key=lambda s: (s["x"],), workers=1,
                     progress=False, offset=1)


def test_a_restarted_sweep_skips_finished_settings_and_reruns_a_cut_line(tmp_path):
    out, calls = tmp_path / "sweep.jsonl", []
    first = _run(out, [1, 2], calls)
    out.write_text(out.read_text() + '{"x": 3, "val')   # a line cut by an interruption
    both = _run(out, [1, 2, 3, 4], calls)
    assert sorted(r["value"] for r in first) == [2, 5]
    assert sorted(calls) == [1, 2, 3, 4]                # 1 and 2 were not run again
    assert sorted(r["x"] for r in both) == [1, 2, 3, 4]
    assert sorted(r["value"] for r in load_results(out)) == [2, 5, 10, 17]


def test_an_absent_file_has_no_results(tmp_path):
    assert load_results(tmp_path / "none.jsonl") == []
