import ipaddress
import re
import subprocess

HOSTNAME = re.compile(r"^[A-Za-z0-9.-]{1,253}$")


def ping(host):
    address = str(ipaddress.ip_address(host))
    return subprocess.run(["ping", "-c", "1", address], check=False).returncode  # ok: FB406


def lookup(domain):
    if not HOSTNAME.fullmatch(domain):
        raise ValueError("not a host name")
    return subprocess.check_output(["nslookup", "--", domain], text=True)  # ok: FB406


def archive(folder):
    proc = subprocess.run(["tar", "czf", "/tmp/backup.tgz", "--", folder], capture_output=True)  # ok: FB406
    return proc.returncode
