"""The runner: talks to one sandboxed kernel for `swcourse grade`, one cell at a time.

It runs outside the sandbox's PID and mount namespaces, under its own uid, joined only to the
sandbox's loopback network (see sandbox.py), so student code cannot signal, trace or replace it.
It executes what the host sends, the way nbclient does for nbgrader (outputs collected from the
iopub channel until the kernel is idle), interrupts a cell at its deadline, and caps output: the
ordinary output budget covers every message, and a grade cell's answer report has its own budget
so a flood earlier cannot cost later answers. Results go back on a private pipe. It decides no
score.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import time
from typing import Any

import zmq
from jupyter_client import BlockingKernelClient

MARKER = "<<swcourse-answer>>"  # rewritten grade cells print it before the answer they report
NOTICE = "[output stopped: the output limit was reached]\n"


class Runner:
    def __init__(self, info: dict[str, Any], output_chars: int, answer_chars: int) -> None:
        zmq.Context.instance().setsockopt(zmq.MAXMSGSIZE, 4 * output_chars + (1 << 20))
        self.client = BlockingKernelClient()
        self.client.load_connection_info(info)  # type: ignore[arg-type]  # a plain dict
        self.client.start_channels(hb=False)
        deadline = time.monotonic() + 60
        while True:  # the kernel may still be importing: ask until it answers
            self.client.kernel_info()
            try:
                if self.client.get_shell_msg(timeout=1)["msg_type"] == "kernel_info_reply":
                    break
            except queue.Empty:
                if time.monotonic() > deadline:
                    raise TimeoutError("the kernel did not start within 60 s") from None
        self._await_iopub(deadline)
        self.budget, self.answer_chars = output_chars, answer_chars
        self.truncated = False

    def _await_iopub(self, deadline: float) -> None:
        """Ask until the kernel's idle status arrives on iopub, not only its shell reply.

        The iopub subscription may connect after the shell socket: until it has, the kernel's
        output and idle status are lost, and the first cell would wait for an idle that never
        comes (a fresh kernel after a dead one then "ignored an interrupt"). nbclient waits
        for iopub the same way before it runs a cell.
        """
        while True:
            asked = self.client.kernel_info()
            try:
                while True:
                    msg = self.client.get_iopub_msg(timeout=1)
                    if (
                        msg.get("parent_header", {}).get("msg_id") == asked
                        and msg["msg_type"] == "status"
                        and msg["content"].get("execution_state") == "idle"
                    ):
                        return
            except queue.Empty:
                if time.monotonic() > deadline:
                    raise TimeoutError("the kernel's output channel did not connect") from None

    def _keep(
        self,
        outputs: list[dict[str, Any]],
        content: dict[str, Any],
        answer: dict[str, int],
        kind: str,
    ) -> bool:
        size = len(json.dumps(content))
        if answer["left"] >= 0 and MARKER in str(content.get("text", "")):
            answer["left"] -= size
            if answer["left"] >= 0:
                return True
            answer["cut"] = 1
            return False
        self.budget -= size
        if self.budget >= 0:
            return True
        if not self.truncated:
            self.truncated = True
            outputs.append({"output_type": "stream", "name": "stderr", "text": NOTICE})
        return False

    def run(self, code: str, answer: bool, timeout: float, grace: float) -> dict[str, Any]:
        client = self.client
        msg_id = client.execute(code, store_history=True, allow_stdin=False, stop_on_error=False)
        outputs: list[dict[str, Any]] = []
        report = {"left": self.answer_chars if answer else -1, "cut": 0}
        count, status, interrupted = None, "ok", False
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = client.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                if interrupted:
                    return {
                        "status": "lost",
                        "kind": "wedged",
                        "reason": "the cell ignored an interrupt at its time limit",
                    }
                client.control_channel.send(client.session.msg("interrupt_request", {}))
                interrupted, deadline = True, time.monotonic() + grace
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                break
            if kind == "execute_input":
                count = content.get("execution_count")
            elif kind == "clear_output":
                outputs.clear()
            elif kind in ("stream", "display_data", "execute_result", "error"):
                if kind == "error":
                    status = "error"
                if not self._keep(outputs, content, report, kind):
                    continue
                output = {
                    "output_type": kind,
                    **{
                        k: v
                        for k, v in content.items()
                        if k not in ("transient", "execution_count")
                    },
                }
                if kind == "execute_result":
                    output["execution_count"] = content.get("execution_count")
                if (
                    kind == "stream"
                    and outputs
                    and outputs[-1].get("output_type") == "stream"
                    and outputs[-1].get("name") == output.get("name")
                ):
                    outputs[-1]["text"] += output.get("text", "")
                else:
                    outputs.append(output)
        if interrupted:
            status = "interrupted"
        return {
            "status": status,
            "outputs": outputs,
            "execution_count": count,
            "truncated": self.truncated,
            "answer_cut": bool(report["cut"]),
        }


def serve(commands: int, results: int) -> None:
    runner: Runner | None = None
    with (
        os.fdopen(commands, "r", encoding="utf-8") as incoming,
        os.fdopen(results, "w", encoding="utf-8") as outgoing,
    ):
        for line in incoming:
            message = json.loads(line)
            try:
                if message["op"] == "connect":
                    runner = Runner(
                        message["info"], message["output_chars"], message["answer_chars"]
                    )
                    reply: dict[str, Any] = {"status": "ready"}
                elif runner is not None:
                    reply = runner.run(
                        message["code"], message["answer"], message["timeout"], message["grace"]
                    )
                else:
                    reply = {"status": "lost", "kind": "start", "reason": "not connected"}
            except Exception as exc:
                why = f"{exc.__class__.__name__}: {exc}"
                reply = {
                    "status": "lost",
                    "kind": "died",
                    "reason": f"the kernel stopped answering ({why})",
                }
            outgoing.write(json.dumps(reply) + "\n")
            outgoing.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--command-fd", type=int, required=True)
    parser.add_argument("--result-fd", type=int, required=True)
    args = parser.parse_args()
    for fd in (args.command_fd, args.result_fd):
        os.set_inheritable(fd, False)
    serve(args.command_fd, args.result_fd)


if __name__ == "__main__":
    main()
