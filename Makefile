# The README's two commands. Both install what is missing on Debian 12
# first, so they work on a fresh machine.
#   make run   build and open the studio
#   make test  build and run every test, then the sanitizer build's tests
BUILD ?= build
ASAN_BUILD ?= build-asan
XVFB = xvfb-run -a -s "-screen 0 1280x800x24"
# No session bus on a fresh machine or in CI: GTK would warn without one.
GUI_ENV = GDK_BACKEND=x11 NO_AT_BRIDGE=1
JOBS ?= $(shell nproc)

.PHONY: deps build run kiosk test test-fast test-asan bench clean

deps:
	./scripts/setup-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	$(BUILD)/src/app/atelier

kiosk: build
	$(BUILD)/src/app/atelier --kiosk

test-fast: build
	$(GUI_ENV) $(XVFB) dbus-run-session -- meson test -C $(BUILD) --print-errorlogs --num-processes $(JOBS)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false

test-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	$(GUI_ENV) $(XVFB) dbus-run-session -- meson test -C $(ASAN_BUILD) --print-errorlogs --num-processes $(JOBS) --timeout-multiplier 6

test: test-fast test-asan

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
