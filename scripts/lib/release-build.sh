# Sourced: builds the release binary as install.sh installs it (the Swift runtime linked
# statically) and sets $bin to it, so that what runs and what is measured is what users get.
# Only the executable's product: the test-support libraries have no release use.
# REGISTRAR_BINARY names a release binary built before (a benchmark of a fixed build while the
# tree changes): it is used as it is.
if [ -n "${REGISTRAR_BINARY:-}" ]; then
  bin="$REGISTRAR_BINARY"
else
  swift build -c release --static-swift-stdlib --product symposium-registrar >&2
  bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/symposium-registrar"
fi
