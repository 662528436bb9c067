# Renkei — the two commands of the README:
#   make run    install missing Debian packages, build, start the GUI (or the headless demo)
#   make test   install missing Debian packages, build, run every test
# Everything else is CMake (CMakeLists.txt); this file only strings the steps together.

BUILD_DIR ?= build
JOBS      ?= $(shell nproc)
DEMO_DIR  ?= demo-out

# Debian 12 packages: build dependencies, and what the tests and the GUI need at run time
# (Xvfb for GUI tests; IPAex fonts for the Japanese PDF minutes and Noto CJK for the GUI and as
# their fallback; iproute2 for namespace tests).
DEBIAN_PACKAGES := build-essential cmake pkg-config \
  libwxgtk3.2-dev libboost-dev libboost-system-dev nlohmann-json3-dev catch2 \
  libssl-dev libsqlite3-dev libmstch-dev libpango1.0-dev libcairo2-dev libsodium-dev \
  zlib1g-dev fonts-ipaexfont-gothic fonts-ipaexfont-mincho fonts-noto-cjk \
  xvfb xauth x11-apps x11-utils xdotool imagemagick poppler-utils iproute2 \
  gettext

.PHONY: all deps build run test clean

all: build

deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then \
	  exec $(BUILD_DIR)/src/gui/renkei; \
	else \
	  echo "No display: running the headless demo into $(DEMO_DIR)/"; \
	  exec $(BUILD_DIR)/src/cli/renkei-cli demo --out $(DEMO_DIR); \
	fi

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

clean:
	rm -rf $(BUILD_DIR)
