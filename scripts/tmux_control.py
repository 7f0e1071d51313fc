"""A tmux control-mode client for the timing scripts: one process that
sends keys to a session and reads its screen, with no process started per
look (`tmux -C attach`, replies between %begin and %end)."""

import os
import subprocess
import sys


class Control:
    def __init__(self, session, name):
        self.session, self.name = session, name
        self.tmux = subprocess.Popen(
            ["tmux", "-C", "attach", "-t", session, "-f", "no-output,ignore-size"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.fd, self.buf = self.tmux.stdout.fileno(), b""
        self.reply()  # the attach's own

    def line(self):
        while b"\n" not in self.buf:
            got = os.read(self.fd, 65536)
            if not got:
                sys.exit(f"{self.name}: the tmux control client ended")
            self.buf += got
        first, _, self.buf = self.buf.partition(b"\n")
        return first.decode(errors="replace")

    def reply(self):
        lines = None
        while True:
            l = self.line()
            if l.startswith("%begin"):
                lines = []
            elif l.startswith(("%end", "%error")) and lines is not None:
                return lines
            elif lines is not None:
                lines.append(l)

    def ask(self, command):
        self.tmux.stdin.write(command.encode() + b"\n")
        return self.reply()

    def screen(self):
        return "\n".join(self.ask(f"capture-pane -p -t {self.session}"))

    def row(self, n):
        """Row `n` of the screen, its runs of spaces made one."""
        got = self.ask(f"capture-pane -p -t {self.session} -S {n} -E {n}")
        return " ".join(got[0].split()) if got else ""

    def height(self):
        return int(self.ask(f"display -p -t {self.session} '#{{pane_height}}'")[0])

    def send(self, key, literal=True):
        flag = "-l " if literal else ""
        self.ask(f"send-keys -t {self.session} {flag}'{key}'")

    def close(self):
        self.tmux.stdin.close()
        self.tmux.wait()
