#!/usr/bin/env python3
"""Load benchmark of the live quiz (issue 17): N learners over real SSH, one tutor.

A private sshd on 127.0.0.1 (own host key, own config, a free high port) lets N learners in
by key, each key bound to `primer --class DIR --learner NAME` by the authorized_keys line
`primer class add` writes. Every learner is the real OpenSSH client in a pseudo-terminal
whose output feeds a terminal emulator (pyte), so "the question is on the screen" means
what a person would see. The tutor is `primer live` in its own pseudo-terminal.

For each of the quiz's questions: the tutor presses n; the time until each learner's screen
shows "Question K of Q" is one latency sample; every learner then answers (a seeded
choice), the tutor waits for "N of N answered" and reveals. At the end: answers stored (in
the class store) against answers sent, latency p50/p99/max, and memory per connected
learner (the learner's primer plus its sshd session processes; RSS and PSS, which shares
the pages of the one primer binary fairly among its processes).

    python live_load.py --primer PATH [--learners 60] [--questions 10] [--seed 1]

Needs root (sshd logs the learners in as this account), openssh-server, and pyte
(pip install pyte). A bounded benchmark, not a test: it prints figures, it does not judge.
"""
import argparse
import fcntl
import json
import os
import queue
import random
import re
import select
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

import pyte


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Terminal:
    """A process in a pseudo-terminal of a given size, with the screen a person would see."""

    def __init__(self, argv, cols, rows, env):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def controlling_terminal():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, preexec_fn=controlling_terminal)
        os.close(slave)
        self.fd = master
        os.set_blocking(master, False)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.closed = False
        self.last_read = time.monotonic()
        READER.add(self)

    def shows(self, text):
        return any(text in line for line in self.screen.display)

    def text(self):
        return "\n".join(line.rstrip() for line in self.screen.display)

    def send(self, data):
        os.write(self.fd, data.encode())

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


class Reader(threading.Thread):
    """Reads every terminal as soon as its output arrives and stamps it with the time it was
    read; the main thread feeds the emulators. Feeding 60 emulators takes the observer real
    time, which would otherwise be counted as latency of the learners read last."""

    def __init__(self):
        super().__init__(daemon=True)
        self.terminals = {}
        self.lock = threading.Lock()
        self.chunks = queue.Queue()

    def add(self, terminal):
        with self.lock:
            self.terminals[terminal.fd] = terminal

    def run(self):
        while True:
            with self.lock:
                fds = [fd for fd, t in self.terminals.items() if not t.closed]
            if not fds:
                time.sleep(0.01)
                continue
            ready, _, _ = select.select(fds, [], [], 0.05)
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                stamp = time.monotonic()
                terminal = self.terminals[fd]
                if not data:
                    terminal.closed = True
                self.chunks.put((terminal, data, stamp))


READER = Reader()


def pump_until(done, limit, what):
    """Feeds what the reader read until done() is true; fails after `limit` seconds (a bound
    that only a broken run reaches, never the success condition)."""
    deadline = time.monotonic() + limit
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"live_load: gave up waiting for {what}")
        try:
            terminal, data, stamp = READER.chunks.get(timeout=0.05)
        except queue.Empty:
            continue
        if data:
            terminal.stream.feed(data)
        terminal.last_read = stamp


def memory_of(pids):
    """(RSS, PSS) in bytes, summed over the processes."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return rss, pss


def available_memory():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def children(pid):
    found = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            for child in f.read().split():
                found.append(int(child))
                found += children(int(child))
    except FileNotFoundError:
        pass
    return found


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except FileNotFoundError:
        return ""


def percentile(values, p):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--primer", required=True, help="the primer executable (a release build)")
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    primer = os.path.abspath(args.primer)
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="primer-live-load-")
    class_dir = os.path.join(work, "class")
    keys = os.path.join(work, "authorized_keys")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("NO_COLOR", None)

    subprocess.run([primer, "class", "init", "--class", class_dir, "--authorized-keys", keys],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    names = [f"learner-{i:02d}" for i in range(1, args.learners + 1)]
    for name in names:
        key = os.path.join(work, name)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
        subprocess.run([primer, "class", "add", name, "--key", key + ".pub", "--class", class_dir,
                        "--authorized-keys", keys, "--program", primer], check=True, stdout=subprocess.DEVNULL, env=env)

    port = free_port()
    host_key = os.path.join(work, "host_key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", host_key], check=True)
    config = os.path.join(work, "sshd_config")
    with open(config, "w") as f:
        f.write(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
AuthorizedKeysFile {keys}
PidFile none
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
MaxStartups {args.learners * 2}
LogLevel ERROR
""")
    os.makedirs("/run/sshd", exist_ok=True)
    sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", config], stderr=subprocess.DEVNULL)
    for _ in range(200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)

    preset = os.path.join(work, "load.preset")
    with open(preset, "w") as f:
        f.write(f"title: Load quiz\ncount: {args.questions}\nseed: {args.seed}\n")
    tutor = Terminal([primer, "live", "--class", class_dir, "--preset", preset, "--seconds", "3600"], 100, 40, env)
    terminals = [tutor]
    READER.start()
    try:
        pump_until(lambda: tutor.shows("Learners join"), 60, "the tutor's screen")
        learners = []
        available_before = available_memory()
        for start in range(0, len(names), 10):   # connect in tens, as a class arrives
            batch = []
            for name in names[start:start + 10]:
                ssh = ["ssh", "-tt", "-i", os.path.join(work, name), "-p", str(port), "-o", "StrictHostKeyChecking=no",
                       "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                       f"{os.environ.get('USER', 'root')}@127.0.0.1"]
                batch.append(Terminal(ssh, 80, 24, env))
            learners += batch
            terminals += batch
            pump_until(lambda: all(t.shows("Waiting for your tutor") for t in batch), 120,
                       "a batch of learners to reach the waiting screen")
        pump_until(lambda: tutor.shows(f"{len(names)} joined"), 60, "every learner on the tutor's screen")

        latencies, sent, missing = [], 0, 0
        memory = None
        for q in range(1, args.questions + 1):
            heading = f"Question {q} of {args.questions}"
            seen = {}
            tutor.send("n")
            pressed = time.monotonic()

            def all_seen():
                for index, t in enumerate(learners):
                    if index not in seen and t.shows(heading):
                        seen[index] = t.last_read - pressed
                return len(seen) == len(learners)
            pump_until(all_seen, 60, f"question {q} on every screen")
            latencies += seen.values()
            if q == args.questions:   # every learner connected, a question open: measure memory now
                primers, sessions = [], []
                for child in children(sshd.pid):
                    line = cmdline(child)
                    (primers if "--learner" in line else sessions).append(child)
                memory = {"primer": memory_of(primers), "sshd": memory_of(sessions),
                          "available_drop": available_before - available_memory(),
                          "primer_processes": len(primers), "sshd_processes": len(sessions)}
            for t in learners:
                options = sum(1 for line in t.screen.display if re.match(r"^\s+[›✓✗ ]?\s*\d\. ", line))
                t.send(str(rng.randint(1, max(1, min(options, 4)))))
                t.send("\r")
                sent += 1
            pump_until(lambda: tutor.shows(f"{len(names)} of {len(names)} answered"), 60,
                       f"every answer to question {q} on the tutor's screen")
            tutor.send("r")
            pump_until(lambda: all(t.shows("You were right.") or t.shows("Not this time.") for t in learners),
                       60, f"the reveal of question {q}")
        tutor.send("n")
        pump_until(lambda: all(t.shows("The quiz is over") for t in learners), 60, "the end on every screen")
    finally:
        for t in terminals:
            t.stop()
        sshd.terminate()

    db = sqlite3.connect(os.path.join(class_dir, "data", "primer.sqlite"))
    stored = db.execute("SELECT COUNT(*) FROM liveAnswer").fetchone()[0]
    reviews = db.execute("SELECT COUNT(*) FROM review").fetchone()[0]
    ms = [x * 1000 for x in latencies]
    figures = {
        "learners": len(names), "questions": args.questions, "answers_sent": sent, "answers_stored": stored,
        "reviews_stored": reviews, "latency_ms_p50": round(statistics.median(ms), 1),
        "latency_ms_p99": round(percentile(ms, 99), 1), "latency_ms_max": round(max(ms), 1), "samples": len(ms),
        "rss_mb_per_learner": round((memory["primer"][0] + memory["sshd"][0]) / len(names) / 2**20, 1),
        "pss_mb_per_learner": round((memory["primer"][1] + memory["sshd"][1]) / len(names) / 2**20, 1),
        "primer_rss_mb_per_learner": round(memory["primer"][0] / len(names) / 2**20, 1),
        # The machine's view: MemAvailable before the learners connected minus during the
        # quiz, per learner (includes the ssh clients this script runs, so it overstates).
        "memavailable_drop_mb_per_learner": round(memory["available_drop"] / len(names) / 2**20, 1),
        "primer_processes": memory["primer_processes"], "sshd_processes": memory["sshd_processes"],
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    return 0 if stored == sent else 1


if __name__ == "__main__":
    sys.exit(main())
