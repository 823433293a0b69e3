.PHONY: run test setup bench
run:    ## set up, build the index, serve the chat on 127.0.0.1:8000
	bash scripts/run.sh
test:   ## set up and run the gating tests (ARGS=... for other suites)
	bash scripts/test.sh $(ARGS)
setup:
	bash scripts/bootstrap.sh
bench:
	bash scripts/bootstrap.sh && .venv/bin/python bench/bench.py
