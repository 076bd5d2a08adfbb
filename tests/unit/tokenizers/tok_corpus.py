"""Deterministic test strings for the tokenizers: English, code, numbers,
whitespace runs, many scripts, emoji, combining marks, punctuation runs,
special tokens inside text, long words.  Same list on every run."""

import random
import unicodedata

WORDS = ("the quick brown fox jumps over lazy dog tokenizer model weights kernel memory "
         "transformer attention layer embedding vector python compiler boot image network "
         "Hello World TensorOS GPU CPU hello I you we they it is was were don't can't won't "
         "it's we're they've I'll she'd I'm NASA eBay iPhone McDonald's naïve café résumé "
         "coöperate Zürich São Paulo Ångström façade jalapeño").split()

SCRIPTS = [
    "你好，世界！这是一个测试。", "日本語のテキストです。カタカナ", "한국어 문장입니다", "Привет, мир! Как дела?",
    "Здравствуйте ЁЖИК ёжик", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก",
    "Γειά σου Κόσμε ΣΊΣΥΦΟΣ", "Ελληνικά ς σ Σ", "ქართული ენა", "Հայերեն", "ትግርኛ", "ᚠᛇᚻ",
    "Tiếng Việt có dấu", "Dziękuję bardzo łódź", "Ağaç İstanbul ılık", "Ω≈ç√∫˜µ≤≥÷",
    "😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇺🇸🇫🇷 ❤️ ✨🔥", "e\u0301 a\u0300 o\u0308 n\u0303 u\u0308\u0301 Z\u0335\u0321a\u0336lgo",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝓜𝓪𝓽𝓱 𝟙𝟚𝟛", "ﬁ ﬂ ＡＢＣ１２３ ｶﾀｶﾅ", "½ ¼ ² ³ ⅣⅫ ①②③ ٣٤٥ ३४५", "\u200b\u200c\u200d\ufeff zero width",
    "𠀀𠀁 𪜀 丽 豈", "ℌ℮ℓℓ℗ ™ © ®", "Ѐ Ѝ ӂ Ӝ", "ꙮ ᏣᎳᎩ ᐊᐃᔭᐅᒃ",
]

CODE = [
    "def f(x):\n    return x ** 2  # square\n",
    "for (int i = 0; i < n; ++i) {\n\tsum += a[i] * b[i];\n}\n",
    "const x = await fetch(`https://api.example.com/v1/items?id=${id}&q=foo`);",
    '{"name": "TensorOS", "version": [0, 1, 0], "ok": true, "pi": 3.14159}',
    "<div class=\"row\"><span id='x'>&amp;&lt;&gt;</span></div>",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name DESC;",
    "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }",
    "x = [i**2 for i in range(10) if i % 2 == 0]\nprint(f\"{x!r:>10}\")",
    "    if err != nil {\n        return nil, fmt.Errorf(\"wrap: %w\", err)\n    }",
    "fn main() -> Result<(), Box<dyn Error>> { let v: Vec<u8> = vec![1, 2, 3]; Ok(()) }",
    "$ ls -la /usr/lib | grep -E '^d' && echo \"done\" >> log.txt 2>&1",
    "a += b; c -= d; e *= f; g /= h; i %= j; k <<= 1; l >>= 2; m &&= n || !o",
    "@decorator\nclass Foo(Bar, metaclass=Meta):\n    __slots__ = ('a', 'b')\n",
    "\\begin{equation} E = mc^2 \\end{equation}",
    "0x7fffffff 0b1010 0o777 1e-9 6.02e23 -0.0 +inf NaN 1_000_000",
]

CONTROLS = ["a\x04b", "\x00", "\x1b[31mred\x1b[0m", "x\x7fy", "\x01\x02 \x03", "\x06\x13\x14\x16\x1d",
            "tab\x08back", "\u200e\u202elrm", "\ufeffbom"]
SPECIALS = ["<|im_start|>", "<|im_end|>", "<|endoftext|>", "<repo_name>", "<file_sep>", "[CLS]",
            "[SEP]", "[MASK]", "[PAD]", "[UNK]"]
NEAR_SPECIALS = ["<|im_start", "im_end|>", "<|", "|>", "<||>", "[CLS", "[cls]", "<|IM_START|>", "[ SEP ]"]
WHITESPACE = [" ", "  ", "   ", "\t", "\t\t", "\n", "\n\n", "\r\n", " \n ", "\u00a0", "\u3000", "\u2009",
              "\u2028", "\x0b", "\x0c", "\x85", "        "]
PUNCT = ["!!!", "???", "...", "---", "'''", "\"\"", "''s", "?!", ";;", "()", "[]{}", "«»", "—", "…", "“”",
         "¿¡", "、。", "・", "#@$%^&*", "~~~", "___", "==>", "<=", "''", "'", "'ll", "'S", "’s"]


def assigned_old_chars(rng, count):
    """Random characters assigned since Unicode 3.2 with the same category
    now, so every Unicode table version involved agrees on them."""
    old = unicodedata.ucd_3_2_0
    out = []
    while len(out) < count:
        cp = rng.choice([rng.randrange(0x20, 0x3000), rng.randrange(0x3000, 0xD800),
                         rng.randrange(0xE000, 0x10000), rng.randrange(0x10000, 0x2FA20)])
        if 0xD800 <= cp < 0xE000 or 0xE000 <= cp < 0xF900:
            continue  # surrogates, private use
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat == "Cn" or cat[0] == "C" or old.category(ch) != cat:
            continue
        out.append(ch)
    return out


def random_number(rng):
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 40)))
    return rng.choice([digits, "-" + digits, digits + "." + digits[:3], "$" + digits, digits + "%",
                       " " + digits, digits + " ", "v" + digits + ".2", "{:,}".format(int(digits))])


def sentence(rng):
    n = rng.randint(1, 14)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words = [w.upper() if rng.random() < 0.3 else w.capitalize() for w in words]
    return " ".join(words) + rng.choice([".", "!", "?", "", ",", ":", " ..."])


def piece(rng):
    kind = rng.randrange(12)
    if kind == 0:
        return sentence(rng)
    if kind == 1:
        return rng.choice(CODE)
    if kind == 2:
        return random_number(rng)
    if kind == 3:
        return rng.choice(WHITESPACE)
    if kind == 4:
        s = rng.choice(SCRIPTS)
        a = rng.randrange(len(s))
        return s[a:a + rng.randint(1, 30)]
    if kind == 5:
        return rng.choice(PUNCT)
    if kind == 6:
        return rng.choice(SPECIALS) if rng.random() < 0.7 else rng.choice(NEAR_SPECIALS)
    if kind == 7:
        return "".join(assigned_old_chars(rng, rng.randint(1, 6)))
    if kind == 8:
        return rng.choice(WORDS)
    if kind == 9:
        return "".join(rng.choice(" \t\n\r\u00a0") for _ in range(rng.randint(1, 8)))
    if kind == 10:
        return rng.choice(WORDS) + rng.choice(["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'D", "'x"])
    return str(rng.randint(0, 10 ** rng.randint(1, 12)))


def long_words(rng):
    return ["a" * 300, "supercalifragilisticexpialidocious" * 6, "x" * 100, "y" * 101, "é" * 99 + "e",
            "https://example.com/" + "/".join(rng.choice(WORDS) for _ in range(40)),
            "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(400)),
            "".join(rng.choice("0123456789abcdef") for _ in range(128)),
            "9" * 500, " " * 200, "\n" * 50, "ab" * 250 + "!" * 50, "日本" * 120, "😀" * 60,
            "antidisestablishmentarianism" + "ness" * 30, "x" + "\u0301" * 40]


def mismatches(got, want, strings, limit=8):
    """Assertion message: how many outputs differ, and the first few."""
    bad = [(s, g, w) for s, g, w in zip(strings, got, want) if g != w]
    return "%d of %d differ, e.g.\n" % (len(bad), len(strings)) + \
        "\n".join("%r\n  ours %s\n  ref  %s" % b for b in bad[:limit])


def strings(count=1200, seed=5):
    rng = random.Random(seed)
    out = ["", " ", "a", "\n", "0", "'", "<|im_start|>", "[CLS]", "hello", "Hello world"]
    out += long_words(rng)
    out += CONTROLS + SCRIPTS + CODE + WHITESPACE + PUNCT + SPECIALS + NEAR_SPECIALS
    out = list(dict.fromkeys(out))
    for n in range(1, 41):
        out.append("1234567890" * 4 if n == 40 else "".join(str((i * 7 + n) % 10) for i in range(n)))
    seen = set(out)
    while len(out) < count:
        s = "".join(piece(rng) for _ in range(rng.randint(1, 8)))
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out
