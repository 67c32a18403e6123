"""Real services for the black-box tests: a PostgreSQL of their own and nginx in front."""
import os
import shutil
import signal
import subprocess
import tempfile

from harness import free_port

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))


class Postgres:
    """A throw-away PostgreSQL (scripts/start-postgres.sh) that a test may stop and restart."""

    def __init__(self, *databases):
        self.dir = tempfile.mkdtemp(prefix="matricula-pg-")
        self.port = free_port()
        subprocess.run([f"{ROOT}/scripts/start-postgres.sh", self.dir, str(self.port), *databases], check=True,
                       capture_output=True)

    def url(self, database):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def pg_ctl(self, *args):
        binary = sorted(os.listdir("/usr/lib/postgresql"))[-1]
        command = [f"/usr/lib/postgresql/{binary}/bin/pg_ctl", "-D", f"{self.dir}/data", *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def stop_server(self):
        self.pg_ctl("-m", "fast", "-w", "stop")

    def start_server(self):
        self.pg_ctl("-w", "-l", f"{self.dir}/server.log",
                    "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def freeze(self):
        """Stops every process of the server (SIGSTOP): connections stay open and nothing answers,
        as with a hung server or a machine gone without a word."""
        with open(f"{self.dir}/data/postmaster.pid") as f:
            main = int(f.readline())
        os.kill(main, signal.SIGSTOP)  # first, so that it starts no new process meanwhile
        self.frozen = [main, *self._children(main)]
        for pid in self.frozen[1:]:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in reversed(self.frozen):
            os.kill(pid, signal.SIGCONT)

    @staticmethod
    def _children(parent):
        children = []
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == parent:
                children.append(int(entry))
        return children

    def stop(self):
        subprocess.run([f"{ROOT}/scripts/stop-postgres.sh", self.dir], capture_output=True)


class Nginx:
    """Debian's nginx as a round-robin load balancer in front of `backends` (ports)."""

    def __init__(self, backends, port=None):
        self.dir = tempfile.mkdtemp(prefix="matricula-nginx-")
        self.port = port or free_port()
        upstream = "\n".join(f"    server 127.0.0.1:{p};" for p in backends)
        with open(f"{self.dir}/nginx.conf", "w") as f:
            f.write(f"""
daemon off;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  upstream matricula {{
{upstream}
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://matricula;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
""")
        self.process = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", f"{self.dir}/nginx.conf",
                                         "-p", self.dir], stderr=subprocess.DEVNULL)
        import socket
        import time
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)
