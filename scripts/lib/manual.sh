# Sourced after release-build.sh: writes the man page for "$bin" into "$manual_dir" (set it
# first), generated from the command definitions by swift-argument-parser's generate-manual,
# run on the release binary itself (the package plugin would build another release binary).
swift build --product generate-manual >&2
"$(swift build --show-bin-path)/generate-manual" "$bin" --output-directory "$manual_dir" >&2
