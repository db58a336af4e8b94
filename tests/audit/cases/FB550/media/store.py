import os

UPLOADS = "/srv/uploads"


def store(upload, name):
    upload.save(os.path.join(UPLOADS, name))  # expect: FB550


def store_random(upload):
    import uuid

    upload.save(os.path.join(UPLOADS, uuid.uuid4().hex))
