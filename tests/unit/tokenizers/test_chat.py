"""nn/chat.py against SmolLM2's real chat template rendered by jinja2, and
the rendered prompt tokenized like llama.cpp does."""

import pytest

from nn.chat import ChatTemplate, format_chatml

jinja2 = pytest.importorskip("jinja2")

CONVERSATIONS = [
    [],
    [{"role": "user", "content": "Hi!"}],
    [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "2+2?"}],
    [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}],
    [{"role": "system", "content": ""}, {"role": "user", "content": "line 1\nline 2\n\n"}],
    [{"role": "user", "content": "unicode: 你好 😀 é, quotes ' \" and {{ braces }} {% tags %}"}],
    [{"role": "tool", "content": "{\"result\": 42}"}, {"role": "assistant", "content": " spaced "}],
]


@pytest.fixture(scope="module")
def template_text(smollm_meta):
    return smollm_meta["tokenizer.chat_template"]


@pytest.mark.parametrize("trim", [False, True])
@pytest.mark.parametrize("index", range(len(CONVERSATIONS)))
@pytest.mark.parametrize("add_generation_prompt", [False, True])
def test_matches_jinja(template_text, index, add_generation_prompt, trim):
    # transformers renders with trim_blocks/lstrip_blocks; plain jinja2 not.
    env = jinja2.Environment(trim_blocks=trim, lstrip_blocks=trim)
    want = env.from_string(template_text).render(messages=CONVERSATIONS[index],
                                                 add_generation_prompt=add_generation_prompt)
    got = ChatTemplate(template_text).render(CONVERSATIONS[index], add_generation_prompt)
    assert got == want


def test_default_system_message(template_text):
    chat = ChatTemplate(template_text)
    assert chat.default_system == "You are a helpful AI assistant named SmolLM, trained by Hugging Face"


def test_plain_chatml():
    assert ChatTemplate().render([{"role": "user", "content": "x"}], True) == \
        "<|im_start|>user\nx<|im_end|>\n<|im_start|>assistant\n"
    assert format_chatml([], True) == "<|im_start|>assistant\n"


def test_other_template_shapes_are_refused():
    llama2 = "{% for m in messages %}[INST] {{ m['content'] }} [/INST]{% endfor %}"
    with pytest.raises(ValueError):
        ChatTemplate(llama2)
    trimmed = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
               "message['content'] | trim + '<|im_end|>' + '\\n'}}{% endfor %}"
               "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
    with pytest.raises(ValueError, match="filters"):
        ChatTemplate(trimmed)
    with pytest.raises(ValueError, match="unexpected"):
        ChatTemplate(trimmed.replace(" | trim", " + '<tool>'"))
    ChatTemplate(trimmed.replace(" | trim", ""))  # the plain form is fine


def test_variants_with_double_quotes_and_attributes():
    t = ("{% for message in messages %}{% if loop.first and messages[0].role != \"system\" %}"
         "{{ \"<|im_start|>system\\nBe nice.<|im_end|>\\n\" }}{% endif %}"
         "{{ \"<|im_start|>\" + message.role + \"\\n\" + message.content + \"<|im_end|>\\n\" }}"
         "{% endfor %}{% if add_generation_prompt %}{{ \"<|im_start|>assistant\\n\" }}{% endif %}")
    chat = ChatTemplate(t)
    assert chat.default_system == "Be nice."
    msgs = [{"role": "user", "content": "q"}]
    assert chat.render(msgs, True) == jinja2.Environment().from_string(t).render(
        messages=msgs, add_generation_prompt=True)


def test_prompt_tokens_match_llama_cpp(template_text, bpe, llama_vocab):
    chat = ChatTemplate(template_text)
    for msgs in CONVERSATIONS:
        text = chat.render(msgs, True)
        assert bpe.encode(text) == llama_vocab.tokenize(text.encode(), add_bos=False, special=True)
