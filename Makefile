# matricula: the two commands of the quick start, and a few more.
.PHONY: run test build deps migrate clean fuzz bench

deps:
	@scripts/install-deps.sh

build: deps
	@scripts/build.sh

# Installs what is missing, builds, migrates var/matricula.db and serves on 127.0.0.1:8000
# (mail printed on the console and kept under var/mail/).
run: build
	@build/matricula migrate
	@exec build/matricula serve

migrate: build
	@build/matricula migrate

# Unit, contract (SQLite and PostgreSQL), HTTP (real server, real SMTP) and browser tests.
test:
	@scripts/test.sh

# libFuzzer targets (ASan + UBSan) for 300 s each; `scripts/fuzz.sh 60 --merge email` for more.
fuzz: deps
	@scripts/fuzz.sh

# Benchmarks on 127.0.0.1 (nginx ceiling, page views, sign-ins, forms, memory, mail), about 7
# minutes under /tmp/matricula-build.lock; table printed, figures in bench/results/. See docs/performance.md.
bench:
	@bench/run.sh

clean:
	rm -rf build
