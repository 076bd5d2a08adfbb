"""wordcount: generate a deterministic text from a small vocabulary with a
private random generator, then split it into words, normalize them, count
them in a dict and rank them (str methods, dict updates, sorting).

Size: the number of words in the text.
"""

import sys

STEMS = ("tensor", "kernel", "model", "layer", "shell", "memory", "page", "zone", "token", "graph",
         "weight", "bias", "queue", "thread", "stencil", "python", "boot", "serial", "cache", "vector")
SUFFIXES = ("", "", "", "s", "ed", "ing", "er")
PUNCTUATION = ("", "", "", "", ",", ".", ";", "!", "?")


class Random:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def below(self, n):
        # xorshift32
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x % n


def make_text(words, seed):
    rng = Random(seed)
    lines = []
    line = []
    for i in range(words):
        word = STEMS[rng.below(len(STEMS))] + SUFFIXES[rng.below(len(SUFFIXES))]
        if rng.below(8) == 0:
            word = word.capitalize()
        elif rng.below(40) == 0:
            word = word.upper()
        line.append(word + PUNCTUATION[rng.below(len(PUNCTUATION))])
        if len(line) >= 12 or rng.below(10) == 0:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return "\n".join(lines)


def count_words(text):
    counts = {}
    for line in text.split("\n"):
        for raw in line.split():
            word = raw.strip(",.;!?").lower()
            if not word:
                continue
            if word in counts:
                counts[word] += 1
            else:
                counts[word] = 1
    return counts


def count_letters(text):
    letters = {}
    for ch in text:
        if ch.isalpha():
            ch = ch.lower()
            letters[ch] = letters.get(ch, 0) + 1
    return letters


def main(words):
    text = make_text(words, 2463534242)
    counts = count_words(text)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    for word, n in ranked[:5]:
        print("%-10s %d" % (word, n))
    letters = count_letters(text)
    top_letters = "".join(ch for ch, _ in sorted(letters.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
    checksum = 0
    for word, n in ranked:
        for ch in word:
            checksum = (checksum * 31 + ord(ch)) % 1000000007
        checksum = (checksum * 31 + n) % 1000000007
    print("result wordcount words=%d distinct=%d total=%d letters=%s checksum=%d"
          % (words, len(counts), sum(counts.values()), top_letters, checksum))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 120000)
