"""Every page that has `#| slow` cells, run with them (the docs build skips them, as nbdev_test does by default): the
long rows of the accuracy page's grid, the backends page's accuracy sweeps over five libraries. Every check on the page
then covers them, and the page's slow cells record what the page shows of them in tests/results/, which the build's run
of the page reads."""
import json, re
from pathlib import Path

import pytest
from execnb.nbio import read_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory

NBS = Path(__file__).resolve().parent.parent/'nbs'
SLOW = re.compile(r'^#\|\s*slow\b', re.M)
PAGES = [nb for nb in sorted(NBS.glob('*.ipynb')) if any(SLOW.search(''.join(c['source'])) for c in json.loads(nb.read_text())['cells'])]

def test_pages_with_slow_cells_exist(): assert {p.name for p in PAGES} >= {'08_accuracy.ipynb', '11_backends.ipynb'}

@pytest.mark.parametrize('page', PAGES, ids=lambda p: p.stem)
def test_page_with_its_slow_cells(page):
    nb, shell = read_nb(page), CaptureShell(page)
    skip = lambda c: c.cell_type != 'code' or re.search(r'^#\|\s*eval:\s*false', c.source, re.M)
    with working_directory(page.parent):
        try: shell.run_all(nb, exc_stop=True, preproc=skip)
        except Exception: raise AssertionError(shell.prettytb(fname=page)) from None   # names the cell that failed

if __name__ == '__main__':                                                # the test command runs each page in a process of its own
    test_pages_with_slow_cells_exist()
    print(' '.join(f'tests/test_slow_cells.py::test_page_with_its_slow_cells[{p.stem}]' for p in PAGES))
