"""Every number in a page's prose stands in that page's code or outputs (printed by a cell, or in an assertion), or is
listed in tools/claims_allowed.txt with its reason (a year, a citation, an equation's constant, ...). Reads the
notebooks in nbs/ as committed (with the outputs of a fresh run); prints each number it cannot place, with the page and
the sentence; exits 1 if there are any.

A number in the prose is read with its written precision: 9.35 \\times 10^{-11} is one number, 9.35e-11 to 3 digits; 65,504
and 65{,}504 are 65504; 10^5 is 1e5 and 2^{-24} is 2**-24; 94.65% is 0.9465 or 94.65. It stands in a page's code or outputs
when a number there (a literal, 1e-14, 10_000, 2**-24, 10**5, or a printed value) rounds to it at that precision: an
integer must be there exactly. Inline code (`softmax(x, axis=-1)`) and link targets are names, not claims: they are
left out of the prose."""
import json, math, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def normal(text):
    "Digit groups joined: 65,504, 65{,}504, 10_000 and 10\\,000 read as one number."
    return re.sub(r'(?<=\d)(?:\{,\}|,|_|\\,)(?=\d{3}(?!\d))', '', text)

# Not claims: a list item's number, an issue or pull request (#1234, gh-1234, pytorch#1234), a citation's year, volume and
# pages (a volume before its year), an algorithm's or section's number after its name, a version, an address or port, a
# width named in words (64-bit), a subscript (pi_{64}).
NOT_CLAIMS = re.compile(r'^\s*\d+\.\s|[\w-]*#\d+|gh-\d+|\b(?:19|20)\d\d\b(?=[),;:]| Alg|, \d)|\b(?:Alg(?:orithm)?\.?|Section|Eq\.?) \d+(?:\.\d+)*'
                        r'|\*[^*]+\* \d+ \(\d{4}\), \d+[-–]\d+|\b\d+(?=, (?:19|20)\d\d\))|==\d+(?:\.\d+)*|\d+\.\d+\.\d+\.\d+(?::\d+)?|:\d{4}\b'
                        r'|\b\d+-bit\b|_\{?\d+\}?', re.M)
CODE_SPAN = re.compile(r'`[^`\n]+`|\]\([^)\s]*\)|<https?://[^>]*>|https?://\S+')
NUM = r'\d+(?:\.\d+)?'
SCI = re.compile(rf'(?<![\w.])({NUM})\s*(?:\\times|\\cdot|×|·)\s*10\^\{{?(-?\d+)\}}?')     # 9.35 \times 10^{-11}
POW = re.compile(rf'(?<![\w.])(\d+)\^\{{?(-?{NUM})\}}?')                                   # 10^5, 2^{-24}
PLAIN = re.compile(rf'(?<![\w.])({NUM}(?:e[-+]?\d+)?)(%?)(?![\w])')
CODE_POW = re.compile(r'(?<![\w.])(\d+(?:\.\d*)?)\s*\*\*\s*\(?\s*(-?\d+(?:\.\d+)?)\)?')      # 2**-24, 10. ** 5

def digits(text):
    "The significant digits written in a decimal number's text, and whether it is written as an integer."
    mant = text.split('e')[0]
    return len(mant.replace('.', '').lstrip('0')) or 1, '.' not in mant and 'e' not in text

def prose_numbers(text):
    "[(token as written, value, significant digits, exact)] of the prose `text`."
    text = NOT_CLAIMS.sub(' ', CODE_SPAN.sub(' ', normal(text)))
    out = []
    def sci(m):
        d, _ = digits(m[1]); out.append((m[0], float(m[1]) * 10. ** int(m[2]), d, False)); return ' '
    def power(m):
        try: v = float(m[1]) ** float(m[2])
        except OverflowError: v = math.inf
        out.append((m[0], v, 17, True)); return ' '
    text = POW.sub(power, SCI.sub(sci, text))
    for m in PLAIN.finditer(text):
        d, exact = digits(m[1])
        out.append((m[0], float(m[1]), d, exact))
    return out

def code_values(text):
    "The values of the numbers in code or output `text`: literals, powers (2**-24) and printed numbers."
    text = normal(text)
    vals = set()
    for m in CODE_POW.finditer(text):
        try: vals.add(float(m[1]) ** float(m[2]))
        except (OverflowError, ZeroDivisionError): pass
    for m in re.finditer(r'(?<![\w.])\d+(?:\.\d*)?(?:[eE][-+]?\d+)?', text):
        vals.add(float(m[0]))
    return vals

def rounds_to(w, v, d):
    "Whether `w` rounds to `v` at `d` significant digits."
    if w == v: return True
    if not (math.isfinite(w) and math.isfinite(v)) or v == 0: return False
    return float(f'{w:.{d - 1}e}') == float(f'{v:.{d - 1}e}')

def placed(tok, v, d, exact, have):
    "Whether the prose number stands among the values `have` (a percent also as a fraction)."
    if exact: return v in have or (tok.endswith('%') and v / 100 in have)
    targets = [v] + ([v / 100] if tok.endswith('%') else [])
    return any(rounds_to(w, t, d) for w in have for t in targets)

def sentence(text, token):
    "The sentence (or line) of `text` that holds `token`."
    for part in re.split(r'(?<=[.:;])\s+|\n\n', normal(text)):
        if re.search(rf'(?<![\w.]){re.escape(token)}(?![\w])', part): return ' '.join(part.split())[:300]
    return ''

def allowed():
    "{(page, number): reason} from tools/claims_allowed.txt: lines 'page: number, number, ... -- reason' ('*' for every page)."
    out = {}
    for line in (ROOT/'tools/claims_allowed.txt').read_text().splitlines():
        if not line.strip() or line.startswith('#'): continue
        head, reason = line.split(' -- ', 1)
        page, nums = head.split(':', 1)
        for n in nums.split(';'): out[page.strip(), n.strip()] = reason.strip()
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
    have = code_values('\n'.join(corpus))
    missing = {}
    for tok, v, d, exact in prose_numbers(prose):
        if (nb_path.name, tok) in ok or ('*', tok) in ok or placed(tok, v, d, exact, have): continue
        missing.setdefault(tok, sentence(CODE_SPAN.sub(' ', prose), tok))
    return list(missing.items())

def unused(ok, pages):
    "Entries of the allowed list that name no number of their page's prose any more."
    found = {(nb.name, tok) for nb in pages for tok, *_ in prose_numbers('\n\n'.join(''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown'))}
    return [k for k in ok if k[0] != '*' and k not in found]

if __name__ == '__main__':
    ok, bad = allowed(), 0
    pages = sorted((ROOT/'nbs').glob('*.ipynb'))
    for nb in pages:
        for n, s in check(nb, ok):
            print(f"{nb.name}: {n}: {s}"); bad += 1
    for page, tok in unused(ok, pages):
        print(f"tools/claims_allowed.txt: {page}: {tok}: listed, but the page's prose no longer has it"); bad += 1
    print(f"claims: {bad} number(s) in the prose that no cell of the page shows and tools/claims_allowed.txt does not list" if bad
          else f"claims: every number in the prose of {len(pages)} pages is shown by its page or listed with a reason ({len(ok)} listed)")
    sys.exit(1 if bad else 0)
