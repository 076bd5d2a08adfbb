# TensorOS: `make run` boots it in QEMU, `make test` runs every test.
# Both install what is missing first (scripts/setup.sh).

VENV := .venv
TENSOROS := $(VENV)/bin/tensoros
PYTEST := $(VENV)/bin/python -m pytest

.PHONY: run test setup setup-test build hosted iso models debug clean help

help:
	@echo "make run     boot TensorOS in QEMU, serial shell on this terminal (Ctrl-A X quits)"
	@echo "make test    run the whole test suite"
	@echo "make iso     build build/pc/tensoros.iso"
	@echo "make hosted  build build/hosted/tensoros"
	@echo "make models  build build/models.img, the model disk (make run does it too)"
	@echo "make debug   boot in QEMU under gdb"
	@echo "make clean   remove build/"

run: setup
	$(TENSOROS) run

test: setup-test
	$(TENSOROS) build --board pc
	$(TENSOROS) build --board hosted
	$(PYTEST) tests $(PYTEST_ARGS)

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

build: setup
	$(TENSOROS) build --board pc

hosted: setup
	$(TENSOROS) build --board hosted

iso: setup
	$(TENSOROS) iso

models: setup
	$(TENSOROS) modeldisk

debug: setup
	$(TENSOROS) debug

clean:
	rm -rf build
