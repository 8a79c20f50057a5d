"""Every number in a page's prose stands in that page's code or outputs (printed by a cell, or in an assertion), or is
listed in tools/claims_allowed.txt with its reason (a year, a citation, an equation's constant, ...). Reads the
notebooks in nbs/ as committed (with the outputs of a fresh run); prints each number it cannot place, with the page and
the sentence; exits 1 if there are any.

A number is a run of digits, with a decimal part or an exponent (1.5, 2e-3, 10^4's 10 and 4, 65,504 and 65{,}504 read
as 65504). It stands in the code or outputs when the same token appears there (10_000 and 10,000 read as 10000)."""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r'(?<![\w.])\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])')

def normal(text):
    "Digit groups joined: 65,504, 65{,}504, 10_000 and 10 000 read as one number."
    text = re.sub(r'(?<=\d)(?:\{,\}|,|_|\\,)(?=\d{3}(?!\d))', '', text)
    return text

# Not claims: a list item's number, an issue or pull request (#1234, gh-1234, pytorch#1234), a citation's year, volume and
# pages, an algorithm's or section's number after its name, a version, an address or port in a command.
NOT_CLAIMS = re.compile(r'^\s*\d+\.\s|[\w-]*#\d+|gh-\d+|\b(?:19|20)\d\d\b(?=[),;:]| Alg|, \d)|\b(?:Alg(?:orithm)?\.?|Section|Eq\.?) \d+(?:\.\d+)*'
                        r'|\*[^*]+\* \d+ \(\d{4}\), \d+[-–]\d+|==\d+(?:\.\d+)*|\d+\.\d+\.\d+\.\d+(?::\d+)?|:\d{4}\b', re.M)

def numbers(text): return NUMBER.findall(NOT_CLAIMS.sub(' ', normal(text)))

def sentence(text, token):
    "The sentence (or line) of `text` that holds `token`."
    for part in re.split(r'(?<=[.:;])\s+|\n\n', normal(text)):
        if re.search(rf'(?<![\w.]){re.escape(token)}(?![\w])', part): return ' '.join(part.split())[:200]
    return ''

def allowed():
    "{(page, number): reason} from tools/claims_allowed.txt: lines 'page: number, number, ... -- reason' ('*' for every page)."
    out = {}
    for line in (ROOT/'tools/claims_allowed.txt').read_text().splitlines():
        if not line.strip() or line.startswith('#'): continue
        head, reason = line.split(' -- ', 1)
        page, nums = head.split(':', 1)
        for n in nums.replace(',', ' ').split(): out[page.strip(), n] = reason.strip()
    return out

def check(nb_path, ok):
    "The numbers of notebook `nb_path`'s prose that stand nowhere in its code or outputs, nor in `ok`: [(number, sentence)]."
    cells = json.loads(nb_path.read_text())['cells']
    prose = '\n\n'.join(''.join(c['source']) for c in cells if c['cell_type'] == 'markdown')
    corpus = []
    for c in cells:
        if c['cell_type'] != 'code': continue
        corpus.append(''.join(c['source']))
        for o in c.get('outputs', []):
            corpus.append(''.join(o.get('text', '')))
            for k in ('text/plain', 'text/markdown', 'text/html'): corpus.append(''.join(o.get('data', {}).get(k, '')))
    have = set(numbers('\n'.join(corpus)))
    missing = {}
    for n in numbers(prose):
        if n in have or (nb_path.name, n) in ok or ('*', n) in ok: continue
        missing.setdefault(n, sentence(prose, n))
    return sorted(missing.items(), key=lambda kv: float(kv[0]))

if __name__ == '__main__':
    ok, bad = allowed(), 0
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        for n, s in check(nb, ok):
            print(f"{nb.name}: {n}: {s}"); bad += 1
    print(f"claims: {bad} number(s) in the prose that no cell of the page shows and tools/claims_allowed.txt does not list" if bad else "claims: every number in the prose is shown by its page or listed with a reason")
    sys.exit(1 if bad else 0)
