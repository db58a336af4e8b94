import subprocess


def ping(host):
    return subprocess.check_output("ping -c 1 " + host, shell=True)  # expect: FB406


def ping_safe(host):
    return subprocess.check_output(["ping", "-c", "1", host])
