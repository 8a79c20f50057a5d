"""The accuracy page with its `slow` cells, the long rows of its grid (the docs build runs it without them): every check
on the page then covers those rows too, and its last cell records their rows of the tables in
tests/results/accuracy_grid.json, which the page shows when it runs without them."""
import re
from pathlib import Path

from execnb.nbio import read_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory

PAGE = Path(__file__).resolve().parent.parent/'nbs'/'08_accuracy.ipynb'

def test_accuracy_page_with_its_slow_cells():
    nb, shell = read_nb(PAGE), CaptureShell(PAGE)
    skip = lambda c: c.cell_type != 'code' or re.search(r'^#\|\s*eval:\s*false', c.source, re.M)
    with working_directory(PAGE.parent):
        try: shell.run_all(nb, exc_stop=True, preproc=skip)
        except Exception: raise AssertionError(shell.prettytb(fname=PAGE)) from None   # names the cell that failed
    assert any(re.search(r'^#\|\s*slow', c.source, re.M) for c in nb.cells)              # the page still has its slow cells
