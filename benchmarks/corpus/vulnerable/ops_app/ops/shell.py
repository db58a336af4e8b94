import os
import subprocess


def ping(host):
    return os.system(f"ping -c 1 {host}")  # expect: FB406


def lookup(domain):
    return subprocess.check_output("nslookup " + domain, shell=True, text=True)  # expect: FB406


def archive(folder):
    cmd = "tar czf /tmp/backup.tgz %s" % folder
    proc = subprocess.run(cmd, shell=True, capture_output=True)  # expect: FB406
    return proc.returncode
