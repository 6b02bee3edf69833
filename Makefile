# The two quick-start commands: `make demo` (main job on the bundled demo) and `make test`.
# Both install HiGHS's build dependencies (cmake, a C++ compiler, libclang) when missing.

.PHONY: demo test deps lint bench

deps:
	@./scripts/install-deps.sh

demo: deps
	cargo run -- validate data/demo
	cargo run -- plan data/demo --scenario data/scenarios/double11.toml --out out

test: deps
	cargo test

lint: deps
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

bench: deps
	cargo bench
