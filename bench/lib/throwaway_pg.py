"""A throw-away PostgreSQL cluster for a figure script, as bench/lib/bench-postgres.sh makes one from bash:
initdb in a /tmp folder, a free port on 127.0.0.1, no Unix socket, PostgreSQL's own defaults (fsync on) unless
`fast`. Run as root, the server runs as `postgres`. `stop()` deletes everything; it is safe to call twice.

    with ThrowawayPostgres() as pg:
        mik = Mik(toml=f'[database]\\nurl = "{pg.url}"\\n')
"""
import glob
import os
import shutil
import subprocess
import tempfile

from benchlib import free_port


class ThrowawayPostgres:
    def __init__(self, fast=False, max_connections=300):
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in p.split("/")[-2].split(".")])[-1]
        self.dir = tempfile.mkdtemp(prefix="mik-bench-pg.", dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.url = f"Host=127.0.0.1;Port={self.port};Username=postgres;Database=postgres"
        try:
            self._run("initdb", "-D", self.data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--auth=trust")
            with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
                f.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = ''\n"
                        f"max_connections = {max_connections}\n")
                if fast:
                    f.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
            self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "postgres.log"), "-w", "-t", "60", "-s", "start")
        except BaseException:
            self.stop()
            raise

    def _run(self, program, *args):
        subprocess.run([*self.as_user, os.path.join(self.bin, program), *args], check=True, cwd="/",
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self):
        if not self.dir:
            return
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            subprocess.run([*self.as_user, os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "-s",
                            "stop"], cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
