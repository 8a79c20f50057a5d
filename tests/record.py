"""The results of the heavy checks that the test command runs and the pages show (tests/results/*.json). A file is
rewritten, with today's date as `made`, only when what it records changes: CI reruns the checks and fails when a
committed file is not what they record now (`git diff --exit-code tests/results`)."""
import datetime, json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent/'results'

def record(name, data, by):
    "Write `data` (JSON-able) as tests/results/`name`.json with `by` (how it was made) and `made` (the date), unless the file already records the same; returns the path."
    path, new = RESULTS/f'{name}.json', dict(data, by=by)
    old = json.loads(path.read_text()) if path.exists() else {}
    if old.pop('made', None) is None or old != new:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(dict(new, made=datetime.date.today().isoformat()), indent=1) + '\n')
    return path
