"""Chat prompts in the ChatML shape, without a Jinja engine.

GGUF models carry their prompt format as a Jinja template
(tokenizer.chat_template).  Instead of interpreting Jinja, ChatTemplate
recognises the ChatML family -- every message rendered as

    <|im_start|>{role}\\n{content}<|im_end|>\\n

and "<|im_start|>assistant\\n" appended when a reply is wanted -- and reads
the one thing that varies between such templates: the system message some
of them insert when the conversation does not start with one (SmolLM2's:
"You are a helpful AI assistant named SmolLM, trained by Hugging Face").
A template of any other shape is refused with ValueError rather than
rendered wrongly.  tests/unit/tokenizers renders the real template with
jinja2 and compares.
"""

IM_START = "<|im_start|>"
IM_END = "<|im_end|>"

_DEFAULT_SYSTEM_IF = "messages[0]['role'] != 'system'"

# The only string literals a plain ChatML template needs.
_PLAIN_LITERALS = (IM_START, IM_END, "\n", IM_END + "\n", IM_START + "assistant\n", "role", "content",
                   "system", "user", "assistant")


def format_chatml(messages, add_generation_prompt=False, default_system=None):
    """The ChatML text of messages (dicts with "role" and "content")."""
    out = []
    if messages and default_system is not None and messages[0]["role"] != "system":
        out.append(IM_START + "system\n" + default_system + IM_END + "\n")
    for m in messages:
        out.append(IM_START + m["role"] + "\n" + m["content"] + IM_END + "\n")
    if add_generation_prompt:
        out.append(IM_START + "assistant\n")
    return "".join(out)


def _string_literals(template):
    """The string literals inside the template's {{ }} and {% %} tags,
    escapes resolved, in order (quotes in plain template text are not
    literals)."""
    out = []
    escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"'}
    pos = 0
    while True:
        a = template.find("{{", pos)
        b = template.find("{%", pos)
        if a < 0 or (0 <= b < a):
            a = b
        if a < 0:
            return out
        close = "}}" if template.startswith("{{", a) else "%}"
        i = a + 2
        n = len(template)
        while i < n and not template.startswith(close, i):
            q = template[i]
            i += 1
            if q != "'" and q != '"':
                continue
            buf = []
            while i < n and template[i] != q:
                if template[i] == "\\" and i + 1 < n:
                    buf.append(escapes.get(template[i + 1], "\\" + template[i + 1]))
                    i += 2
                else:
                    buf.append(template[i])
                    i += 1
            out.append("".join(buf))
            i += 1
        pos = i + 2


def _compact(text):
    # Template code compared without spaces and with one kind of quote, so
    # message['role'], message["role"] and message.role all look alike.
    return text.replace(" ", "").replace('"', "'").replace(".role", "['role']") \
        .replace(".content", "['content']")


class ChatTemplate:
    def __init__(self, template=None):
        """template: the text of tokenizer.chat_template, or None for plain
        ChatML with no default system message."""
        self.template = template
        self.default_system = None
        if template is None:
            return
        code = _compact(template)
        needed = ("<|im_start|>", "<|im_end|>", "message['role']", "message['content']",
                  "ifadd_generation_prompt")
        for part in needed:
            if part not in code:
                raise ValueError("chat template is not ChatML (no %r)" % (part,))
        literals = _string_literals(template)
        if IM_START + "assistant\n" not in literals:
            raise ValueError("chat template is not ChatML (no generation prompt)")
        # Anything beyond plain ChatML (filters such as |trim, tool
        # sections, other markers) would render differently: refuse it.
        if "|" in code.replace(IM_START, "").replace(IM_END, ""):
            raise ValueError("chat template uses Jinja filters")
        for lit in literals:
            if lit not in _PLAIN_LITERALS and not lit.startswith(IM_START + "system\n"):
                raise ValueError("chat template has unexpected text %r" % (lit,))
        # A default system message: a literal <|im_start|>system...<|im_end|>
        # emitted when the first message is not a system message.
        head = IM_START + "system\n"
        tail = IM_END + "\n"
        for lit in literals:
            if lit.startswith(head) and lit.endswith(tail) and len(lit) >= len(head) + len(tail):
                if _compact(_DEFAULT_SYSTEM_IF) not in code:
                    raise ValueError("chat template: a system message under an unknown condition")
                self.default_system = lit[len(head):len(lit) - len(tail)]

    def render(self, messages, add_generation_prompt=False):
        return format_chatml(messages, add_generation_prompt, self.default_system)
