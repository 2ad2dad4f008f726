"""The tests' second path to moto, in one long-lived Python process.

Starting the AWS CLI costs about half a second of CPU (Python, botocore, awscli imported afresh); the suite makes
hundreds of such calls, which made them the largest single cost of a test run on two cores. This process imports once
and then, for each request line on stdin, runs either

  {"cli": [args...], "env": {AWS_* variables}}   the AWS CLI's own driver (awscli.clidriver), in process, with exactly
                                                 those AWS_* variables set: the same code, requests and output as `aws`
  {"boto3": "script", "env": {...}}              a snippet with boto3 (client() and emit() come from the caller's prelude)

and answers one line {"rc": int, "out": str, "err": str}. It ends when stdin closes (its test process ended).
A fresh CLI driver (and botocore session) is made per request, so nothing of one call leaks into the next; only the
service models, read-only data, are loaded once.
"""

import contextlib
import io
import json
import os
import sys
import traceback

from awscli.clidriver import create_clidriver
from botocore.loaders import create_loader

# Importing awscli points AWS_DATA_PATH at the CLI's own data (cli.json, customisations): kept for every request.
_CLI_DATA_PATH = os.environ.get("AWS_DATA_PATH")

# One botocore data loader for every request: it only reads the service models (JSON on disk) and caches them, which is
# most of what a fresh CLI would spend its time on after importing.
_LOADER = create_loader(_CLI_DATA_PATH)


def _driver():
    driver = create_clidriver()
    driver.session.register_component("data_loader", _LOADER)
    return driver


def _set_aws_environment(variables):
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update(variables)
    if _CLI_DATA_PATH is not None:
        os.environ["AWS_DATA_PATH"] = _CLI_DATA_PATH


def _capture():
    # A text stream with a .buffer, like sys.stdout: the CLI writes binary output (s3 cp to "-") through it.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n", write_through=True)


def _text(stream):
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", errors="replace")


def _run(request):
    _set_aws_environment(request.get("env", {}))
    out, err = _capture(), _capture()
    rc = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if "cli" in request:
                rc = _driver().main(request["cli"])
            else:
                exec(compile(request["boto3"], "<boto3 snippet>", "exec"), {"__name__": "__snippet__"})
        except SystemExit as ended:
            rc = ended.code if isinstance(ended.code, int) else (0 if ended.code is None else 1)
        except BaseException:  # noqa: B902 - whatever the snippet raised is the caller's failure, not the host's
            traceback.print_exc()
            rc = 1
    return {"rc": rc or 0, "out": _text(out), "err": _text(err)}


def main():
    answers = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        answers.write(json.dumps(_run(json.loads(line))) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
