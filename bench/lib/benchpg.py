"""A throw-away PostgreSQL cluster for a figure script, as bench/lib/bench-postgres.sh does it from bash: PostgreSQL's
own defaults (fsync on, synchronous commit) unless `fast`, on a free port under /tmp, run as `postgres` when root.

    with BenchPostgres() as pg:      # started; stopped and deleted on leaving, even after a failure
        pg.url                       # Npgsql form, for mik's [database] url or AuditBench
        pg.pause(); pg.resume()      # an outage of the same cluster
        pg.sql("select 1")           # psql -At, '' when it cannot answer
        pg.new_database()            # a database of its own for one more mik, its url
"""
import glob
import os
import shutil
import subprocess
import tempfile

from benchlib import free_port


class BenchPostgres:
    def __init__(self, fast=False):
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in p.split("/")[-2].split(".")])[-1]
        self.dir = tempfile.mkdtemp(prefix="mik-bench-pg.", dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self.data = os.path.join(self.dir, "data")
        try:
            self._init(fast)
        except BaseException:
            self.stop()
            raise

    def _init(self, fast):
        self._run("initdb", "-D", self.data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--auth=trust")
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = ''\nmax_connections = 300\n")
            if fast:
                f.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        self.url = f"Host=127.0.0.1;Port={self.port};Username=postgres;Database=postgres"
        self.resume()

    def _run(self, tool, *args):
        subprocess.run([*self.as_user, os.path.join(self.bin, tool), *args], cwd="/", check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    @property
    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            return int(f.readline())

    def pause(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "-s", "stop")

    def resume(self):
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "postgres.log"), "-w", "-t", "60", "-s", "start")

    def new_database(self):
        """A database of its own (for one more mik on the same cluster); its Npgsql connection string."""
        self.databases = getattr(self, "databases", 0) + 1
        name = f"bench{self.databases}"
        subprocess.run([os.path.join(self.bin, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        name], check=True, capture_output=True, cwd="/")
        return f"Host=127.0.0.1;Port={self.port};Username=postgres;Database={name}"

    def sql(self, query):
        r = subprocess.run([os.path.join(self.bin, "psql"), f"postgresql://postgres@127.0.0.1:{self.port}/postgres",
                            "-Atc", query], capture_output=True, text=True, cwd="/")
        return r.stdout.strip() if r.returncode == 0 else ""

    def stop(self):
        if self.dir is None:
            return
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "-s", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
