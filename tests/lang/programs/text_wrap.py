# word wrapping and justification
text = ("The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs. "
        "How vexingly quick daft zebras jump!")
def wrap(text, width):
    lines, line = [], []
    for w in text.split():
        if line and len(" ".join(line + [w])) > width:
            lines.append(line)
            line = []
        line.append(w)
    if line:
        lines.append(line)
    return lines
def justify(words, width):
    if len(words) == 1:
        return words[0]
    gaps = len(words) - 1
    spaces = width - sum(len(w) for w in words)
    out = ""
    for i, w in enumerate(words[:-1]):
        out += w + " " * (spaces // gaps + (1 if i < spaces % gaps else 0))
    return out + words[-1]
for width in (20, 32):
    lines = wrap(text, width)
    for l in lines[:-1]:
        print("|" + justify(l, width) + "|")
    print("|" + " ".join(lines[-1]).ljust(width) + "|")
