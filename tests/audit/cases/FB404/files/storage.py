import os
import shutil

BASE = "/srv/data"


def read_document(name):
    with open(os.path.join(BASE, name)) as fh:  # expect: FB404
        return fh.read()


def remove(name):
    os.remove(BASE + "/" + name)  # expect: FB404


def read_clean(name):
    name = os.path.basename(name)
    with open(os.path.join(BASE, name)) as fh:
        return fh.read()


def archive(src):
    shutil.copy(src, "/srv/archive/")  # expect: FB404
